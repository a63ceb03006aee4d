package streams_test

import (
	"sync"
	"testing"
	"testing/synctest"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

func TestSubjectLateSubscriberSeesOnlyLaterValues(t *testing.T) {
	s := streams.NewSubject()
	s.Next("nobody listens")
	a, _ := observe(t, s.Observable())
	s.Next(1)
	b, _ := observe(t, s.Observable())
	s.Next(2)
	s.Complete()
	gotA, err := drain(t, a)
	require.NoError(t, err)
	require.Equal(t, ints(1, 2), gotA)
	gotB, err := drain(t, b)
	require.NoError(t, err)
	require.Equal(t, ints(2), gotB)
}

func TestSubjectSlowSubscriberDoesNotBlockOthers(t *testing.T) {
	const n = 1000
	s := streams.NewSubject()
	slow, _ := observe(t, s.Observable()) // never read until the end
	fast, _ := observe(t, s.Observable())
	for i := range n {
		s.Next(i) // must not block on slow
	}
	for i := range n {
		requireValue(t, fast, i)
	}
	s.Complete()
	requireClosed(t, fast)
	// The slow one has lost nothing either.
	got, err := drain(t, slow)
	require.NoError(t, err)
	require.Len(t, got, n)
}

func TestSubjectUnsubscribingOneLeavesTheOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := streams.NewSubject()
		a, cancelA := observe(t, s.Observable())
		b, _ := observe(t, s.Observable())
		s.Next(1)
		requireValue(t, a, 1)
		requireValue(t, b, 1)
		cancelA()
		requireClosed(t, a)
		s.Next(2)
		requireValue(t, b, 2)
		s.Complete()
		requireClosed(t, b)
	})
}

func TestSubjectTerminalEvents(t *testing.T) {
	tests := []struct {
		name    string
		end     func(s *streams.Subject)
		wantErr error
	}{
		{name: "complete", end: func(s *streams.Subject) { s.Complete() }},
		{name: "error", end: func(s *streams.Subject) { s.Error(errBoom) }, wantErr: errBoom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := streams.NewSubject()
			current, _ := observe(t, s.Observable())
			s.Next(1)
			tt.end(s)
			// Everything after the end is ignored.
			s.Next(2)
			s.Error(errBoom)
			s.Complete()
			late, _ := observe(t, s.Observable())
			for _, c := range []struct {
				ch   <-chan rxgo.Item
				want []any
			}{{current, ints(1)}, {late, nil}} {
				got, err := drain(t, c.ch)
				require.Equal(t, c.want, got)
				if tt.wantErr != nil {
					require.ErrorIs(t, err, tt.wantErr)
				} else {
					require.NoError(t, err)
				}
			}
		})
	}
}

func TestSubjectConcurrentNextKeepsEachProducersOrder(t *testing.T) {
	const producers, each = 4, 200
	s := streams.NewSubject()
	subs := make([]<-chan rxgo.Item, 3)
	for i := range subs {
		subs[i], _ = observe(t, s.Observable())
	}
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for i := range each {
				s.Next([2]int{p, i})
			}
		})
	}
	wg.Wait()
	s.Complete()
	var first []any
	for i, ch := range subs {
		got, err := drain(t, ch)
		require.NoError(t, err)
		require.Len(t, got, producers*each)
		next := make([]int, producers)
		for _, v := range got {
			pi := v.([2]int)
			require.Equal(t, next[pi[0]], pi[1], "producer %d out of order", pi[0])
			next[pi[0]]++
		}
		if i == 0 {
			first = got
		} else {
			require.Equal(t, first, got, "every subscriber sees the same order")
		}
	}
}

func TestSubjectSubscribesInsideObserve(t *testing.T) {
	// Subscribe, then trigger: the value pushed right after Observe
	// returns is never missed, whichever way the subject is observed.
	for range 100 {
		s := streams.NewSubject()
		ch := s.Observable().Observe() // plain rxgo, no context
		s.Next(1)
		s.Complete()
		requireValue(t, ch, 1)
		requireClosed(t, ch)
	}
}

