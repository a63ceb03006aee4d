package streams_test

import (
	"context"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

func TestTake(t *testing.T) {
	tests := []struct {
		name    string
		src     rxgo.Observable
		n       int
		want    []any
		wantErr error
	}{
		{name: "fewer than the source has", src: streams.Of(1, 2, 3, 4), n: 2, want: ints(1, 2)},
		{name: "exactly what the source has", src: streams.Of(1, 2), n: 2, want: ints(1, 2)},
		{name: "more than the source has", src: streams.Of(1, 2), n: 5, want: ints(1, 2)},
		{name: "from an endless source", src: endless(), n: 3, want: ints(0, 1, 2)},
		{name: "zero", src: streams.Of(1, 2), n: 0},
		{name: "error first", src: streams.Throw(errBoom), n: 2, wantErr: errBoom},
		{name: "error after n is never seen", src: emit(1, 2, errBoom), n: 2, want: ints(1, 2)},
		{name: "error at n", src: emit(1, errBoom), n: 2, want: ints(1), wantErr: errBoom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := drain(t, mustObserve(t, streams.Pipe(tt.src, streams.Take(tt.n))))
			require.Equal(t, tt.want, got)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
		})
	}
}

// endless is a lazy source of 0, 1, 2... that runs until unsubscribed.
func endless() rxgo.Observable {
	return rxgo.Defer([]rxgo.Producer{func(ctx context.Context, next chan<- rxgo.Item) {
		for i := 0; ; i++ {
			select {
			case next <- rxgo.Of(i):
			case <-ctx.Done():
				return
			}
		}
	}})
}

func TestTakeCompletesAtTheNthItemWithoutWaitingForAnother(t *testing.T) {
	for _, n := range []int{1, 3} {
		p := newProbe()
		s := streams.NewSubject()
		ch, _ := observe(t, streams.Pipe(p.wrap(s.Observable()), streams.Take(n)))
		for i := range n {
			s.Next(i) // and never anything more
			requireValue(t, ch, i)
		}
		requireClosed(t, ch)
		p.waitEnded(t, 1)
	}
}

func TestTakeZeroDoesNotSubscribe(t *testing.T) {
	p := newProbe()
	got, err := collect(t, streams.Pipe(p.wrap(streams.Never()), streams.Take(0)))
	require.NoError(t, err)
	require.Empty(t, got)
	require.Zero(t, p.subscriptions())
}

func TestTakeUnsubscribeCancelsSource(t *testing.T) {
	p := newProbe()
	ch, cancel := observe(t, streams.Pipe(p.wrap(streams.Never()), streams.Take(1)))
	cancel()
	requireClosed(t, ch)
	p.waitEnded(t, 1)
}

func TestFirst(t *testing.T) {
	tests := []struct {
		name    string
		src     rxgo.Observable
		want    []any
		wantErr error
	}{
		{name: "first of many", src: streams.Of(7, 8, 9), want: ints(7)},
		{name: "from an endless source", src: endless(), want: ints(0)},
		{name: "empty", src: streams.Empty(), wantErr: streams.ErrEmpty},
		{name: "error", src: streams.Throw(errBoom), wantErr: errBoom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := drain(t, mustObserve(t, streams.Pipe(tt.src, streams.First())))
			require.Equal(t, tt.want, got)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
		})
	}
}

func TestFirstCompletesAtOnceAndCancelsSource(t *testing.T) {
	p := newProbe()
	s := streams.NewSubject()
	ch, _ := observe(t, streams.Pipe(p.wrap(s.Observable()), streams.First()))
	s.Next("only")
	requireValue(t, ch, "only")
	requireClosed(t, ch)
	p.waitEnded(t, 1)
}

func TestTakeUntilSubscribesToNotifierFirst(t *testing.T) {
	var order []string
	src := streams.Defer(func(context.Context) rxgo.Observable {
		order = append(order, "source")
		return streams.Never()
	})
	notifier := streams.Defer(func(context.Context) rxgo.Observable {
		order = append(order, "notifier")
		return streams.Never()
	})
	ch, cancel := observe(t, streams.Pipe(src, streams.TakeUntil(notifier)))
	require.Equal(t, []string{"notifier", "source"}, order)
	cancel()
	requireClosed(t, ch)
}

func TestTakeUntil(t *testing.T) {
	t.Run("mirrors the source until the notifier emits, then completes and unsubscribes both", func(t *testing.T) {
		srcProbe, stopProbe := newProbe(), newProbe()
		s, stop := streams.NewSubject(), streams.NewSubject()
		ch, _ := observe(t, streams.Pipe(srcProbe.wrap(s.Observable()), streams.TakeUntil(stopProbe.wrap(stop.Observable()))))
		s.Next(1)
		requireValue(t, ch, 1)
		s.Next(2)
		requireValue(t, ch, 2)
		stop.Next("now")
		requireClosed(t, ch)
		srcProbe.waitEnded(t, 1)
		stopProbe.waitEnded(t, 1)
	})
	t.Run("a notifier completing without a value changes nothing", func(t *testing.T) {
		s, stop := streams.NewSubject(), streams.NewSubject()
		ch, _ := observe(t, streams.Pipe(s.Observable(), streams.TakeUntil(stop.Observable())))
		s.Next(1)
		requireValue(t, ch, 1)
		stop.Complete()
		s.Next(2)
		requireValue(t, ch, 2)
		s.Complete()
		requireClosed(t, ch)
	})
	t.Run("a notifier error fails the stream", func(t *testing.T) {
		srcProbe := newProbe()
		s, stop := streams.NewSubject(), streams.NewSubject()
		ch, _ := observe(t, streams.Pipe(srcProbe.wrap(s.Observable()), streams.TakeUntil(stop.Observable())))
		s.Next(1)
		requireValue(t, ch, 1)
		stop.Error(errBoom)
		requireError(t, ch, errBoom)
		requireClosed(t, ch)
		srcProbe.waitEnded(t, 1)
	})
	t.Run("the source completing completes and unsubscribes the notifier", func(t *testing.T) {
		stopProbe := newProbe()
		got, err := collect(t, streams.Pipe(streams.Of(1, 2), streams.TakeUntil(stopProbe.wrap(streams.Never()))))
		require.NoError(t, err)
		require.Equal(t, ints(1, 2), got)
		stopProbe.waitEnded(t, 1)
	})
	t.Run("a source error passes through", func(t *testing.T) {
		got, err := collect(t, streams.Pipe(streams.Throw(errBoom), streams.TakeUntil(streams.Never())))
		require.ErrorIs(t, err, errBoom)
		require.Empty(t, got)
	})
	t.Run("a notifier that fired before any source value cuts everything", func(t *testing.T) {
		// The notifier holds its value before subscription; the source
		// emits only when told, after the notifier had its chance.
		stop := streams.NewBehaviorSubject("already")
		s := streams.NewSubject()
		ch, _ := observe(t, streams.Pipe(s.Observable(), streams.TakeUntil(stop.Observable())))
		requireClosed(t, ch)
	})
}
