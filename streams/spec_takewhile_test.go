package streams_test

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/takeWhile-spec.ts.
//
// The predicate takes the value only, as Filter's does; the case that uses
// RxJS's index argument counts values in a predicate made per subscription
// (perSubscription, indexed).
//
// Left out:
//   - "should take all elements with truthy predicate" and "should skip
//     all elements with falsy predicate": a Go predicate returns a bool,
//     so there is no truthiness to test beyond the true and false cases
//     ported.
//   - "should support type guards without breaking previous behavior":
//     TypeScript typing only.
func TestSpecTakeWhile(t *testing.T) {
	notD := func(v string) bool { return v != "d" }

	t.Run("should take all elements until predicate is false", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1-^2--3--4--5--6--|", nil)
			result := streams.Pipe(e1, streams.TakeWhile(func(v string) bool { return number(v) < 4 }, false))
			h.Expect(result).ToBe("-2--3--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------!")
		})
	})

	t.Run("should take all elements with predicate returns true", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^-b--c--d--e--|", nil)
			result := streams.Pipe(e1, streams.TakeWhile(func(string) bool { return true }, false))
			h.Expect(result).ToBe("--b--c--d--e--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------!")
		})
	})

	t.Run("should skip all elements with predicate returns false", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^-b--c--d--e--|", nil)
			result := streams.Pipe(e1, streams.TakeWhile(func(string) bool { return false }, false))
			h.Expect(result).ToBe("--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-!")
		})
	})

	t.Run("should take all elements until predicate return false", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^-b--c--d--e--|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeWhile(notD, false))).ToBe("--b--c--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------!")
		})
	})

	t.Run("should take all elements up to and including the element that made the predicate return false", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^-b--c--d--e--|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeWhile(notD, true))).ToBe("--b--c--(d|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------!")
		})
	})

	t.Run("should take elements with predicate when source does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^-b--c--d--e--", nil)
			result := streams.Pipe(e1, streams.TakeWhile(func(string) bool { return true }, false))
			h.Expect(result).ToBe("--b--c--d--e--", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------")
		})
	})

	t.Run("should not complete when source never completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			result := streams.Pipe(e1, streams.TakeWhile(func(string) bool { return true }, false))
			h.Expect(result).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})

	t.Run("should complete when source does not emit", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^------------|", nil)
			result := streams.Pipe(e1, streams.TakeWhile(func(string) bool { return true }, false))
			h.Expect(result).ToBe("-------------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------!")
		})
	})

	t.Run("should complete when source is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			result := streams.Pipe(e1, streams.TakeWhile(func(string) bool { return true }, false))
			h.Expect(result).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should pass element index to predicate", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^-b--c--d--e--|", nil)
			result := perSubscription(e1, func() streams.Operator {
				return streams.TakeWhile(indexed(func(_ string, i int) bool { return i < 2 }), false)
			})
			h.Expect(result).ToBe("--b--c--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------!")
		})
	})

	t.Run("should raise error when source raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^-b--c--d--e--#", nil)
			result := streams.Pipe(e1, streams.TakeWhile(func(string) bool { return true }, false))
			h.Expect(result).ToBe("--b--c--d--e--#", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------!")
		})
	})

	t.Run("should raise error when source throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			result := streams.Pipe(e1, streams.TakeWhile(func(string) bool { return true }, false))
			h.Expect(result).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should invoke predicate until return false", func(t *testing.T) {
		var invoked atomic.Int64
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^-b--c--d--e--|", nil)
			result := streams.Pipe(e1, streams.TakeWhile(func(v string) bool {
				invoked.Add(1)
				return v != "d"
			}, false))
			h.Expect(result).ToBe("--b--c--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------!")
		})
		require.EqualValues(t, 3, invoked.Load())
	})

	t.Run("should raise error if predicate throws", func(t *testing.T) {
		errPredicate := errors.New("error")
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^-b--c--d--e--|", nil)
			result := streams.Pipe(e1, streams.TakeWhile(func(string) bool { panic(errPredicate) }, false))
			h.Expect(result).ToBe("--#", nil, errPredicate)
			h.ExpectSubscriptions(e1).ToBe("^-!")
		})
	})

	t.Run("should take elements until unsubscribed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^-b--c--d--e--|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeWhile(notD, false)), "-----!").ToBe("--b---", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
		})
	})

	t.Run("should not break unsubscription chain when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a-^-b--c--d--e--|", nil)
			result := streams.Pipe(e1, mergeOf(), streams.TakeWhile(notD, false), mergeOf())
			h.Expect(result, "-----!").ToBe("--b---", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var c counter
		got, err := collect(t, streams.Pipe(sideEffects(&c), streams.TakeWhile(func(v int) bool { return v < 2 }, false)))
		require.NoError(t, err)
		require.Equal(t, ints(0, 1), got)
		require.EqualValues(t, 3, c.n.Load())
	})
}
