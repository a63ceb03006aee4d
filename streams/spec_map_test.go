package streams_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/map-spec.ts. The marble digits
// are strings, as RxJS's are.
//
// Map's function gets no index: the cases with an index count the calls
// themselves, which is the same for a single subscription. The checks
// RxJS makes in tap's complete or error are made once the timeline has
// played.
//
// Left out:
//   - "should map using a custom thisArg", "should do multiple maps using
//     a custom thisArg": Go has no this.
func TestSpecMap(t *testing.T) {
	addDrama := func(x any) string { return fmt.Sprint(x) + "!" }
	identity := func(x any) any { return x }
	// withIndex is a function with RxJS's index argument.
	withIndex := func(f func(x string, i int) int) func(string) int {
		i := -1
		return func(x string) int { i++; return f(x, i) }
	}
	tooBad := errors.New("too bad")

	t.Run("should map multiple values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--1--2--3--|", nil)
			result := streams.Pipe(e1, streams.Map(func(x string) int { return 10 * atoi(x) }))
			h.Expect(result).ToBe("--x--y--z--|", map[string]any{"x": 10, "y": 20, "z": 30})
			h.ExpectSubscriptions(e1).ToBe("^----------!")
		})
	})
	t.Run("should map one value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--x--|", map[string]any{"x": 42})
			h.Expect(streams.Pipe(e1, streams.Map(addDrama))).ToBe("--y--|", map[string]any{"y": "42!"})
			h.ExpectSubscriptions(e1).ToBe("^----!")
		})
	})
	t.Run("should map multiple values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--1--2--3--|", nil)
			h.Expect(streams.Pipe(e1, streams.Map(addDrama))).ToBe("--x--y--z--|", map[string]any{"x": "1!", "y": "2!", "z": "3!"})
			h.ExpectSubscriptions(e1).ToBe("^----------!")
		})
	})
	t.Run("should propagate errors from map function", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--x--|", map[string]any{"x": 42})
			result := streams.Pipe(e1, streams.Map(func(any) any { panic(tooBad) }))
			h.Expect(result).ToBe("--#", nil, tooBad)
			h.ExpectSubscriptions(e1).ToBe("^-!")
		})
	})
	t.Run("should propagate errors from observable that emits only errors", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			h.Expect(streams.Pipe(e1, streams.Map(identity))).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
	t.Run("should propagate errors from observable that emit values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a--b--#", map[string]any{"a": 1, "b": 2}, tooBad)
			h.Expect(streams.Pipe(e1, streams.Map(addDrama))).ToBe("--x--y--#", map[string]any{"x": "1!", "y": "2!"}, tooBad)
			h.ExpectSubscriptions(e1).ToBe("^-------!")
		})
	})
	t.Run("should not map an empty observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			invoked := 0
			result := streams.Pipe(e1, streams.Map(func(x any) any { invoked++; return x }))
			h.Expect(result).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
			h.Flush()
			require.Equal(h, 0, invoked)
		})
	})
	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--1--2--3--|", nil)
			h.Expect(streams.Pipe(e1, streams.Map(addDrama)), "------!").ToBe("--x--y-", map[string]any{"x": "1!", "y": "2!"})
			h.ExpectSubscriptions(e1).ToBe("^-----!")
		})
	})
	t.Run("should map with index", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-5-^-4--3---2----1--|", nil)
			invoked := 0
			result := streams.Pipe(e1, streams.Map(withIndex(func(x string, i int) int {
				invoked++
				return atoi(x) + 1 + i*10
			})))
			h.Expect(result).ToBe("--a--b---c----d--|", map[string]any{"a": 5, "b": 14, "c": 23, "d": 32})
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
			h.Flush()
			require.Equal(h, 4, invoked)
		})
	})
	t.Run("should map with index until completed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-5-^-4--3---2----1--|", nil)
			invoked := 0
			result := streams.Pipe(e1, streams.Map(withIndex(func(x string, i int) int {
				invoked++
				return atoi(x) + 1 + i*10
			})))
			h.Expect(result).ToBe("--a--b---c----d--|", map[string]any{"a": 5, "b": 14, "c": 23, "d": 32})
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
			h.Flush()
			require.Equal(h, 4, invoked)
		})
	})
	t.Run("should map with index until an error occurs", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-5-^-4--3---2----1--#", nil, tooBad)
			invoked := 0
			result := streams.Pipe(e1, streams.Map(withIndex(func(x string, i int) int {
				invoked++
				return atoi(x) + 1 + i*10
			})))
			h.Expect(result).ToBe("--a--b---c----d--#", map[string]any{"a": 5, "b": 14, "c": 23, "d": 32}, tooBad)
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
			h.Flush()
			require.Equal(h, 4, invoked)
		})
	})
	t.Run("should map twice", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-0----1-^-2---3--4-5--6--7-8-|", nil)
			invoked1, invoked2 := 0, 0
			result := streams.Pipe(e1,
				streams.Map(func(x string) int { invoked1++; return atoi(x) * 2 }),
				streams.Map(func(x int) int { invoked2++; return x / 2 }),
			)
			h.Expect(result).ToBe("--a---b--c-d--e--f-g-|", map[string]any{"a": 2, "b": 3, "c": 4, "d": 5, "e": 6, "f": 7, "g": 8})
			h.ExpectSubscriptions(e1).ToBe("^--------------------!")
			h.Flush()
			require.Equal(h, 7, invoked1)
			require.Equal(h, 7, invoked2)
		})
	})
	t.Run("should not break unsubscription chain when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--1--2--3--|", nil)
			result := streams.Pipe(e1,
				streams.MergeMap(ofString, 0),
				streams.Map(addDrama),
				streams.MergeMap(ofString, 0),
			)
			h.Expect(result, "------!").ToBe("--x--y-", map[string]any{"x": "1!", "y": "2!"})
			h.ExpectSubscriptions(e1).ToBe("^-----!")
		})
	})
	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		result := streams.Pipe(synchronousSource(&sideEffects), streams.Map(identity), streams.Take(3))
		subscribeSynchronously(t, result, streams.Observer{})
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
