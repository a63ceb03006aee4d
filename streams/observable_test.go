package streams_test

import (
	"context"
	"testing"
	"testing/synctest"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

func TestObserveWithRxgoContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProbe()
		ctx, cancel := context.WithCancel(t.Context())
		ch := streams.Pipe(p.wrap(streams.Merge(streams.Of(1), streams.Never())), streams.Map(func(v int) int { return v + 1 })).
			Observe(rxgo.WithContext(ctx))
		require.Equal(t, 1, p.subscriptions(), "subscribed inside Observe")
		requireValue(t, ch, 2)
		cancel()
		requireClosed(t, ch)
		settle()
		require.Zero(t, p.active())
	})
}

func TestObserveWithSeveralRxgoOptions(t *testing.T) {
	ch := streams.Of(1, 2, 3).Observe(rxgo.WithContext(testContext(t)), rxgo.WithBufferedChannel(3))
	require.Equal(t, 3, cap(ch))
	got, err := drain(t, ch)
	require.NoError(t, err)
	require.Equal(t, ints(1, 2, 3), got)
}

func TestObserveWithoutOptions(t *testing.T) {
	got, err := drain(t, streams.Pipe(streams.Of(1, 2, 3), streams.Take(2)).Observe())
	require.NoError(t, err)
	require.Equal(t, ints(1, 2), got)
}

func TestRxgoOperatorsChainOnOurObservables(t *testing.T) {
	double := func(_ context.Context, v any) (any, error) { return v.(int) * 2, nil }
	t.Run("on a source", func(t *testing.T) {
		obs := streams.Of(1, 2, 3).Map(double).Filter(func(v any) bool { return v.(int) > 2 })
		got, err := drain(t, mustObserve(t, obs))
		require.NoError(t, err)
		require.Equal(t, ints(4, 6), got)
	})
	t.Run("on an operator, twice", func(t *testing.T) {
		obs := streams.Pipe(streams.Of(1, 2, 3), streams.Take(2)).Map(double)
		for range 2 {
			got, err := drain(t, mustObserve(t, obs))
			require.NoError(t, err)
			require.Equal(t, ints(2, 4), got)
		}
	})
	t.Run("on a subject, torn down by the context", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := newProbe()
			s := streams.NewSubject()
			ch, cancel := observe(t, p.wrap(s.Observable()).Map(double))
			settle() // rxgo subscribes from a goroutine of its own
			s.Next(5)
			requireValue(t, ch, 10)
			cancel()
			requireClosed(t, ch)
			settle()
			require.Zero(t, p.active())
		})
	})
	t.Run("and ours on theirs", func(t *testing.T) {
		obs := streams.Pipe(streams.Of(1, 2, 3).Map(double), streams.Map(func(v int) int { return v + 1 }))
		got, err := collect(t, obs)
		require.NoError(t, err)
		require.Equal(t, ints(3, 5, 7), got)
	})
}

func TestRxgoTerminalMethodsOnOurObservables(t *testing.T) {
	ctx := rxgo.WithContext(testContext(t))
	src := streams.Pipe(streams.Of(1, 2, 3, 4), streams.Take(3))

	all, err := src.ToSlice(0, ctx)
	require.NoError(t, err)
	require.Equal(t, ints(1, 2, 3), all)

	count, err := src.Count(ctx).Get()
	require.NoError(t, err)
	require.Equal(t, int64(3), count.V)

	first, err := src.First(ctx).Get()
	require.NoError(t, err)
	require.Equal(t, 1, first.V)

	sum, err := src.SumInt64(ctx).Get()
	require.NoError(t, err)
	require.Equal(t, int64(6), sum.V)

	require.ErrorIs(t, streams.Throw(errBoom).Error(ctx), errBoom)
	require.NoError(t, src.Error(ctx))
}

func TestOurOperatorsOnRxgoSources(t *testing.T) {
	got, err := collect(t, streams.Pipe(rxgo.Range(0, 10), streams.Filter(func(v int) bool { return v%3 == 0 }), streams.Take(3)))
	require.NoError(t, err)
	require.Equal(t, ints(0, 3, 6), got)

	got, err = collect(t, streams.Pipe(rxgo.Just(1, "a", 2)(), streams.OfType[int]()))
	require.NoError(t, err)
	require.Equal(t, ints(1, 2), got)
}

func TestPanicWhileSubscribingFailsTheStream(t *testing.T) {
	op := streams.DeriveContext(func(context.Context) context.Context { panic("cannot derive") })
	_, err := collect(t, streams.Pipe(streams.Of(1), op))
	var pe *streams.PanicError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "DeriveContext", pe.Op)
	require.Equal(t, "cannot derive", pe.Value)
}
