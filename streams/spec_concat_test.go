package streams_test

import (
	"context"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/observables/concat-spec.ts.
//
// Left out:
//   - "should use the scheduler even when one Observable is concat'd":
//     Concat takes no scheduler.
//   - The second "should emit elements from second source regardless of
//     completion time when second source is cold observable" and "should
//     not emit collapsing element from second source": upstream repeats
//     them word for word.
//
// "should return RxJS Observable when single lowerCaseO was passed" uses a
// plain rxgo observable, the foreign observable Go has, in place of
// lowerCaseO; "should concat an immediately-scheduled source with an
// immediately-scheduled second" uses Of, which emits at once, without a
// scheduler.
func TestSpecConcat(t *testing.T) {
	t.Run("should emit elements from multiple sources", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-a-b-c-|", nil)
			e2 := h.Cold("-0-1-|", nil)
			e3 := h.Cold("-w-x-y-z-|", nil)
			h.Expect(streams.Concat(e1, e2, e3)).ToBe("-a-b-c--0-1--w-x-y-z-|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------!")
			h.ExpectSubscriptions(e2).ToBe("-------^----!")
			h.ExpectSubscriptions(e3).ToBe("------------^--------!")
		})
	})

	t.Run("should concat the same cold observable multiple times", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inner := h.Cold("--i-j-k-l-|", nil)
			h.Expect(streams.Concat(inner, inner, inner, inner)).ToBe("--i-j-k-l---i-j-k-l---i-j-k-l---i-j-k-l-|", nil)
			h.ExpectSubscriptions(inner).ToBe(
				"^---------!",
				"----------^---------!",
				"--------------------^---------!",
				"------------------------------^---------!",
			)
		})
	})

	t.Run("should concat the same cold observable multiple times, but the result is unsubscribed early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inner := h.Cold("--i-j-k-l-|", nil)
			h.Expect(streams.Concat(inner, inner, inner, inner), "---------------!").ToBe("--i-j-k-l---i-j-", nil)
			h.ExpectSubscriptions(inner).ToBe("^---------!", "----------^----!")
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inner := h.Cold("--i-j-k-l-|", nil)
			wrapped := streams.Pipe(inner, streams.MergeMap(ofOne, 0))
			result := streams.Pipe(streams.Concat(wrapped, wrapped, wrapped, wrapped), streams.MergeMap(ofOne, 0))
			h.Expect(result, "---------------!").ToBe("--i-j-k-l---i-j-", nil)
			h.ExpectSubscriptions(inner).ToBe("^---------!", "----------^----!")
		})
	})

	t.Run("should complete without emit if both sources are empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--|", nil)
			e2 := h.Cold("----|", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("--^---!")
		})
	})

	t.Run("should not complete if first source does not completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			e2 := h.Cold("--|", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
			h.ExpectSubscriptions(e2).ToBe()
		})
	})

	t.Run("should not complete if second source does not completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--|", nil)
			e2 := h.Cold("---", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("---", nil)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("--^")
		})
	})

	t.Run("should not complete if both sources do not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			e2 := h.Cold("-", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
			h.ExpectSubscriptions(e2).ToBe()
		})
	})

	t.Run("should raise error when first source is empty, second source raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--|", nil)
			e2 := h.Cold("----#", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("------#", nil)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("--^---!")
		})
	})

	t.Run("should raise error when first source raises error, second source is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("---#", nil)
			e2 := h.Cold("----|", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("---#", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
			h.ExpectSubscriptions(e2).ToBe()
		})
	})

	t.Run("should raise first error when both source raise error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("---#", nil)
			e2 := h.Cold("------#", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("---#", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
			h.ExpectSubscriptions(e2).ToBe()
		})
	})

	t.Run("should concat if first source emits once, second source is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a--|", nil)
			e2 := h.Cold("--------|", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("--a----------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
			h.ExpectSubscriptions(e2).ToBe("-----^-------!")
		})
	})

	t.Run("should concat if first source is empty, second source emits once", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--|", nil)
			e2 := h.Cold("--a--|", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("----a--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("--^----!")
		})
	})

	t.Run("should emit element from first source, and should not complete if second source does not completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a--|", nil)
			e2 := h.Cold("-", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("--a---", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
			h.ExpectSubscriptions(e2).ToBe("-----^")
		})
	})

	t.Run("should not complete if first source does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			e2 := h.Cold("--a--|", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
			h.ExpectSubscriptions(e2).ToBe()
		})
	})

	t.Run("should emit elements from each source when source emit once", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("---a|", nil)
			e2 := h.Cold("-----b--|", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("---a-----b--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^---!")
			h.ExpectSubscriptions(e2).ToBe("----^-------!")
		})
	})

	t.Run("should unsubscribe to inner source if outer is unsubscribed early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("---a-a--a|", nil)
			e2 := h.Cold("-----b-b--b-|", nil)
			h.Expect(streams.Concat(e1, e2), "-----------------!").ToBe("---a-a--a-----b-b-", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
			h.ExpectSubscriptions(e2).ToBe("---------^-------!")
		})
	})

	t.Run("should raise error from first source and does not emit from second source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--#", nil)
			e2 := h.Cold("----a--|", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("--#", nil)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe()
		})
	})

	t.Run("should emit element from first source then raise error from second source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a--|", nil)
			e2 := h.Cold("-------#", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("--a---------#", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
			h.ExpectSubscriptions(e2).ToBe("-----^------!")
		})
	})

	t.Run("should emit all elements from both hot observable sources if first source completes before second source starts emit", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b-|", nil)
			e2 := h.Hot("--------x--y--|", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("--a--b--x--y--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------!")
			h.ExpectSubscriptions(e2).ToBe("-------^------!")
		})
	})

	t.Run("should emit elements from second source regardless of completion time when second source is cold observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c---|", nil)
			e2 := h.Cold("-x-y-z-|", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("--a--b--c----x-y-z-|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-----------!")
			h.ExpectSubscriptions(e2).ToBe("------------^------!")
		})
	})

	t.Run("should not emit collapsing element from second source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--|", nil)
			e2 := h.Hot("--------x--y--z--|", nil)
			h.Expect(streams.Concat(e1, e2)).ToBe("--a--b--c--y--z--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----------!")
			h.ExpectSubscriptions(e2).ToBe("-----------^-----!")
		})
	})

	t.Run("should return empty if concatenating an empty source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			h.Expect(streams.Concat(e1, e1)).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)", "(^!)")
		})
	})

	t.Run("should error immediately if given a just-throw source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			h.Expect(streams.Concat(e1, e1)).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should concat an immediately-scheduled source with an immediately-scheduled second", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Concat(streams.Of(1, 2, 3), streams.Of(4, 5, 6, 7, 8)))
		require.NoError(t, err)
		require.Equal(t, []any{1, 2, 3, 4, 5, 6, 7, 8}, got)
	})

	t.Run("should return passed observable if no scheduler was passed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Cold("--a---b----c---|", nil)
			h.Expect(streams.Concat(source)).ToBe("--a---b----c---|", nil)
		})
	})

	t.Run("should return RxJS Observable when single lowerCaseO was passed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.Concat(rxgo.Just("a", "b", "c")())).ToBe("(abc|)", nil)
		})
	})
}

