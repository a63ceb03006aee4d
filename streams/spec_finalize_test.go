package streams_test

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/finalize-spec.ts, every one.
//
// How the cases are written here:
//   - The subscriber whose complete or error must come before finalize is
//     a Tap after Finalize: it sees the terminal event on its way to the
//     subscriber, in the same call. Subscribe's observer runs on a
//     goroutine of its own and could not say what came first.
//   - new Observable(fn) is RawObservable, whose OnEnd stands for the
//     function fn returns; a thrown error is a panic while subscribing.
//   - Flush ends every subscription it made, so "should handle never"
//     looks at executed while the timeline still plays, then after Flush.
//   - interval(50) is TimerEvery; the interop source is rxgo's own Never.
func TestSpecFinalize(t *testing.T) {
	errBad := errors.New("bad")

	t.Run("should call finalize after complete", func(t *testing.T) {
		completed, finalized := false, false
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1, 2, 3),
			streams.Finalize(func() {
				require.True(t, completed)
				finalized = true
			}),
			streams.Tap(streams.TapObserver{Complete: func() { completed = true }}),
		))
		require.NoError(t, err)
		require.True(t, finalized)
	})

	t.Run("should call finalize after error", func(t *testing.T) {
		thrown, finalized := false, false
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1, 2, 3),
			streams.Map(func(x int) int {
				if x == 3 {
					panic(errBad)
				}
				return x
			}),
			streams.Finalize(func() {
				require.True(t, thrown)
				finalized = true
			}),
			streams.Tap(streams.TapObserver{Error: func(error) { thrown = true }}),
		))
		require.ErrorIs(t, err, errBad)
		require.True(t, finalized)
	})

	t.Run("should call finalize upon disposal", func(t *testing.T) {
		disposed, finalized := false, false
		subscription := streams.Subscribe(t.Context(), streams.Pipe(streams.Timer(100*time.Millisecond), streams.Finalize(func() {
			require.True(t, disposed)
			finalized = true
		})), streams.Observer{})
		disposed = true
		subscription.Unsubscribe()
		require.True(t, finalized)
		subscription.Wait()
	})

	t.Run("should call finalize when synchronously subscribing to and unsubscribing from a shared Observable", func(t *testing.T) {
		done := make(chan struct{})
		shared := streams.Pipe(streams.TimerEvery(50*time.Millisecond, 50*time.Millisecond), streams.Finalize(func() { close(done) }), streams.Share())
		subscription := streams.Subscribe(t.Context(), shared, streams.Observer{})
		subscription.Unsubscribe()
		waitFor(t, done, "finalize")
		subscription.Wait()
	})

	t.Run("should call two finalize instances in succession on a shared Observable", func(t *testing.T) {
		invoked := 0
		checkFinally := func() { invoked++ }
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1, 2, 3), streams.Finalize(checkFinally), streams.Finalize(checkFinally), streams.Share()))
		require.NoError(t, err)
		require.Equal(t, 2, invoked)
	})

	t.Run("should handle empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			var executed atomic.Bool
			e1 := h.Hot("  |   ", nil)
			e1subs := "    (^!)"
			expected := "  |   "

			h.Expect(streams.Pipe(e1, streams.Finalize(func() { executed.Store(true) }))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)

			h.Flush()
			require.True(t, executed.Load())
		})
	})

	t.Run("should handle never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			var executed, executedWhilePlaying atomic.Bool
			e1 := h.Hot("  -", nil)
			e1subs := "    ^"
			expected := "  -"

			h.Expect(streams.Pipe(e1, streams.Finalize(func() { executed.Store(true) }))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			time.AfterFunc(h.Frames(100), func() { executedWhilePlaying.Store(executed.Load()) })

			h.Flush()
			require.False(t, executedWhilePlaying.Load())
			require.True(t, executed.Load(), "Flush unsubscribes at the end")
		})
	})

	t.Run("should handle throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			var executed atomic.Bool
			e1 := h.Hot("  #   ", nil)
			e1subs := "    (^!)"
			expected := "  #   "

			h.Expect(streams.Pipe(e1, streams.Finalize(func() { executed.Store(true) }))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)

			h.Flush()
			require.True(t, executed.Load())
		})
	})

	t.Run("should handle basic hot observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			var executed atomic.Bool
			e1 := h.Hot("  --a--b--c--|", nil)
			e1subs := "    ^----------!"
			expected := "  --a--b--c--|"

			h.Expect(streams.Pipe(e1, streams.Finalize(func() { executed.Store(true) }))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)

			h.Flush()
			require.True(t, executed.Load())
		})
	})

	t.Run("should handle basic cold observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			var executed atomic.Bool
			e1 := h.Cold(" --a--b--c--|", nil)
			e1subs := "    ^----------!"
			expected := "  --a--b--c--|"

			h.Expect(streams.Pipe(e1, streams.Finalize(func() { executed.Store(true) }))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)

			h.Flush()
			require.True(t, executed.Load())
		})
	})

	t.Run("should handle basic error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			var executed atomic.Bool
			e1 := h.Hot("  --a--b--c--#", nil)
			e1subs := "    ^----------!"
			expected := "  --a--b--c--#"

			h.Expect(streams.Pipe(e1, streams.Finalize(func() { executed.Store(true) }))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)

			h.Flush()
			require.True(t, executed.Load())
		})
	})

	t.Run("should handle unsubscription", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			var executed atomic.Bool
			e1 := h.Hot("  --a--b--c--|", nil)
			e1subs := "    ^-----!     "
			expected := "  --a--b-"
			unsub := "     ------!"

			h.Expect(streams.Pipe(e1, streams.Finalize(func() { executed.Store(true) })), unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)

			h.Flush()
			require.True(t, executed.Load())
		})
	})

	t.Run("should handle interop source observables", func(t *testing.T) {
		finalized := false
		subscription := streams.Subscribe(t.Context(), streams.Pipe(rxgo.Never(), streams.Finalize(func() { finalized = true })), streams.Observer{})
		subscription.Unsubscribe()
		require.True(t, finalized)
		subscription.Wait()
	})

	t.Run("should finalize sources before sinks", func(t *testing.T) {
		var finalized []string
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(42),
			streams.Finalize(func() { finalized = append(finalized, "source") }),
			streams.Finalize(func() { finalized = append(finalized, "sink") }),
		))
		require.NoError(t, err)
		require.Equal(t, []string{"source", "sink"}, finalized)
	})

	t.Run("should finalize after the finalization", func(t *testing.T) {
		var order []string
		source := streams.RawObservable(func(s streams.RawSubscriber) {
			s.OnEnd(func() { order = append(order, "finalizer") })
		})
		subscription := streams.Subscribe(t.Context(), streams.Pipe(source, streams.Finalize(func() { order = append(order, "finalize") })), streams.Observer{})
		subscription.Unsubscribe()
		require.Equal(t, []string{"finalizer", "finalize"}, order)
		subscription.Wait()
	})

	t.Run("should finalize after the finalizer with synchronous completion", func(t *testing.T) {
		var order []string
		source := streams.RawObservable(func(s streams.RawSubscriber) {
			s.Complete()
			s.OnEnd(func() { order = append(order, "finalizer") })
		})
		_, err := streams.Collect(t.Context(), streams.Pipe(source, streams.Finalize(func() { order = append(order, "finalize") })))
		require.NoError(t, err)
		require.Equal(t, []string{"finalizer", "finalize"}, order)
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		_, err := streams.Collect(t.Context(), streams.Pipe(countingSource(&sideEffects), streams.Finalize(func() {}), streams.Take(3)))
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})

	t.Run("should execute finalize even with a sync thrown error", func(t *testing.T) {
		called := false
		badObservable := streams.Pipe(streams.RawObservable(func(streams.RawSubscriber) { panic(errBad) }), streams.Finalize(func() { called = true }))
		_, err := streams.Collect(t.Context(), badObservable)
		require.ErrorIs(t, err, errBad)
		require.True(t, called)
	})

	t.Run("should execute finalize in order even with a sync error", func(t *testing.T) {
		var results []int
		badObservable := streams.Pipe(streams.RawObservable(func(s streams.RawSubscriber) { s.Error(errBad) }),
			streams.Finalize(func() { results = append(results, 1) }),
			streams.Finalize(func() { results = append(results, 2) }),
		)
		_, err := streams.Collect(t.Context(), badObservable)
		require.ErrorIs(t, err, errBad)
		require.Equal(t, []int{1, 2}, results)
	})

	t.Run("should execute finalize in order even with a sync thrown error", func(t *testing.T) {
		var results []int
		badObservable := streams.Pipe(streams.RawObservable(func(streams.RawSubscriber) { panic(errBad) }),
			streams.Finalize(func() { results = append(results, 1) }),
			streams.Finalize(func() { results = append(results, 2) }),
		)
		_, err := streams.Collect(t.Context(), badObservable)
		require.ErrorIs(t, err, errBad)
		require.Equal(t, []int{1, 2}, results)
	})

	t.Run("should finalize in the proper order", func(t *testing.T) {
		var results []int
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1),
			streams.Finalize(func() { results = append(results, 1) }),
			streams.Finalize(func() { results = append(results, 2) }),
			streams.Finalize(func() { results = append(results, 3) }),
			streams.Finalize(func() { results = append(results, 4) }),
		))
		require.NoError(t, err)
		require.Equal(t, []int{1, 2, 3, 4}, results)
	})
}
