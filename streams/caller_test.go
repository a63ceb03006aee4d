package streams_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// onCollect reports whether the calling goroutine is inside
// streams.Collect.
func onCollect() bool {
	buf := make([]byte, 64<<10)
	return strings.Contains(string(buf[:runtime.Stack(buf, false)]), "streams.Collect(")
}

// where is a FromFunc that emits whether it ran on Collect's goroutine.
func where() func(context.Context) (any, error) {
	return func(context.Context) (any, error) { return onCollect(), nil }
}

func TestCollectRunsItsFunctionOnItsOwnGoroutine(t *testing.T) {
	got, err := collect(t, streams.FromFunc(where()))
	require.NoError(t, err)
	require.Equal(t, []any{true}, got)
}

func TestCollectRunsALaterFunctionWhileIdle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Subscribed from the timer's goroutine while Collect waits, as a
		// request retried after a token refresh is.
		later := streams.Pipe(streams.Timer(10*time.Millisecond), streams.SwitchMap(func(any) rxgo.Observable {
			return streams.FromFunc(where())
		}))
		got, err := collect(t, later)
		require.NoError(t, err)
		require.Equal(t, []any{true}, got)
	})
}

func TestCollectKeepsConcurrentFunctionsConcurrent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Each function waits for the other to start: run one after the
		// other on one goroutine, they would deadlock the bubble.
		a, b := make(chan struct{}), make(chan struct{})
		meet := func(mine, other chan struct{}) rxgo.Observable {
			return streams.FromFunc(func(ctx context.Context) (any, error) {
				close(mine)
				select {
				case <-other:
					return onCollect(), nil
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			})
		}
		got, err := collect(t, streams.Merge(meet(a, b), meet(b, a)))
		require.NoError(t, err)
		require.ElementsMatch(t, []any{true, false}, got, "one on Collect's goroutine, one on its own")
	})
}

func TestCollectRunsSequentialFunctionsToTheEnd(t *testing.T) {
	// The second is subscribed while Collect runs the first: it gets a
	// goroutine of its own.
	got, err := collect(t, streams.Pipe(streams.Of(1, 2, 3), streams.ConcatMap(func(n int) rxgo.Observable {
		return streams.FromFunc(func(context.Context) (any, error) { return n * 10, nil })
	})))
	require.NoError(t, err)
	require.Equal(t, ints(10, 20, 30), got)
}

func TestCollectDoesNotRunASharedConnectionsFunction(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The connection outlives the Collect that made it: run on its
		// goroutine, it would keep Collect from returning.
		release := make(chan struct{})
		shared := streams.Pipe(streams.FromFunc(func(context.Context) (any, error) {
			<-release
			return onCollect(), nil
		}), streams.Share())
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		collected := make(chan error)
		go func() {
			_, err := streams.Collect(ctx, shared)
			collected <- err
		}()
		synctest.Wait() // Collect has connected the Share and waits
		other := make(chan any, 1)
		sub := streams.Subscribe(t.Context(), shared, streams.Observer{Next: func(v any) { other <- v }})

		require.ErrorIs(t, <-collected, context.DeadlineExceeded)
		require.Equal(t, time.Second, time.Since(start), "Collect returned at its deadline")

		close(release)
		require.Equal(t, false, <-other)
		sub.Wait()
	})
}

func TestCollectSkipsAFunctionUnsubscribedBeforeItStarts(t *testing.T) {
	calls := 0
	fn := streams.FromFunc(func(context.Context) (any, error) { calls++; return 1, nil })
	// Take(1) of Of(0) ends the Merge, cancelling fn's subscription, while
	// Collect is still subscribing: fn never has to run.
	got, err := collect(t, streams.Pipe(streams.Merge(streams.Of(0), fn), streams.Take(1)))
	require.NoError(t, err)
	require.Equal(t, ints(0), got)
	require.Zero(t, calls)
}

// blockUntilCancelled is a FromFunc that returns only when its
// subscription ends.
func blockUntilCancelled() rxgo.Observable {
	return streams.FromFunc(func(ctx context.Context) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
}

func TestCollectEndsALentFunctionThatOutlivesTheStream(t *testing.T) {
	t.Run("a side subscription", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			// Subscribed with the subscription's context, the side function
			// is lent Collect's goroutine and would hold it until the
			// context ends.
			var side *streams.Subscription
			obs := streams.Defer(func(ctx context.Context) rxgo.Observable {
				side = streams.Subscribe(ctx, blockUntilCancelled(), streams.Observer{})
				return streams.Of(1)
			})
			start := time.Now()
			got, err := streams.Collect(t.Context(), obs)
			require.NoError(t, err)
			require.Equal(t, ints(1), got)
			require.Zero(t, time.Since(start), "Collect returned when the stream ended")
			side.Wait()
		})
	})
	t.Run("an rxgo operator that stops early", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			obs := streams.Merge(streams.Of(1, 2), blockUntilCancelled()).TakeWhile(func(v any) bool { return v.(int) < 2 })
			start := time.Now()
			got, err := streams.Collect(t.Context(), obs)
			require.NoError(t, err)
			require.Equal(t, ints(1), got)
			require.Zero(t, time.Since(start), "Collect returned when the stream ended")
			settle()
		})
	})
}

func TestCollectWithANilContextPanicsClearly(t *testing.T) {
	require.PanicsWithValue(t, "streams.Collect: nil context", func() { streams.Collect(nil, streams.Of(1)) })
}

func TestCollectsContextPrintsItsParent(t *testing.T) {
	got, err := collect(t, streams.Defer(func(ctx context.Context) rxgo.Observable { return streams.Of(fmt.Sprint(ctx)) }))
	require.NoError(t, err)
	require.Contains(t, got[0], "context.Background")
	require.Contains(t, got[0], "WithValue(streams.caller).WithCancel")
}
