package streams_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// The cases of RxJS 7.8.1 spec/operators/reduce-spec.ts.
//
// Reduce always takes a seed. The two unsubscription cases reduce without
// one upstream; their timelines do not depend on it, and they run here
// with the seed "". A thrown value is a panic with an error value, which
// errors.Is sees through the *PanicError. JavaScript's undefined seed is
// nil, which fmt prints as <nil>.
//
// Left out:
//   - "should reduce without a seed", "should raise error if reduce
//     function throws without seed" and "should reduce if source does not
//     emit without seed": there is no seedless Reduce.
//   - "should not complete without seed if source emits but does not
//     completes", "should not complete without seed if source never
//     completes", "should raise error if source emits and raises error
//     without seed", "should raise error if source raises error without
//     seed": with a seed they are the "with seed" cases below.
//   - "should reduce with index without seed", "should reduce with index
//     with seed": the function is given no index.
func TestSpecReduce(t *testing.T) {
	join := func(o, x string) string { return o + x }

	t.Run("should reduce", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{"a": 1, "b": 3, "c": 5, "x": 9}
			e1 := h.Hot("  --a--b--c--|   ", values)
			e1subs := "    ^----------!   "
			expected := "  -----------(x|)"

			sum := func(o, x int) int { return o + x }
			h.Expect(streams.Pipe(e1, streams.Reduce(sum, 0))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should reduce with seed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--|   ", nil)
			e1subs := "    ^-------!   "
			expected := "  --------(x|)"

			spaced := func(o, x string) string { return o + " " + x }
			h.Expect(streams.Pipe(e1, streams.Reduce(spaced, "n"))).ToBe(expected, map[string]any{"x": "n a b"})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should reduce with a seed of undefined", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c--d--e--f--g--|   ", nil)
			e1subs := "       ^--------------------!   "
			expected := "     ---------------------(x|)"

			spaced := func(o any, x string) any { return fmt.Sprint(o) + " " + x }
			h.Expect(streams.Pipe(e1, streams.Reduce(spaced, nil))).ToBe(expected, map[string]any{"x": "<nil> b c d e f g"})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should reduce with seed if source is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^-------|   ", nil)
			e1subs := "       ^-------!   "
			expected := "     --------(x|)"

			h.Expect(streams.Pipe(e1, streams.Reduce(join, "42"))).ToBe(expected, map[string]any{"x": "42"})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--|", nil)
			e1subs := "    ^-----!  "
			expected := "  -------  "
			unsub := "     ------!  "

			h.Expect(streams.Pipe(e1, streams.Reduce(join, "")), unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--|", nil)
			e1subs := "    ^-----!  "
			expected := "  -------  "
			unsub := "     ------!  "

			result := streams.Pipe(e1,
				streams.MergeMap(reemit, 0),
				streams.Reduce(join, ""),
				streams.MergeMap(reemit, 0),
			)
			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should raise error if source emits and raises error with seed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--#", nil)
			e1subs := "    ^-------!"
			expected := "  --------#"

			h.Expect(streams.Pipe(e1, streams.Reduce(join, "42"))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should raise error if source raises error with seed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ----#", nil)
			e1subs := "    ^---!"
			expected := "  ----#"

			h.Expect(streams.Pipe(e1, streams.Reduce(join, "42"))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should raise error if reduce function throws with seed", func(t *testing.T) {
		errThrown := errors.New("error")
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--|", nil)
			e1subs := "    ^-!      "
			expected := "  --#      "

			throws := func(string, string) string { panic(errThrown) }
			h.Expect(streams.Pipe(e1, streams.Reduce(throws, "n"))).ToBe(expected, nil, errThrown)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not complete with seed if source emits but does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--", nil)
			e1subs := "    ^----"
			expected := "  -----"

			h.Expect(streams.Pipe(e1, streams.Reduce(join, "n"))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not complete with seed if source never completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" -", nil)
			e1subs := "    ^"
			expected := "  -"

			h.Expect(streams.Pipe(e1, streams.Reduce(join, "n"))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})
}
