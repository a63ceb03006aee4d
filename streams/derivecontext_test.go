package streams_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

func TestDeriveContextHandsTheSourceAValue(t *testing.T) {
	src := streams.Defer(func(ctx context.Context) rxgo.Observable {
		return streams.Of(ctx.Value(ctxKey{}))
	})
	op := streams.DeriveContext(func(ctx context.Context) context.Context {
		return context.WithValue(ctx, ctxKey{}, "generation 7")
	})
	for range 2 {
		got, err := collect(t, streams.Pipe(src, op))
		require.NoError(t, err)
		require.Equal(t, []any{"generation 7"}, got)
	}
}

func TestDeriveContextDeadlineFailsTheStream(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProbe()
		op := streams.DeriveContext(func(ctx context.Context) context.Context {
			ctx, cancel := context.WithTimeout(ctx, 30*ms)
			context.AfterFunc(ctx, cancel) // released when either ends
			return ctx
		})
		wait := timeline(t, streams.Pipe(p.wrap(streams.Merge(schedule(10*ms, 1), streams.Never())), op))
		requireTimeline(t, []event{value(10*ms, 1), failure(30*ms, context.DeadlineExceeded), end(30 * ms)}, wait())
		settle()
		require.Zero(t, p.active())
	})
}

func TestDeriveContextUnsubscribeReachesTheSource(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProbe()
		op := streams.DeriveContext(func(ctx context.Context) context.Context {
			return context.WithValue(ctx, ctxKey{}, 1)
		})
		start := time.Now()
		ch, cancel := observe(t, streams.Pipe(p.wrap(streams.Never()), op))
		time.Sleep(time.Second)
		cancel()
		requireClosed(t, ch) // completes quietly: the subscription ended, not the derived context
		settle()
		require.Zero(t, p.active())
		require.Equal(t, time.Second, time.Since(start))
	})
}
