package streams_test

import (
	"slices"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/bufferCount-spec.ts, every one.
//
// RxJS's bufferCount(n) is BufferCount(n, 0). In "should buffer properly
// (issue #2062)" the subscriber's Next runs on Subscribe's goroutine, so
// the test waits for its two buffers instead of reading them at once.
func TestSpecBufferCount(t *testing.T) {
	t.Run("should emit buffers at intervals", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{
				"v": strs("a", "b", "c"),
				"w": strs("c", "d", "e"),
				"x": strs("e", "f", "g"),
				"y": strs("g", "h", "i"),
				"z": strs("i"),
			}
			e1 := h.Hot("  --a--b--c--d--e--f--g--h--i--|", nil)
			expected := "  --------v-----w-----x-----y--(z|)"

			h.Expect(streams.Pipe(e1, streams.BufferCount(3, 2))).ToBe(expected, values)
		})
	})

	t.Run("should emit buffers at buffersize of intervals if not specified", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{
				"x": strs("a", "b"),
				"y": strs("c", "d"),
				"z": strs("e", "f"),
			}
			e1 := h.Hot("  --a--b--c--d--e--f--|", nil)
			expected := "  -----x-----y-----z--|"

			h.Expect(streams.Pipe(e1, streams.BufferCount(2, 0))).ToBe(expected, values)
		})
	})

	t.Run("should buffer properly (issue #2062)", func(t *testing.T) {
		item := streams.NewSubject()
		var results [][]any
		two := make(chan struct{})
		sub := streams.Subscribe(t.Context(), streams.Pipe(item.Observable(), streams.BufferCount(3, 1)), streams.Observer{
			Next: func(v any) {
				results = append(results, v.([]any))
				if slices.Equal(v.([]any), ints(1, 2, 3)) {
					item.Next(4)
				}
				if len(results) == 2 {
					close(two)
				}
			},
		})
		item.Next(1)
		item.Next(2)
		item.Next(3)
		waitFor(t, two, "two buffers")
		sub.Unsubscribe()
		sub.Wait()
		require.Equal(t, [][]any{ints(1, 2, 3), ints(2, 3, 4)}, results)
	})

	t.Run("should emit partial buffers if source completes before reaching specified buffer count", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--c--d--|", nil)
			expected := "  --------------(x|)"

			h.Expect(streams.Pipe(e1, streams.BufferCount(5, 0))).ToBe(expected, map[string]any{"x": strs("a", "b", "c", "d")})
		})
	})

	t.Run("should emit full buffer then last partial buffer if source completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a^-b--c--d--e--|", nil)
			e1subs := "       ^-------------!"
			expected := "     --------y-----(z|)"

			h.Expect(streams.Pipe(e1, streams.BufferCount(3, 0))).ToBe(expected, map[string]any{"y": strs("b", "c", "d"), "z": strs("e")})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should emit buffers at intervals, but stop when result is unsubscribed early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{
				"v": strs("a", "b", "c"),
				"w": strs("c", "d", "e"),
			}
			e1 := h.Hot("  --a--b--c--d--e--f--g--h--i--|", nil)
			unsub := "     ------------------!           "
			subs := "      ^-----------------!           "
			expected := "  --------v-----w----           "

			h.Expect(streams.Pipe(e1, streams.BufferCount(3, 2)), unsub).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{
				"v": strs("a", "b", "c"),
				"w": strs("c", "d", "e"),
			}
			e1 := h.Hot("  --a--b--c--d--e--f--g--h--i--|", nil)
			subs := "      ^-----------------!           "
			expected := "  --------v-----w----           "
			unsub := "     ------------------!           "

			result := streams.Pipe(e1,
				streams.MergeMap(reemit, 0),
				streams.BufferCount(3, 2),
				streams.MergeMap(reemit, 0),
			)
			h.Expect(result, unsub).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should raise error if source raise error before reaching specified buffer count", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--c--d--#", nil)
			e1subs := "    ^-------------!"
			expected := "  --------------#"

			h.Expect(streams.Pipe(e1, streams.BufferCount(5, 0))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should emit buffers with specified skip count when skip count is less than window count", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{
				"v": strs("a", "b", "c"),
				"w": strs("b", "c", "d"),
				"x": strs("c", "d", "e"),
				"y": strs("d", "e"),
				"z": strs("e"),
			}
			e1 := h.Hot("  --a--b--c--d--e--|", nil)
			e1subs := "    ^----------------!"
			expected := "  --------v--w--x--(yz|)"

			h.Expect(streams.Pipe(e1, streams.BufferCount(3, 1))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should emit buffers with specified skip count when skip count is more than window count", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--|", nil)
			e1subs := "  ^----------------!"
			expected := "-----y--------z--|"
			values := map[string]any{
				"y": strs("a", "b"),
				"z": strs("d", "e"),
			}

			h.Expect(streams.Pipe(e1, streams.BufferCount(2, 3))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		_, err := streams.Collect(t.Context(), streams.Pipe(countingSource(&sideEffects), streams.BufferCount(1, 0), streams.Take(3)))
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
