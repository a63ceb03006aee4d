package streams_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/scan-spec.ts.
//
// A thrown value is a panic with an error value: the stream fails with a
// *PanicError, which errors.Is sees through. JavaScript's undefined seed
// is nil, which fmt prints as <nil>.
//
// Left out:
//   - "should provide the proper index if seed is skipped", "should scan
//     without seed" and "should pass current index to accumulator": Scan
//     always takes a seed, and its function is given no index.
func TestSpecScan(t *testing.T) {
	concat := func(acc []string, x string) []string { return append(slices.Clone(acc), x) }

	t.Run("should scan", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{"a": 1, "b": 3, "c": 5, "x": 1, "y": 4, "z": 9}
			e1 := h.Hot("  --a--b--c--|", values)
			e1subs := "    ^----------!"
			expected := "  --x--y--z--|"

			sum := func(o, x int) int { return o + x }
			h.Expect(streams.Pipe(e1, streams.Scan(sum, 0))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should scan things", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c--d--e--f--g--|", nil)
			e1subs := "       ^--------------------!"
			expected := "     ---u--v--w--x--y--z--|"
			values := map[string]any{
				"u": []string{"b"},
				"v": []string{"b", "c"},
				"w": []string{"b", "c", "d"},
				"x": []string{"b", "c", "d", "e"},
				"y": []string{"b", "c", "d", "e", "f"},
				"z": []string{"b", "c", "d", "e", "f", "g"},
			}

			h.Expect(streams.Pipe(e1, streams.Scan(concat, []string{}))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should scan with a seed of undefined", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c--d--e--f--g--|", nil)
			e1subs := "       ^--------------------!"
			expected := "     ---u--v--w--x--y--z--|"
			values := map[string]any{
				"u": "<nil> b",
				"v": "<nil> b c",
				"w": "<nil> b c d",
				"x": "<nil> b c d e",
				"y": "<nil> b c d e f",
				"z": "<nil> b c d e f g",
			}

			join := func(acc any, x string) any { return fmt.Sprint(acc) + " " + x }
			h.Expect(streams.Pipe(e1, streams.Scan(join, nil))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should handle errors", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c--d--#", nil)
			e1subs := "       ^-----------!"
			expected := "     ---u--v--w--#"
			values := map[string]any{
				"u": []string{"b"},
				"v": []string{"b", "c"},
				"w": []string{"b", "c", "d"},
			}

			h.Expect(streams.Pipe(e1, streams.Scan(concat, []string{}))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should handle errors in the projection function", func(t *testing.T) {
		errBad := errors.New("bad!")
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c--d--e--f--g--|", nil)
			e1subs := "       ^--------!            "
			expected := "     ---u--v--#            "
			values := map[string]any{
				"u": []string{"b"},
				"v": []string{"b", "c"},
			}

			f := func(acc []string, x string) []string {
				if x == "d" {
					panic(errBad)
				}
				return concat(acc, x)
			}
			h.Expect(streams.Pipe(e1, streams.Scan(f, []string{}))).ToBe(expected, values, errBad)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("handle empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" |   ", nil)
			e1subs := "    (^!)"
			expected := "  |   "

			h.Expect(streams.Pipe(e1, streams.Scan(concat, []string{}))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("handle never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" -", nil)
			e1subs := "    ^"
			expected := "  -"

			h.Expect(streams.Pipe(e1, streams.Scan(concat, []string{}))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("handle throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" #   ", nil)
			e1subs := "    (^!)"
			expected := "  #   "

			h.Expect(streams.Pipe(e1, streams.Scan(concat, []string{}))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c--d--e--f--g--|", nil)
			unsub := "        --------------!       "
			e1subs := "       ^-------------!       "
			expected := "     ---u--v--w--x--       "
			values := map[string]any{
				"u": []string{"b"},
				"v": []string{"b", "c"},
				"w": []string{"b", "c", "d"},
				"x": []string{"b", "c", "d", "e"},
			}

			h.Expect(streams.Pipe(e1, streams.Scan(concat, []string{})), unsub).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c--d--e--f--g--|", nil)
			e1subs := "       ^-------------!       "
			expected := "     ---u--v--w--x--       "
			unsub := "        --------------!       "
			values := map[string]any{
				"u": []string{"b"},
				"v": []string{"b", "c"},
				"w": []string{"b", "c", "d"},
				"x": []string{"b", "c", "d", "e"},
			}

			result := streams.Pipe(e1,
				streams.MergeMap(reemit, 0),
				streams.Scan(concat, []string{}),
				streams.MergeMap(reemit, 0),
			)
			h.Expect(result, unsub).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		last := func(_, v int) int { return v }
		_, err := streams.Collect(t.Context(), streams.Pipe(countingSource(&sideEffects), streams.Scan(last, 0), streams.Take(3)))
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
