package streams_test

import (
	"errors"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/take-spec.ts.
//
// Left out:
//   - "should be empty if provided with negative value": Take(-42) panics
//     at construction, by design, instead of completing at once.
//   - "should complete even if the parameter is a string": a TypeScript
//     typing case; Take takes an int.
//   - "should unsubscribe from the source when it reaches the limit
//     before a recursive synchronous upstream error is notified": skipped
//     upstream (it.skip) until RxJS 8.
func TestSpecTake(t *testing.T) {
	t.Run("should take two values of an observable with many values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a-----b----c---d--|", nil)
			h.Expect(streams.Pipe(e1, streams.Take(2))).ToBe("--a-----(b|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------!")
		})
	})
	t.Run("should work with empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.Take(42))).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
	t.Run("should go on forever on never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			h.Expect(streams.Pipe(e1, streams.Take(42))).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})
	t.Run("should be empty on take(0)", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b----c---d--|", nil)
			h.Expect(streams.Pipe(e1, streams.Take(0))).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe()
		})
	})
	t.Run("should take one value of an observable with one value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---(a|)", nil)
			h.Expect(streams.Pipe(e1, streams.Take(1))).ToBe("---(a|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
		})
	})
	t.Run("should take one values of an observable with many values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b----c---d--|", nil)
			h.Expect(streams.Pipe(e1, streams.Take(1))).ToBe("---(b|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
		})
	})
	t.Run("should error on empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^----|", nil)
			h.Expect(streams.Pipe(e1, streams.Take(42))).ToBe("-----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
		})
	})
	t.Run("should propagate error from the source observable", func(t *testing.T) {
		tooBad := errors.New("too bad")
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^---#", nil, tooBad)
			h.Expect(streams.Pipe(e1, streams.Take(42))).ToBe("----#", nil, tooBad)
			h.ExpectSubscriptions(e1).ToBe("^---!")
		})
	})
	t.Run("should propagate error from an observable with values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^--a--b--#", nil)
			h.Expect(streams.Pipe(e1, streams.Take(42))).ToBe("---a--b--#", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
		})
	})
	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^--a--b-----c--d--e--|", nil)
			h.Expect(streams.Pipe(e1, streams.Take(42)), "---------!").ToBe("---a--b---", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
		})
	})
	t.Run("should work with throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			h.Expect(streams.Pipe(e1, streams.Take(42))).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
	t.Run("should not break unsubscription chain when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^--a--b-----c--d--e--|", nil)
			result := streams.Pipe(e1,
				streams.MergeMap(ofString, 0),
				streams.Take(42),
				streams.MergeMap(ofString, 0),
			)
			h.Expect(result, "---------!").ToBe("---a--b---", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
		})
	})
	t.Run("should unsubscribe from the source when it reaches the limit", func(t *testing.T) {
		// The source would go on emitting if it were still subscribed
		// once its first value is through.
		var sideEffects []int
		source := streams.Pipe(synchronousSource(&sideEffects), streams.Take(1))
		subscribeSynchronously(t, source, streams.Observer{})
		require.Equal(t, []int{0}, sideEffects)
	})
	t.Run("should complete when the source is reentrant", func(t *testing.T) {
		// The reaction to each value pushes the next one while the
		// subject is still delivering.
		source := streams.NewSubject()
		reentrant := streams.Pipe(source.Observable(), streams.Take(5), streams.Map(func(v any) any {
			source.Next(nil)
			return v
		}))
		completed := make(chan struct{})
		sub := streams.Subscribe(testContext(t), reentrant, streams.Observer{Complete: func() { close(completed) }})
		defer sub.Unsubscribe()
		source.Next(nil)
		waitFor(t, completed, "completion")
	})
	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		subscribeSynchronously(t, streams.Pipe(synchronousSource(&sideEffects), streams.Take(3)), streams.Observer{})
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
