package streams_test

import (
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/defaultIfEmpty-spec.ts, every
// one. JavaScript's undefined is nil.
func TestSpecDefaultIfEmpty(t *testing.T) {
	t.Run("should return the Observable if not empty with a default value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --------|", nil)
			e1subs := "    ^-------!"
			expected := "  --------(x|)"

			h.Expect(streams.Pipe(e1, streams.DefaultIfEmpty(42))).ToBe(expected, map[string]any{"x": 42})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should return the argument if Observable is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" |", nil)
			e1subs := "    (^!)"
			expected := "  (x|)"

			h.Expect(streams.Pipe(e1, streams.DefaultIfEmpty("x"))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	// Upstream gives this title to two cases; this is the second.
	t.Run("should return the Observable if not empty with a default value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--|", nil)
			e1subs := "    ^-------!"
			expected := "  --a--b--|"

			h.Expect(streams.Pipe(e1, streams.DefaultIfEmpty("x"))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should allow undefined as a default value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --------|", nil)
			e1subs := "    ^-------!"
			expected := "  --------(U|)"

			h.Expect(streams.Pipe(e1, streams.DefaultIfEmpty(nil))).ToBe(expected, map[string]any{"U": nil})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should allow unsubscribing early and explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--|", nil)
			e1subs := "    ^---!    "
			expected := "  --a--    "
			unsub := "     ----!    "

			h.Expect(streams.Pipe(e1, streams.DefaultIfEmpty("x")), unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not break unsubscription chains when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--|", nil)
			e1subs := "    ^---!    "
			expected := "  --a--    "
			unsub := "     ----!    "

			result := streams.Pipe(e1,
				streams.MergeMap(reemit, 0),
				streams.DefaultIfEmpty("x"),
				streams.MergeMap(reemit, 0),
			)
			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should error if the Observable errors", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" #", nil)
			e1subs := "    (^!)"
			expected := "  #"

			h.Expect(streams.Pipe(e1, streams.DefaultIfEmpty("x"))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		_, err := streams.Collect(t.Context(), streams.Pipe(countingSource(&sideEffects), streams.DefaultIfEmpty(0), streams.Take(3)))
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
