package streams_test

import (
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/first-spec.ts. RxJS's
// first(pred, default) is First(Matching(pred), OrDefault(v)).
//
// Matching's predicate gets no index: the case that picks by index counts
// the calls itself, which is the same for a single subscription.
//
// Left out:
//   - "should support type guards without breaking previous behavior": a
//     TypeScript typing case.
func TestSpecFirst(t *testing.T) {
	t.Run("should take the first value of an observable with many values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-----a--b--c---d---|", nil)
			h.Expect(streams.Pipe(e1, streams.First())).ToBe("-----(a|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
		})
	})
	t.Run("should take the first value of an observable with one value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---(a|)", nil)
			h.Expect(streams.Pipe(e1, streams.First())).ToBe("---(a|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
		})
	})
	t.Run("should allow undefined as a default value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-----a--a---a-|", nil)
			first := streams.First(streams.Matching(func(v string) bool { return v == "b" }), streams.OrDefault(nil))
			h.Expect(streams.Pipe(e1, first)).ToBe("--------------(U|)", map[string]any{"U": nil})
			h.ExpectSubscriptions(e1).ToBe("^-------------!")
		})
	})
	t.Run("should error on empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^----|", nil)
			h.Expect(streams.Pipe(e1, streams.First())).ToBe("-----#", nil, streams.ErrEmpty)
			h.ExpectSubscriptions(e1).ToBe("^----!")
		})
	})
	t.Run("should return the default value if source observable was empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-----^----|", nil)
			h.Expect(streams.Pipe(e1, streams.First(streams.OrDefault("a")))).ToBe("-----(a|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
		})
	})
	t.Run("should only emit one value in recursive cases", func(t *testing.T) {
		subject := streams.NewSubject()
		var results []int
		recursive := streams.Pipe(subject.Observable(), streams.First(), streams.Map(func(x int) int {
			results = append(results, x)
			subject.Next(x + 1)
			return x
		}))
		sub := streams.Subscribe(testContext(t), recursive, streams.Observer{})
		subject.Next(0)
		waitFor(t, sub.Done(), "completion")
		require.Equal(t, []int{0}, results)
	})
	t.Run("should propagate error from the source observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^---#", nil)
			h.Expect(streams.Pipe(e1, streams.First())).ToBe("----#", nil)
			h.ExpectSubscriptions(e1).ToBe("^---!")
		})
	})
	t.Run("should go on forever on never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--^-------", nil)
			h.Expect(streams.Pipe(e1, streams.First())).ToBe("--------", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------")
		})
	})
	t.Run("should allow unsubscribing early and explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^-----b----c---d--|", nil)
			h.Expect(streams.Pipe(e1, streams.First()), "---!").ToBe("----", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
		})
	})
	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^-----b----c---d--|", nil)
			result := streams.Pipe(e1,
				streams.MergeMap(ofString, 0),
				streams.First(),
				streams.MergeMap(ofString, 0),
			)
			h.Expect(result, "---!").ToBe("----", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
		})
	})
	t.Run("should unsubscribe when the first value is received", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b---c-|", nil)
			result := streams.Pipe(e1, streams.First(), streams.Delay(h.Frames(2)))
			h.Expect(result).ToBe("----(a|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^-!")
		})
	})
	t.Run("should return first value that matches a predicate", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^--b--c--a--c--|", nil)
			first := streams.First(streams.Matching(func(v string) bool { return v == "c" }))
			h.Expect(streams.Pipe(e1, first)).ToBe("------(c|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^-----!")
		})
	})
	t.Run("should return first value that matches a predicate for odd numbers", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
			e1 := h.Hot("--a-^--b--c--d--e--|", values)
			first := streams.First(streams.Matching(func(x int) bool { return x%2 == 1 }))
			h.Expect(streams.Pipe(e1, first)).ToBe("------(c|)", map[string]any{"c": 3})
			h.ExpectSubscriptions(e1).ToBe("^-----!")
		})
	})
	t.Run("should error when no value matches the predicate", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^--b--c--a--c--|", nil)
			first := streams.First(streams.Matching(func(x string) bool { return x == "s" }))
			h.Expect(streams.Pipe(e1, first)).ToBe("---------------#", nil, streams.ErrEmpty)
			h.ExpectSubscriptions(e1).ToBe("^--------------!")
		})
	})
	t.Run("should return the default value when no value matches the predicate", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^--b--c--a--c--|", nil)
			first := streams.First(streams.Matching(func(x string) bool { return x == "s" }), streams.OrDefault("d"))
			h.Expect(streams.Pipe(e1, first)).ToBe("---------------(d|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------------!")
		})
	})
	t.Run("should propagate error when no value matches the predicate", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^--b--c--a--#", nil)
			first := streams.First(streams.Matching(func(x string) bool { return x == "s" }))
			h.Expect(streams.Pipe(e1, first)).ToBe("------------#", nil)
			h.ExpectSubscriptions(e1).ToBe("^-----------!")
		})
	})
	t.Run("should return first value that matches the index in the predicate", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^--b--c--a--c--|", nil)
			i := -1
			first := streams.First(streams.Matching(func(string) bool { i++; return i == 2 }))
			h.Expect(streams.Pipe(e1, first)).ToBe("---------(a|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
		})
	})
	t.Run("should propagate error from predicate", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
			e1 := h.Hot("--a-^--b--c--d--e--|", values)
			predicate := func(value int) bool {
				if value < 4 {
					return false
				}
				panic(errThrown)
			}
			h.Expect(streams.Pipe(e1, streams.First(streams.Matching(predicate)))).ToBe("---------#", nil, errThrown)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
		})
	})
	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		first := streams.First(streams.Matching(func(v int) bool { return v == 2 }))
		subscribeSynchronously(t, streams.Pipe(synchronousSource(&sideEffects), first), streams.Observer{})
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
