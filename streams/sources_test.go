package streams_test

import (
	"context"
	"errors"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errBoom = errors.New("boom")

func TestFiniteSources(t *testing.T) {
	tests := []struct {
		name    string
		src     rxgo.Observable
		want    []any
		wantErr error
	}{
		{name: "Of emits its values in order", src: streams.Of(1, "two", 3.0), want: []any{1, "two", 3.0}},
		{name: "Of with no values completes", src: streams.Of()},
		{name: "Of passes nil values on", src: streams.Of(nil, 1), want: []any{nil, 1}},
		{name: "Empty completes", src: streams.Empty()},
		{name: "Throw fails", src: streams.Throw(errBoom), wantErr: errBoom},
		{name: "Merge of nothing completes", src: streams.Merge()},
		{name: "Merge of one source mirrors it", src: streams.Merge(streams.Of(1, 2)), want: ints(1, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Twice: every subscription replays the source from the start.
			for range 2 {
				got, err := drain(t, mustObserve(t, tt.src))
				require.ErrorIs(t, err, tt.wantErr)
				if tt.wantErr == nil {
					require.NoError(t, err)
				}
				require.Equal(t, tt.want, got)
			}
		})
	}
}

// mustObserve subscribes with a test context and returns the channel.
func mustObserve(t *testing.T, obs rxgo.Observable) <-chan rxgo.Item {
	t.Helper()
	ch, _ := observe(t, obs)
	return ch
}

func TestNeverEndsOnlyWhenUnsubscribed(t *testing.T) {
	p := newProbe()
	ch, cancel := observe(t, p.wrap(streams.Never()))
	require.Equal(t, 1, p.subscriptions())
	select {
	case item := <-ch:
		require.FailNow(t, "Never emitted", "%+v", item)
	default:
	}
	cancel()
	requireClosed(t, ch)
	p.waitEnded(t, 1)
}

func TestOfStopsWhenUnsubscribed(t *testing.T) {
	ch, cancel := observe(t, streams.Of(1, 2, 3))
	requireValue(t, ch, 1)
	cancel()
	// The value in flight may still come; the stream must end either way.
	_, err := drain(t, ch)
	require.NoError(t, err)
}

type ctxKey struct{}

func TestDeferCallsFactoryPerSubscriptionWithItsContext(t *testing.T) {
	var seen []any
	src := streams.Defer(func(ctx context.Context) rxgo.Observable {
		seen = append(seen, ctx.Value(ctxKey{}))
		return streams.Of(len(seen))
	})
	require.Empty(t, seen, "the factory ran before anyone subscribed")

	for i, user := range []string{"ann", "bob"} {
		ctx := context.WithValue(testContext(t), ctxKey{}, user)
		// The value must get through operators too.
		got, err := streams.Collect(ctx, streams.Pipe(src, streams.Map(func(n int) int { return n * 10 }), streams.Take(5)))
		require.NoError(t, err)
		require.Equal(t, ints((i+1)*10), got)
	}
	require.Equal(t, []any{"ann", "bob"}, seen)
}

func TestDeferContextEndsWithTheSubscription(t *testing.T) {
	var factoryCtx context.Context
	src := streams.Defer(func(ctx context.Context) rxgo.Observable {
		factoryCtx = ctx
		return streams.Never()
	})
	ch, cancel := observe(t, src)
	require.NotNil(t, factoryCtx, "Defer must subscribe inside Observe")
	require.NoError(t, factoryCtx.Err())
	cancel()
	requireClosed(t, ch)
	waitFor(t, factoryCtx.Done(), "the factory context to end")
}

func TestDeferFactoryFailures(t *testing.T) {
	t.Run("nil observable", func(t *testing.T) {
		_, err := collect(t, streams.Defer(func(context.Context) rxgo.Observable { return nil }))
		require.EqualError(t, err, "streams.Defer: factory returned a nil observable")
	})
	t.Run("panic", func(t *testing.T) {
		_, err := collect(t, streams.Defer(func(context.Context) rxgo.Observable { panic(errBoom) }))
		var pe *streams.PanicError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "Defer", pe.Op)
		assert.ErrorIs(t, err, errBoom, "a panic with an error unwraps to it")
		assert.NotEmpty(t, pe.Stack)
	})
	t.Run("panic with a non-error", func(t *testing.T) {
		_, err := collect(t, streams.Defer(func(context.Context) rxgo.Observable { panic("oops") }))
		var pe *streams.PanicError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "oops", pe.Value)
		assert.EqualError(t, err, "streams: panic in Defer: oops")
	})
	t.Run("error from the deferred source", func(t *testing.T) {
		got, err := collect(t, streams.Defer(func(context.Context) rxgo.Observable {
			return streams.Merge(streams.Of(1), streams.Throw(errBoom))
		}))
		require.ErrorIs(t, err, errBoom)
		require.LessOrEqual(t, len(got), 1)
	})
}

