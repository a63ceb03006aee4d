package streams_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/distinctUntilChanged-spec.ts.
// RxJS's comparator is DistinctUntilChangedFunc here, its key selector
// DistinctUntilChangedBy; the one case with both composes them in the
// comparator. Upstream has two cases titled "should distinguish between
// values"; Go numbers the second subtest "#01".
//
// Left out: none.
func TestSpecDistinctUntilChanged(t *testing.T) {
	numbers := map[string]any{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}

	t.Run("should distinguish between values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2-2----1-3-|", nil)
			h.Expect(streams.Pipe(e1, streams.DistinctUntilChanged[string]())).ToBe("-1--2------1-3-|", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------------!")
		})
	})

	t.Run("should distinguish between values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--a--a--b--b--a--|", nil)
			h.Expect(streams.Pipe(e1, streams.DistinctUntilChanged[string]())).ToBe("--a--------b-----a--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
		})
	})

	t.Run("should distinguish between values and does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--a--a--b--b--a-", nil)
			h.Expect(streams.Pipe(e1, streams.DistinctUntilChanged[string]())).ToBe("--a--------b-----a-", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------")
		})
	})

	t.Run("should not complete if source never completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			h.Expect(streams.Pipe(e1, streams.DistinctUntilChanged[string]())).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})

	t.Run("should not complete if source does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-", nil)
			h.Expect(streams.Pipe(e1, streams.DistinctUntilChanged[string]())).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})

	t.Run("should complete if source is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.DistinctUntilChanged[string]())).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should complete if source does not emit", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("------|", nil)
			h.Expect(streams.Pipe(e1, streams.DistinctUntilChanged[string]())).ToBe("------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-----!")
		})
	})

	t.Run("should emit if source emits single element only", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--|", nil)
			h.Expect(streams.Pipe(e1, streams.DistinctUntilChanged[string]())).ToBe("--a--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
		})
	})

	t.Run("should emit if source is scalar", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.Pipe(streams.Of("a"), streams.DistinctUntilChanged[string]())).ToBe("(a|)", nil)
		})
	})

	t.Run("should raise error if source raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--a--#", nil)
			h.Expect(streams.Pipe(e1, streams.DistinctUntilChanged[string]())).ToBe("--a-----#", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------!")
		})
	})

	t.Run("should raise error if source throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			h.Expect(streams.Pipe(e1, streams.DistinctUntilChanged[string]())).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should not omit if source elements are all different", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--f--|", nil)
			h.Expect(streams.Pipe(e1, streams.DistinctUntilChanged[string]())).ToBe("--a--b--c--d--e--f--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
		})
	})

	t.Run("should allow unsubscribing early and explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--b--d--a--f--|", nil)
			h.Expect(streams.Pipe(e1, streams.DistinctUntilChanged[string]()), "----------!").ToBe("--a--b-----", nil)
			h.ExpectSubscriptions(e1).ToBe("^---------!")
		})
	})

	t.Run("should not break unsubscription chains when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--b--d--a--f--|", nil)
			result := streams.Pipe(e1, mergeOf(), streams.DistinctUntilChanged[string](), mergeOf())
			h.Expect(result, "----------!").ToBe("--a--b-----", nil)
			h.ExpectSubscriptions(e1).ToBe("^---------!")
		})
	})

	t.Run("should emit once if source elements are all same", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--a--a--a--a--a--|", nil)
			h.Expect(streams.Pipe(e1, streams.DistinctUntilChanged[string]())).ToBe("--a-----------------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
		})
	})

	t.Run("should emit once if comparator returns true always regardless of source emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--f--|", nil)
			result := streams.Pipe(e1, streams.DistinctUntilChangedFunc(func(_, _ string) bool { return true }))
			h.Expect(result).ToBe("--a-----------------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
		})
	})

	t.Run("should emit all if comparator returns false always regardless of source emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--a--a--a--a--a--|", nil)
			result := streams.Pipe(e1, streams.DistinctUntilChangedFunc(func(_, _ string) bool { return false }))
			h.Expect(result).ToBe("--a--a--a--a--a--a--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
		})
	})

	t.Run("should distinguish values by comparator", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--f--|", numbers)
			result := streams.Pipe(e1, streams.DistinctUntilChangedFunc(func(_, y int) bool { return y%2 == 0 }))
			h.Expect(result).ToBe("--a-----c-----e-----|", map[string]any{"a": 1, "c": 3, "e": 5})
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
		})
	})

	t.Run("should raise error when comparator throws", func(t *testing.T) {
		errComparator := errors.New("error")
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--f--|", nil)
			result := streams.Pipe(e1, streams.DistinctUntilChangedFunc(func(x, y string) bool {
				if y == "d" {
					panic(errComparator)
				}
				return x == y
			}))
			h.Expect(result).ToBe("--a--b--c--#", nil, errComparator)
			h.ExpectSubscriptions(e1).ToBe("^----------!")
		})
	})

	t.Run("should use the keySelector to pick comparator values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--f--|", numbers)
			comparator := func(_, y int) bool { return y%2 == 1 }
			keySelector := func(x int) int { return x % 2 }
			result := streams.Pipe(e1, streams.DistinctUntilChangedFunc(func(prev, v int) bool {
				return comparator(keySelector(prev), keySelector(v))
			}))
			h.Expect(result).ToBe("--a--b-----d-----f--|", map[string]any{"a": 1, "b": 2, "d": 4, "f": 6})
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
		})
	})

	t.Run("should use the keySelector even for the first emit", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--|", map[string]any{"a": 2, "b": 4})
			result := streams.Pipe(e1, streams.DistinctUntilChangedBy(func(x int) int { return x % 2 }))
			h.Expect(result).ToBe("--a-----|", map[string]any{"a": 2})
			h.ExpectSubscriptions(e1).ToBe("^-------!")
		})
	})

	t.Run("should raise error when keySelector throws", func(t *testing.T) {
		errKey := errors.New("error")
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--f--|", nil)
			result := streams.Pipe(e1, streams.DistinctUntilChangedBy(func(x string) string {
				if x == "d" {
					panic(errKey)
				}
				return x
			}))
			h.Expect(result).ToBe("--a--b--c--#", nil, errKey)
			h.ExpectSubscriptions(e1).ToBe("^----------!")
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var c counter
		got, err := collect(t, streams.Pipe(sideEffects(&c), streams.DistinctUntilChanged[int](), streams.Take(3)))
		require.NoError(t, err)
		require.Equal(t, ints(0, 1, 2), got)
		require.EqualValues(t, 3, c.n.Load())
	})

	t.Run("should work properly with reentrant streams", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewSubject()
			var results []any
			// The reaction to a value runs inside its emission and pushes
			// the same value again, synchronously.
			reentrant := streams.Pipe(subject.Observable(), streams.DistinctUntilChanged[int](), streams.Map(func(n int) int {
				results = append(results, n)
				require.LessOrEqual(t, len(results), 2, "this should have only been hit once")
				subject.Next(1)
				return n
			}))
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			streams.Subscribe(ctx, reentrant, streams.Observer{})
			subject.Next(1)
			synctest.Wait()
			require.Equal(t, []any{1}, results)
		})
	})
}
