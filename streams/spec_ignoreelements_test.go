package streams_test

import (
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// The cases of RxJS 7.8.1 spec/operators/ignoreElements-spec.ts.
//
// Left out: none.
func TestSpecIgnoreElements(t *testing.T) {
	t.Run("should ignore all the elements of the source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--|", nil)
			h.Expect(streams.Pipe(e1, streams.IgnoreElements())).ToBe("--------------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------!")
		})
	})

	t.Run("should allow unsubscribing early and explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--|", nil)
			h.Expect(streams.Pipe(e1, streams.IgnoreElements()), "-------!").ToBe("--------", nil)
			h.ExpectSubscriptions(e1).ToBe("^------!")
		})
	})

	t.Run("should allow unsubscribing early and explicitly with higher order", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--|", nil)
			result := streams.Pipe(e1, mergeOf(), streams.IgnoreElements(), mergeOf())
			h.Expect(result, "-------!").ToBe("--------", nil)
			h.ExpectSubscriptions(e1).ToBe("^------!")
		})
	})

	t.Run("should propagate errors from the source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--#", nil)
			h.Expect(streams.Pipe(e1, streams.IgnoreElements())).ToBe("-----#", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
		})
	})

	t.Run("should handle empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.IgnoreElements())).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should handle never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			h.Expect(streams.Pipe(e1, streams.IgnoreElements())).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})

	t.Run("should handle throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			h.Expect(streams.Pipe(e1, streams.IgnoreElements())).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
}