// Bad arguments, and what RxJS's diagrams cannot show: teardown stops a
// source that emits at once, and a long run of such sources loops.
func TestConcatContract(t *testing.T) {
	t.Run("a nil source panics naming Concat", func(t *testing.T) {
		require.PanicsWithValue(t, "streams.Concat: nil source at index 1", func() { streams.Concat(streams.Of(1), nil) })
	})
	t.Run("no source completes at once", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Concat())
		require.NoError(t, err)
		require.Empty(t, got)
	})
	t.Run("Take ends a synchronous source and subscribes no further one", func(t *testing.T) {
		subscribed := 0
		later := streams.Defer(func(context.Context) rxgo.Observable { subscribed++; return streams.Of(3) })
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.Concat(streams.Of(1, 2), later), streams.Take(1)))
		require.NoError(t, err)
		require.Equal(t, []any{1}, got)
		require.Zero(t, subscribed)
	})
	t.Run("many sources completing at once", func(t *testing.T) {
		srcs := make([]rxgo.Observable, 100_000)
		for i := range srcs {
			srcs[i] = streams.Empty()
		}
		srcs[len(srcs)-1] = streams.Of("last")
		got, err := streams.Collect(t.Context(), streams.Concat(srcs...))
		require.NoError(t, err)
		require.Equal(t, []any{"last"}, got)
	})
}

// ofOne is the inner of RxJS's mergeMap(x => of(x)).
func ofOne(v any) rxgo.Observable { return streams.Of(v) }