func TestBehaviorSubject(t *testing.T) {
	b := streams.NewBehaviorSubject("initial")
	requireBehaviorValue(t, b, "initial")

	a, _ := observe(t, b.Observable())
	requireValue(t, a, "initial")
	b.Next("second")
	requireBehaviorValue(t, b, "second")
	requireValue(t, a, "second")

	late, _ := observe(t, b.Observable())
	requireValue(t, late, "second") // the current value, then what follows
	b.Next("third")
	requireValue(t, a, "third")
	requireValue(t, late, "third")

	b.Complete()
	requireClosed(t, a)
	requireClosed(t, late)
	requireBehaviorValue(t, b, "third")

	after, _ := observe(t, b.Observable())
	requireClosed(t, after) // only the terminal event
}

func TestBehaviorSubjectErrorReachesLateSubscribers(t *testing.T) {
	b := streams.NewBehaviorSubject(0)
	b.Error(errBoom)
	got, err := drain(t, mustObserve(t, b.Observable()))
	require.Empty(t, got)
	require.ErrorIs(t, err, errBoom)
}

func TestReplaySubject(t *testing.T) {
	tests := []struct {
		name    string
		end     func(r *streams.ReplaySubject)
		wantErr error
	}{
		{name: "complete", end: func(r *streams.ReplaySubject) { r.Complete() }},
		{name: "error", end: func(r *streams.ReplaySubject) { r.Error(errBoom) }, wantErr: errBoom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := streams.NewReplaySubject(2, 0)
			empty, _ := observe(t, r.Observable())
			r.Next(1)
			one, _ := observe(t, r.Observable())
			r.Next(2)
			r.Next(3)
			two, _ := observe(t, r.Observable())
			r.Next(4)
			tt.end(r)
			after, _ := observe(t, r.Observable())
			for _, c := range []struct {
				name string
				ch   <-chan rxgo.Item
				want []any
			}{
				{"before any value", empty, ints(1, 2, 3, 4)},
				{"after one", one, ints(1, 2, 3, 4)},
				{"after three", two, ints(2, 3, 4)},
				{"after the end", after, ints(3, 4)},
			} {
				got, err := drain(t, c.ch)
				require.Equal(t, c.want, got, c.name)
				if tt.wantErr != nil {
					require.ErrorIs(t, err, tt.wantErr, c.name)
				} else {
					require.NoError(t, err, c.name)
				}
			}
		})
	}
}

func TestReplaySubjectOfOne(t *testing.T) {
	r := streams.NewReplaySubject(1, 0)
	for i := range 5 {
		r.Next(i)
	}
	ch, cancel := observe(t, r.Observable())
	requireValue(t, ch, 4)
	cancel()
	requireClosed(t, ch)
}

func requireBehaviorValue(t *testing.T, b *streams.BehaviorSubject, want any) {
	t.Helper()
	v, err := b.Value()
	require.NoError(t, err)
	require.Equal(t, want, v)
}

// Value moves in the order subscribers are handed values: a subscriber
// reading it while it handles v reads v, even when another subscriber's
// reaction to v has pushed a value that is still queued. (Setting the
// value apart from the push let concurrent Next calls leave Value and a
// new subscriber's first value different for good.)
func TestBehaviorSubjectValueFollowsTheDeliveries(t *testing.T) {
	b := streams.NewBehaviorSubject(0)
	pushOn := streams.Tap(streams.TapObserver{Next: func(v any) {
		if v == 1 {
			b.Next(2)
		}
	}})
	var read [][2]any
	readValue := streams.Tap(streams.TapObserver{Next: func(v any) {
		cur, _ := b.Value()
		read = append(read, [2]any{v, cur})
	}})
	first := streams.Subscribe(t.Context(), streams.Pipe(b.Observable(), pushOn), streams.Observer{})
	second := streams.Subscribe(t.Context(), streams.Pipe(b.Observable(), readValue), streams.Observer{})
	b.Next(1)
	b.Complete()
	first.Wait()
	second.Wait()
	require.Equal(t, [][2]any{{0, 0}, {1, 1}, {2, 2}}, read)
	v, err := b.Value()
	require.NoError(t, err)
	require.Equal(t, 2, v)
}
