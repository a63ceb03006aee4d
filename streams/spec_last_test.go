package streams_test

import (
	"errors"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// The cases of RxJS 7.8.1 spec/operators/last-spec.ts. RxJS's predicate
// argument is Matching here, its default value OrDefault.
//
// Left out:
//   - "should support type guards without breaking previous behavior":
//     TypeScript typing only.
func TestSpecLast(t *testing.T) {
	t.Run("should take the last value of an observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a----b--c--|   ", nil)
			h.Expect(streams.Pipe(e1, streams.Last())).ToBe("-------------(c|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------!")
		})
	})

	t.Run("should error on nothing sent but completed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^----|", nil)
			h.Expect(streams.Pipe(e1, streams.Last())).ToBe("-----#", nil, streams.ErrEmpty)
			h.ExpectSubscriptions(e1).ToBe("^----!")
		})
	})

	t.Run("should error on empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.Last())).ToBe("#", nil, streams.ErrEmpty)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should go on forever on never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			h.Expect(streams.Pipe(e1, streams.Last())).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})

	t.Run("should allow undefined as a default value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-----a--a---a-|   ", nil)
			result := streams.Pipe(e1, streams.Last(streams.Matching(func(v string) bool { return v == "b" }), streams.OrDefault(nil)))
			h.Expect(result).ToBe("--------------(U|)", map[string]any{"U": nil})
			h.ExpectSubscriptions(e1).ToBe("^-------------!")
		})
	})

	t.Run("should return last element matches with predicate", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--a--b--|   ", nil)
			result := streams.Pipe(e1, streams.Last(streams.Matching(func(v string) bool { return v == "b" })))
			h.Expect(result).ToBe("--------------(b|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------!")
		})
	})

	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--|", nil)
			h.Expect(streams.Pipe(e1, streams.Last()), "-------!").ToBe("--------", nil)
			h.ExpectSubscriptions(e1).ToBe("^------!")
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--|", nil)
			result := streams.Pipe(e1, mergeOf(), streams.Last(), mergeOf())
			h.Expect(result, "-------!").ToBe("--------", nil)
			h.ExpectSubscriptions(e1).ToBe("^------!")
		})
	})

	t.Run("should return a default value if no element found", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.Last(streams.OrDefault("a")))).ToBe("(a|)", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should not return default value if an element is found", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a---^---b---c---d---|   ", nil)
			h.Expect(streams.Pipe(e1, streams.Last(streams.OrDefault("x")))).ToBe("----------------(d|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^---------------!")
		})
	})

	t.Run("should raise error when predicate throws", func(t *testing.T) {
		errPredicate := errors.New("error")
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^---b---c---d---e--|", nil)
			predicate := func(x string) bool {
				if x == "c" {
					panic(errPredicate)
				}
				return false
			}
			h.Expect(streams.Pipe(e1, streams.Last(streams.Matching(predicate)))).ToBe("--------#", nil, errPredicate)
			h.ExpectSubscriptions(e1).ToBe("^-------!")
		})
	})
}
