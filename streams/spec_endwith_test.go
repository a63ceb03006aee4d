package streams_test

import (
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/endWith-spec.ts.
//
// Left out:
//   - "should accept scheduler as last argument with single value" and
//     "... with multiple value": EndWith takes no scheduler; without one
//     they are "should end an observable with given value" and "should
//     end with given values when given more than one value".
func TestSpecEndWith(t *testing.T) {
	const defaultEndValue = "x"

	t.Run("should append to a cold Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" ---a--b--c--|   ", nil)
			e1subs := "    ^-----------!   "
			expected := "  ---a--b--c--(s|)"

			h.Expect(streams.Pipe(e1, streams.EndWith("s"))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should append numbers to a cold Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{"a": 1, "b": 2, "c": 3, "s": 4}
			e1 := h.Cold(" ---a--b--c--|   ", values)
			e1subs := "    ^-----------!   "
			expected := "  ---a--b--c--(s|)"

			h.Expect(streams.Pipe(e1, streams.EndWith(values["s"]))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should end an observable with given value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--|   ", nil)
			e1subs := "    ^----!   "
			expected := "  --a--(x|)"

			h.Expect(streams.Pipe(e1, streams.EndWith(defaultEndValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not end with given value if source does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ----a-", nil)
			e1subs := "    ^     "
			expected := "  ----a-"

			h.Expect(streams.Pipe(e1, streams.EndWith(defaultEndValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not end with given value if source never emits and does not completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" -", nil)
			e1subs := "    ^"
			expected := "  -"

			h.Expect(streams.Pipe(e1, streams.EndWith(defaultEndValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should end with given value if source does not emit but does complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---|   ", nil)
			e1subs := "    ^--!   "
			expected := "  ---(x|)"

			h.Expect(streams.Pipe(e1, streams.EndWith(defaultEndValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should emit given value and complete immediately if source is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" |   ", nil)
			e1subs := "    (^!)"
			expected := "  (x|)"

			h.Expect(streams.Pipe(e1, streams.EndWith(defaultEndValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should end with given value and source both if source emits single value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" (a|) ", nil)
			e1subs := "    (^!) "
			expected := "  (ax|)"

			h.Expect(streams.Pipe(e1, streams.EndWith(defaultEndValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should end with given values when given more than one value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  -----a--|    ", nil)
			e1subs := "    ^-------!    "
			expected := "  -----a--(yz|)"

			h.Expect(streams.Pipe(e1, streams.EndWith("y", "z"))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should raise error and not end with given value if source raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --#", nil)
			e1subs := "    ^-!"
			expected := "  --#"

			h.Expect(streams.Pipe(e1, streams.EndWith(defaultEndValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should raise error immediately and not end with given value if source throws error immediately", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" #   ", nil)
			e1subs := "    (^!)"
			expected := "  #   "

			h.Expect(streams.Pipe(e1, streams.EndWith(defaultEndValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a--b----c--d--|", nil)
			e1subs := "    ^--------!        "
			expected := "  ---a--b---        "
			unsub := "     ---------!        "

			h.Expect(streams.Pipe(e1, streams.EndWith("s")), unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a--b----c--d--|", nil)
			e1subs := "    ^--------!        "
			expected := "  ---a--b---        "
			unsub := "     ---------!        "

			result := streams.Pipe(e1,
				streams.MergeMap(reemit, 0),
				streams.EndWith("s"),
				streams.MergeMap(reemit, 0),
			)
			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should end with empty if given value is not specified", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  -a-|", nil)
			e1subs := "    ^--!"
			expected := "  -a-|"

			h.Expect(streams.Pipe(e1, streams.EndWith())).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		_, err := streams.Collect(t.Context(), streams.Pipe(countingSource(&sideEffects), streams.EndWith(0), streams.Take(3)))
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
