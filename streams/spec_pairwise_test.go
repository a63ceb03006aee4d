package streams_test

import (
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/pairwise-spec.ts, every one.
//
// In "should be recursively re-enterable" the subscriber runs on
// Subscribe's goroutine, and the test waits for Take to complete before
// it reads what came.
func TestSpecPairwise(t *testing.T) {
	pair := func(a, b string) [2]any { return [2]any{a, b} }

	t.Run("should group consecutive emissions as arrays of two", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b-c----d--e---|", nil)
			e1subs := "    ^------------------!"
			expected := "  -----u-v----w--x---|"
			values := map[string]any{
				"u": pair("a", "b"),
				"v": pair("b", "c"),
				"w": pair("c", "d"),
				"x": pair("d", "e"),
			}

			h.Expect(streams.Pipe(e1, streams.Pairwise())).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should pairwise things", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c--d--e--f--g--|", nil)
			e1subs := "       ^--------------------!"
			expected := "     ------v--w--x--y--z--|"
			values := map[string]any{
				"v": pair("b", "c"),
				"w": pair("c", "d"),
				"x": pair("d", "e"),
				"y": pair("e", "f"),
				"z": pair("f", "g"),
			}

			h.Expect(streams.Pipe(e1, streams.Pairwise())).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not emit on single-element streams", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b----|", nil)
			e1subs := "       ^-------!"
			expected := "     --------|"

			h.Expect(streams.Pipe(e1, streams.Pairwise())).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should handle mid-stream throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c--d--e--#", nil)
			e1subs := "       ^--------------!"
			expected := "     ------v--w--x--#"
			values := map[string]any{
				"v": pair("b", "c"),
				"w": pair("c", "d"),
				"x": pair("d", "e"),
			}

			h.Expect(streams.Pipe(e1, streams.Pairwise())).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should handle empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" |   ", nil)
			e1subs := "    (^!)"
			expected := "  |   "

			h.Expect(streams.Pipe(e1, streams.Pairwise())).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should handle never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" -", nil)
			e1subs := "    ^"
			expected := "  -"

			h.Expect(streams.Pipe(e1, streams.Pairwise())).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should handle throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" #   ", nil)
			e1subs := "    (^!)"
			expected := "  #   "

			h.Expect(streams.Pipe(e1, streams.Pairwise())).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should be recursively re-enterable", func(t *testing.T) {
		var results [][2]any
		subject := streams.NewSubject()
		sub := streams.Subscribe(t.Context(), streams.Pipe(subject.Observable(), streams.Pairwise(), streams.Take(3)), streams.Observer{
			Next: func(v any) {
				results = append(results, v.([2]any))
				subject.Next("c")
			},
		})
		subject.Next("a")
		subject.Next("b")
		sub.Wait()
		require.Equal(t, [][2]any{pair("a", "b"), pair("b", "c"), pair("c", "c")}, results)
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		_, err := streams.Collect(t.Context(), streams.Pipe(countingSource(&sideEffects), streams.Pairwise(), streams.Take(2)))
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
