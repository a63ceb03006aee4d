package streams_test

import (
	"context"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

func TestIifChoosesOnEachSubscription(t *testing.T) {
	obs := streams.Iif(func(ctx context.Context) bool { return ctx.Value(ctxKey{}) != nil }, streams.Of("yes"), streams.Of("no"))
	got, err := streams.Collect(context.WithValue(testContext(t), ctxKey{}, 1), obs)
	require.NoError(t, err)
	require.Equal(t, []any{"yes"}, got)
	got, err = collect(t, obs)
	require.NoError(t, err)
	require.Equal(t, []any{"no"}, got)
}

func TestIifConditionPanicFailsTheSubscription(t *testing.T) {
	_, err := collect(t, streams.Iif(func(context.Context) bool { panic("undecided") }, streams.Of(1), streams.Of(2)))
	var pe *streams.PanicError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "undecided", pe.Value)
	require.Equal(t, "Iif", pe.Op)
}

func TestIifStopsAChoiceThatDoesNotEndClean(t *testing.T) {
	p := newProbe()
	got, err := streams.Collect(context.Background(), streams.Iif(func(context.Context) bool { return true }, p.wrap(streams.Of(1)), streams.Never()))
	require.NoError(t, err)
	require.Equal(t, ints(1), got)
	p.waitEnded(t, 1)
	require.Zero(t, p.active())
}

func TestIifUnsubscribeReachesTheChoice(t *testing.T) {
	p := newProbe()
	ch, cancel := observe(t, streams.Iif(func(context.Context) bool { return false }, streams.Of(1), p.wrap(streams.Never())))
	require.Equal(t, 1, p.subscriptions())
	cancel()
	requireClosed(t, ch)
	p.waitEnded(t, 1)
}
