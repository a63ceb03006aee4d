package streams_test

import (
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/startWith-spec.ts.
//
// StartWith takes no scheduler: the cases that pass testScheduler only to
// emit at once ("should allow unsubscribing explicitly and early", "should
// not break unsubscription chains when result is unsubscribed explicitly",
// "should start with empty if given value is not specified") run without
// it.
//
// Left out:
//   - "should accept scheduler as last argument with single value" and
//     "... with multiple value": without a scheduler they are "should start
//     an observable with given value" and "should start with given values
//     when given value is more than one".
func TestSpecStartWith(t *testing.T) {
	const defaultStartValue = "x"

	t.Run("should prepend to a cold Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" ---a--b--c--|", nil)
			e1subs := "    ^-----------!"
			expected := "  s--a--b--c--|"

			h.Expect(streams.Pipe(e1, streams.StartWith("s"))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should start an observable with given value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--|", nil)
			e1subs := "    ^----!"
			expected := "  x-a--|"

			h.Expect(streams.Pipe(e1, streams.StartWith(defaultStartValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should start with given value and does not completes if source does not completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ----a-", nil)
			e1subs := "    ^-----"
			expected := "  x---a-"

			h.Expect(streams.Pipe(e1, streams.StartWith(defaultStartValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should start with given value and does not completes if source never emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" - ", nil)
			e1subs := "    ^ "
			expected := "  x-"

			h.Expect(streams.Pipe(e1, streams.StartWith(defaultStartValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should start with given value and completes if source does not emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---|", nil)
			e1subs := "    ^--!"
			expected := "  x--|"

			h.Expect(streams.Pipe(e1, streams.StartWith(defaultStartValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should start with given value and complete immediately if source is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" |   ", nil)
			e1subs := "    (^!)"
			expected := "  (x|)"

			h.Expect(streams.Pipe(e1, streams.StartWith(defaultStartValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should start with given value and source both if source emits single value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" (a|)", nil)
			e1subs := "    (^!)"
			expected := "  (xa|)"

			h.Expect(streams.Pipe(e1, streams.StartWith(defaultStartValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should start with given values when given value is more than one", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  -----a--|", nil)
			e1subs := "    ^-------!"
			expected := "  (yz)-a--|"

			h.Expect(streams.Pipe(e1, streams.StartWith("y", "z"))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should start with given value and raises error if source raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --#", nil)
			e1subs := "    ^-!"
			expected := "  x-#"

			h.Expect(streams.Pipe(e1, streams.StartWith(defaultStartValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should start with given value and raises error immediately if source throws error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" #   ", nil)
			e1subs := "    (^!)"
			expected := "  (x#)"

			h.Expect(streams.Pipe(e1, streams.StartWith(defaultStartValue))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a--b----c--d--|", nil)
			unsub := "     ---------!        "
			e1subs := "    ^--------!        "
			expected := "  s--a--b---        "

			h.Expect(streams.Pipe(e1, streams.StartWith("s")), unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a--b----c--d--|", nil)
			e1subs := "    ^--------!        "
			expected := "  s--a--b---        "
			unsub := "     ---------!        "

			result := streams.Pipe(e1,
				streams.MergeMap(reemit, 0),
				streams.StartWith("s"),
				streams.MergeMap(reemit, 0),
			)
			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should start with empty if given value is not specified", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  -a-|", nil)
			e1subs := "    ^--!"
			expected := "  -a-|"

			h.Expect(streams.Pipe(e1, streams.StartWith())).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		_, err := streams.Collect(t.Context(), streams.Pipe(countingSource(&sideEffects), streams.StartWith(-1), streams.Take(4)))
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
