package streams_test

import (
	"errors"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// The cases of RxJS 7.8.1 spec/operators/takeLast-spec.ts.
//
// Left out:
//   - "should not take any values if provided with negative value": a
//     negative count is a programmer error here and panics at
//     construction, as it does for Take (see TestFilterBadInputPanics).
func TestSpecTakeLast(t *testing.T) {
	t.Run("should take two values of an observable with many values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a-----b----c---d--|    ", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(2))).ToBe("--------------------(cd|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
		})
	})

	t.Run("should take last three values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a-----b----c---d--|    ", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(3))).ToBe("--------------------(bcd|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
		})
	})

	t.Run("should take all element when try to take larger then source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a-----b----c---d--|    ", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(5))).ToBe("--------------------(abcd|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
		})
	})

	t.Run("should take all element when try to take exact", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a-----b----c---d--|    ", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(4))).ToBe("--------------------(abcd|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
		})
	})

	t.Run("should not take any values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a-----b----c---d--|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(0))).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe()
		})
	})

	t.Run("should work with empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(42))).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should go on forever on never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(42))).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})

	t.Run("should be empty on takeLast(0)", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b----c---d--|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(0))).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe() // not subscribed at all
		})
	})

	t.Run("should take one value from an observable with one value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---(a|)", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(1))).ToBe("---(a|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
		})
	})

	t.Run("should take one value from an observable with many values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b----c---d--|   ", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(1))).ToBe("---------------(d|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------------!")
		})
	})

	t.Run("should error on empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^----|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(42))).ToBe("-----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
		})
	})

	t.Run("should propagate error from the source observable", func(t *testing.T) {
		tooBad := errors.New("too bad")
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^---#", nil, tooBad)
			h.Expect(streams.Pipe(e1, streams.TakeLast(42))).ToBe("----#", nil, tooBad)
			h.ExpectSubscriptions(e1).ToBe("^---!")
		})
	})

	t.Run("should propagate error from an observable with values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^--a--b--#", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(42))).ToBe("---------#", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
		})
	})

	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^--a--b-----c--d--e--|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(42)), "---------!").ToBe("----------------------", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
		})
	})

	t.Run("should work with throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			h.Expect(streams.Pipe(e1, streams.TakeLast(42))).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should not break unsubscription chain when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^--a--b-----c--d--e--|", nil)
			result := streams.Pipe(e1, mergeOf(), streams.TakeLast(42), mergeOf())
			h.Expect(result, "---------!").ToBe("----------------------", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
		})
	})
}