func TestMergeIsLazy(t *testing.T) {
	a, b := newProbe(), newProbe()
	merged := streams.Merge(a.wrap(streams.Of(1)), b.wrap(streams.Of(2)))
	require.Zero(t, a.subscriptions()+b.subscriptions(), "Merge subscribed at construction")

	got, err := collect(t, merged)
	require.NoError(t, err)
	require.ElementsMatch(t, ints(1, 2), got)
	require.Equal(t, 1, a.subscriptions())
	require.Equal(t, 1, b.subscriptions())
}

func TestMergeEmitsAsItemsComeAndCompletesAfterAll(t *testing.T) {
	a, b := streams.NewSubject(), streams.NewSubject()
	ch, _ := observe(t, streams.Merge(a.Observable(), b.Observable()))
	a.Next("a1")
	requireValue(t, ch, "a1")
	b.Next("b1")
	requireValue(t, ch, "b1")
	a.Complete()
	b.Next("b2")
	requireValue(t, ch, "b2")
	b.Complete()
	requireClosed(t, ch)
}

func TestMergeErrorCancelsTheOthers(t *testing.T) {
	p := newProbe()
	fail := streams.NewSubject()
	ch, _ := observe(t, streams.Merge(p.wrap(streams.Never()), fail.Observable()))
	fail.Error(errBoom)
	requireError(t, ch, errBoom)
	requireClosed(t, ch)
	p.waitEnded(t, 1)
}

func TestMergeUnsubscribeCancelsEverySource(t *testing.T) {
	p := newProbe()
	ch, cancel := observe(t, streams.Merge(p.wrap(streams.Never()), p.wrap(streams.Never()), p.wrap(streams.Never())))
	require.Equal(t, 3, p.subscriptions())
	cancel()
	requireClosed(t, ch)
	p.waitEnded(t, 3)
}

func TestFromFunc(t *testing.T) {
	t.Run("value per subscription", func(t *testing.T) {
		calls := 0
		src := streams.FromFunc(func(ctx context.Context) (any, error) {
			calls++
			return ctx.Value(ctxKey{}), nil
		})
		require.Zero(t, calls)
		for _, user := range []string{"ann", "bob"} {
			got, err := streams.Collect(context.WithValue(testContext(t), ctxKey{}, user), src)
			require.NoError(t, err)
			require.Equal(t, []any{user}, got)
		}
		require.Equal(t, 2, calls)
	})
	t.Run("error", func(t *testing.T) {
		got, err := collect(t, streams.FromFunc(func(context.Context) (any, error) { return 1, errBoom }))
		require.ErrorIs(t, err, errBoom)
		require.Empty(t, got)
	})
	t.Run("panic", func(t *testing.T) {
		_, err := collect(t, streams.FromFunc(func(context.Context) (any, error) { panic("oops") }))
		var pe *streams.PanicError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, "FromFunc", pe.Op)
	})
	t.Run("unsubscribing cancels the function's context", func(t *testing.T) {
		started, cancelled := make(chan struct{}), make(chan struct{})
		src := streams.FromFunc(func(ctx context.Context) (any, error) {
			close(started)
			<-ctx.Done()
			close(cancelled)
			return nil, ctx.Err()
		})
		ch, cancel := observe(t, src)
		waitFor(t, started, "fn to start")
		cancel()
		waitFor(t, cancelled, "fn's context to be cancelled")
		// fn's answer races with the end of the subscription: it may or
		// may not be delivered, but the stream must end.
		_, err := drain(t, ch)
		if err != nil {
			require.ErrorIs(t, err, context.Canceled)
		}
	})
}
