package streams_test

import (
	"context"
	"runtime"
	"testing"
	"testing/synctest"
	"time"
	"weak"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// A subscriber that joins a Share while the first is still subscribing to
// the source returns only once the source is subscribed, so a value pushed
// after it returns reaches it.
func TestShareJoinerWaitsForTheConnection(t *testing.T) {
	s := streams.NewSubject()
	connecting, release := make(chan struct{}), make(chan struct{})
	shared := streams.Pipe(streams.Defer(func(context.Context) rxgo.Observable {
		close(connecting)
		<-release
		return s.Observable()
	}), streams.Share())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	firstIn := make(chan (<-chan rxgo.Item))
	go func() { firstIn <- shared.Observe(rxgo.WithContext(ctx)) }()
	<-connecting
	secondIn := make(chan (<-chan rxgo.Item))
	go func() { secondIn <- shared.Observe(rxgo.WithContext(ctx)) }()
	select {
	case <-secondIn:
		t.Fatal("the second subscriber returned before the source was subscribed")
	case <-time.After(20 * time.Millisecond):
	}
	close(release)
	first, second := <-firstIn, <-secondIn
	s.Next("after both subscribed")
	require.Equal(t, "after both subscribed", (<-first).V)
	require.Equal(t, "after both subscribed", (<-second).V)
}

// Take ends its stream once, even when its source completes right after
// the n-th value, before it sees the cancellation: Merge counts
// completions, and a second one would end it early.
func TestTakeEndsOnce(t *testing.T) {
	s := streams.NewSubject()
	other := streams.NewSubject()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	// This subscriber, served first, completes the subject while the value
	// is being delivered: the completion reaches Take's subscription right
	// after the value it stops at.
	trigger := streams.Pipe(s.Observable(), streams.Map(func(v int) any { s.Complete(); return v }))
	trigger.Observe(rxgo.WithContext(ctx))
	merged := streams.Merge(streams.Pipe(s.Observable(), streams.Take(1)), other.Observable())
	in := merged.Observe(rxgo.WithContext(ctx))

	s.Next(1)
	other.Next(2)
	other.Complete()
	var got []any
	for item := range in {
		got = append(got, item.V)
	}
	require.Equal(t, []any{1, 2}, got)
}

// A FromFunc's function may start work with its context that outlives it
// (a side subscription): Collect must end it when the stream ends.
func TestCollectEndsWhatAFromFuncLeftRunning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var side *streams.Subscription
		obs := streams.FromFunc(func(ctx context.Context) (any, error) {
			side = streams.Subscribe(ctx, blockUntilCancelled(), streams.Observer{})
			return 1, nil
		})
		got, err := streams.Collect(context.Background(), obs)
		require.NoError(t, err)
		require.Equal(t, ints(1), got)
		side.Wait()
	})
}

// The same work started by a FromFunc that CatchError's handler returned:
// Collect must still return at the end.
func TestCollectEndsAFallbacksSideWork(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var side *streams.Subscription
		second := streams.FromFunc(func(ctx context.Context) (any, error) {
			time.Sleep(time.Millisecond) // Collect is waiting by now
			side = streams.Subscribe(ctx, blockUntilCancelled(), streams.Observer{})
			return 1, nil
		})
		obs := streams.Pipe(
			streams.FromFunc(func(context.Context) (any, error) { return nil, errBoom }),
			streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return second }),
		)
		got, err := streams.Collect(context.Background(), obs)
		require.NoError(t, err)
		require.Equal(t, ints(1), got)
		side.Wait()
	})
}

// A deadline DeriveContext's derive sets is released when the stream
// ends, not when it passes.
func TestDeriveContextsDeadlineEndsWithTheStream(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var derived context.Context
		op := streams.DeriveContext(func(ctx context.Context) context.Context {
			d, cancel := context.WithTimeout(ctx, time.Hour)
			context.AfterFunc(d, cancel)
			derived = d
			return d
		})
		got, err := streams.Collect(context.Background(), streams.Pipe(streams.FromFunc(func(context.Context) (any, error) { return 1, nil }), op))
		require.NoError(t, err)
		require.Equal(t, ints(1), got)
		require.Error(t, derived.Err())
	})
}

type bigValue struct{ _ [1 << 20]byte }

type bigKey struct{}

// A CatchError observable kept for reuse (a request pipeline
// built once and subscribed per call) must not keep its first
// subscription's context, and what that context holds, alive after the
// subscription ended.
func TestRecoveringOperatorsDoNotKeepTheirFirstSubscriptionAlive(t *testing.T) {
	for name, op := range map[string]streams.Operator{
		"CatchError": streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable { return streams.Throw(err) }),
	} {
		t.Run(name, func(t *testing.T) {
			obs := streams.Pipe(streams.FromFunc(func(ctx context.Context) (any, error) { return 1, nil }), op)
			big := &bigValue{}
			w := weak.Make(big)
			ctx := context.WithValue(context.Background(), bigKey{}, big)
			_, err := streams.Collect(ctx, obs)
			require.NoError(t, err)
			big, ctx = nil, nil
			_ = ctx
			runtime.GC()
			runtime.GC()
			require.True(t, w.Value() == nil, "the first subscription's context is still reachable from the observable")
			runtime.KeepAlive(obs)
		})
	}
}

// blockUntilCancelled is a stream that ends only with its subscription.
func blockUntilCancelled() rxgo.Observable {
	return streams.FromFunc(func(ctx context.Context) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
}
