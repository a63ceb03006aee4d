package streams_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

func TestShareOneSourceSubscriptionForManySubscribers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProbe()
		s := streams.NewSubject()
		shared := streams.Pipe(p.wrap(s.Observable()), streams.Share())
		require.Zero(t, p.subscriptions(), "Share connected before anyone subscribed")

		a, cancelA := observe(t, shared)
		b, cancelB := observe(t, shared)
		settle()
		require.Equal(t, 1, p.subscriptions())

		s.Next(1)
		requireValue(t, a, 1)
		requireValue(t, b, 1)

		c, cancelC := observe(t, shared)
		s.Next(2)
		requireValue(t, a, 2)
		requireValue(t, b, 2)
		requireValue(t, c, 2) // a late subscriber sees only what follows

		cancelA()
		requireClosed(t, a)
		s.Next(3)
		requireValue(t, b, 3)
		requireValue(t, c, 3)
		settle()
		require.Equal(t, 1, p.active(), "one subscriber leaving disconnected the others")

		cancelB()
		cancelC()
		requireClosed(t, b)
		requireClosed(t, c)
		settle()
		require.Zero(t, p.active(), "the last subscriber leaving must unsubscribe the source")

		// A new subscriber connects afresh.
		d, _ := observe(t, shared)
		settle()
		require.Equal(t, 2, p.subscriptions())
		s.Next(4)
		requireValue(t, d, 4)
		s.Complete()
		requireClosed(t, d)
	})
}

func TestShareResubscribesAfterTheSourceEnds(t *testing.T) {
	tests := []struct {
		name    string
		src     rxgo.Observable
		want    []any
		wantErr error
	}{
		{name: "completion", src: streams.Of(1, 2), want: ints(1, 2)},
		{name: "error", src: emit(1, errBoom), want: ints(1), wantErr: errBoom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProbe()
			shared := streams.Pipe(p.wrap(tt.src), streams.Share())
			for i := 1; i <= 3; i++ {
				got, err := collect(t, shared)
				require.Equal(t, tt.want, got)
				if tt.wantErr != nil {
					require.ErrorIs(t, err, tt.wantErr)
				} else {
					require.NoError(t, err)
				}
				require.Equal(t, i, p.subscriptions())
			}
		})
	}
}

func TestShareTerminalEventReachesEverySubscriber(t *testing.T) {
	for _, fail := range []bool{false, true} {
		s := streams.NewSubject()
		shared := streams.Pipe(s.Observable(), streams.Share())
		a, _ := observe(t, shared)
		b, _ := observe(t, shared)
		s.Next("x")
		if fail {
			s.Error(errBoom)
		} else {
			s.Complete()
		}
		for _, ch := range []<-chan rxgo.Item{a, b} {
			got, err := drain(t, ch)
			require.Equal(t, []any{"x"}, got)
			if fail {
				require.ErrorIs(t, err, errBoom)
			} else {
				require.NoError(t, err)
			}
		}
	}
}

func TestShareSourceSeesTheFirstSubscribersContextValues(t *testing.T) {
	var seen any
	src := streams.Defer(func(ctx context.Context) rxgo.Observable {
		seen = ctx.Value(ctxKey{})
		return streams.Of(1)
	})
	ctx := context.WithValue(testContext(t), ctxKey{}, "ann")
	got, err := streams.Collect(ctx, streams.Pipe(src, streams.Share()))
	require.NoError(t, err)
	require.Equal(t, ints(1), got)
	require.Equal(t, "ann", seen)
}

func TestShareConcurrentSubscribers(t *testing.T) {
	p := newProbe()
	s := streams.NewSubject()
	shared := streams.Pipe(p.wrap(s.Observable()), streams.Share())
	ctx := testContext(t)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			for range 20 {
				sub := streams.Subscribe(ctx, streams.Pipe(shared, streams.Take(1)), streams.Observer{})
				s.Next(0)
				sub.Wait()
			}
		})
	}
	wg.Wait()
	p.waitEnded(t, p.subscriptions())
	require.Zero(t, p.active())
}

// A subscriber joining from within the connecting call does not wait for
// the connection to be made, which would be waiting for itself. (A
// deadlock here ends the synctest bubble with a panic.)
func TestShareJoinedFromWithinTheConnection(t *testing.T) {
	t.Run("by the source itself", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var shared rxgo.Observable
			shared = streams.Pipe(streams.Defer(func(context.Context) rxgo.Observable {
				return streams.Merge(streams.Pipe(shared, streams.IgnoreElements()), streams.Of("a"))
			}), streams.Share())
			got, err := streams.Collect(t.Context(), streams.Pipe(shared, streams.Take(1)))
			require.NoError(t, err)
			require.Equal(t, []any{"a"}, got)
		})
	})
	t.Run("by a subscriber reacting to a value the source emits at once", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			shared := streams.Pipe(streams.Of(1, 2), streams.Share())
			pairs := streams.MergeMap(func(v int) rxgo.Observable {
				return streams.Pipe(shared, streams.Map(func(w int) []int { return []int{v, w} }))
			}, 0)
			got, err := streams.Collect(t.Context(), streams.Pipe(shared, pairs))
			require.NoError(t, err)
			require.Equal(t, []any{[]int{1, 2}}, got, "a joiner sees what comes after it joined")
		})
	})
}
