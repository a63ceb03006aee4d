package streams_test

import (
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/concatMap-spec.ts.
//
// Left out:
//   - "should support the deprecated resultSelector", "should support a
//     void resultSelector (still deprecated)": the result selector
//     overloads are deprecated upstream; ConcatMap has none.
//   - "should finalize before moving to the next observable": it needs
//     finalize, which streams does not have, and runs on the scheduler
//     outside run mode.
//   - "should concatMap many outer to an array for each value", "should
//     concatMap many outer to inner arrays, outer unsubscribed early",
//     "should concatMap many outer to inner arrays, project throws":
//     arrays as ObservableInput.
//   - "should map values to constant resolved promises and concatenate",
//     "should map values to constant rejected promises and concatenate",
//     "should map values to resolved promises and concatenate", "should
//     map values to rejected promises and concatenate": promises as
//     ObservableInput.
func TestSpecConcatMap(t *testing.T) {
	const concatMapE = "-1------2--3-4-5---|"
	fooBar := map[string]any{"i": "foo", "j": "bar", "k": "baz", "l": "qux"}

	t.Run("should map-and-flatten each item to an Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--1-----3--5-------|", nil)
			e2 := h.Cold("x-x-x|", map[string]any{"x": 10})
			result := streams.Pipe(e1, streams.ConcatMap(func(x string) rxgo.Observable {
				return streams.Pipe(e2, streams.Map(func(i int) int { return i * atoi(x) }))
			}))
			h.Expect(result).ToBe("--x-x-x-y-y-yz-z-z-|", map[string]any{"x": 10, "y": 30, "z": 50})
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should concatenate many regular interval inners", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"a": h.Cold("--a-a-a-(a|)", nil),
				"b": h.Cold("----b--b--(b|)", nil),
				"c": h.Cold("-c-c-(c|)", nil),
				"d": h.Cold("------(d|)", nil),
			}
			e1 := h.Hot("a---b--------------------c-d----|", nil)
			result := streams.Pipe(e1, streams.ConcatMap(lookup(inners)))
			h.Expect(result).ToBe("--a-a-a-a---b--b--b-------c-c-c-----(d|)", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe("^-------!")
			h.ExpectSubscriptions(inners["b"]).ToBe("--------^---------!")
			h.ExpectSubscriptions(inners["c"]).ToBe("-------------------------^----!")
			h.ExpectSubscriptions(inners["d"]).ToBe("------------------------------^-----!")
			h.ExpectSubscriptions(e1).ToBe("^-------------------------------!")
		})
	})
	t.Run("should concatMap many outer values to many inner values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a---b---c---d---|", nil)
			inner := h.Cold("--i-j-k-l-|", fooBar)
			result := streams.Pipe(e1, streams.ConcatMap(func(string) rxgo.Observable { return inner }))
			h.Expect(result).ToBe("---i-j-k-l---i-j-k-l---i-j-k-l---i-j-k-l-|", fooBar)
			h.ExpectSubscriptions(inner).ToBe(
				"-^---------!",
				"-----------^---------!",
				"---------------------^---------!",
				"-------------------------------^---------!",
			)
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
		})
	})
	t.Run("should handle an empty source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			inner := h.Cold("-1-2-3|", nil)
			h.Expect(streams.Pipe(e1, streams.ConcatMap(func(string) rxgo.Observable { return inner }))).ToBe("|", nil)
			h.ExpectSubscriptions(inner).ToBe()
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
	t.Run("should handle a never source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			inner := h.Cold("-1-2-3|", nil)
			h.Expect(streams.Pipe(e1, streams.ConcatMap(func(string) rxgo.Observable { return inner }))).ToBe("-", nil)
			h.ExpectSubscriptions(inner).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})
	t.Run("should error immediately if given a just-throw source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			inner := h.Cold("-1-2-3|", nil)
			h.Expect(streams.Pipe(e1, streams.ConcatMap(func(string) rxgo.Observable { return inner }))).ToBe("#", nil)
			h.ExpectSubscriptions(inner).ToBe()
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
	t.Run("should return a silenced version of the source if the mapped inner is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a-b--c-|", nil)
			inner := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.ConcatMap(func(string) rxgo.Observable { return inner }))).ToBe("---------|", nil)
			h.ExpectSubscriptions(inner).ToBe("--(^!)", "----(^!)", "-------(^!)")
			h.ExpectSubscriptions(e1).ToBe("^--------!")
		})
	})
	t.Run("should return a never if the mapped inner is never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a-b--c-|", nil)
			inner := h.Cold("-", nil)
			h.Expect(streams.Pipe(e1, streams.ConcatMap(func(string) rxgo.Observable { return inner }))).ToBe("----------", nil)
			h.ExpectSubscriptions(inner).ToBe("--^-------")
			h.ExpectSubscriptions(e1).ToBe("^--------!")
		})
	})
	t.Run("should propagate errors if the mapped inner is a just-throw Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a-b--c-|", nil)
			inner := h.Cold("#", nil)
			h.Expect(streams.Pipe(e1, streams.ConcatMap(func(string) rxgo.Observable { return inner }))).ToBe("--#", nil)
			h.ExpectSubscriptions(inner).ToBe("--(^!)")
			h.ExpectSubscriptions(e1).ToBe("^-!")
		})
	})
	t.Run("should concatMap many outer to many inner, complete late", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a---b---c---d----------------------------------|", nil)
			inner := h.Cold("--i-j-k-l-|", fooBar)
			result := streams.Pipe(e1, streams.ConcatMap(func(string) rxgo.Observable { return inner }))
			h.Expect(result).ToBe("---i-j-k-l---i-j-k-l---i-j-k-l---i-j-k-l--------|", fooBar)
			h.ExpectSubscriptions(inner).ToBe(
				"-^---------!",
				"-----------^---------!",
				"---------------------^---------!",
				"-------------------------------^---------!",
			)
			h.ExpectSubscriptions(e1).ToBe("^-----------------------------------------------!")
		})
	})
	t.Run("should concatMap many outer to many inner, outer never completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a---b---c---d-----------------------------------", nil)
			inner := h.Cold("--i-j-k-l-|", fooBar)
			result := streams.Pipe(e1, streams.ConcatMap(func(string) rxgo.Observable { return inner }))
			h.Expect(result).ToBe("---i-j-k-l---i-j-k-l---i-j-k-l---i-j-k-l---------", fooBar)
			h.ExpectSubscriptions(inner).ToBe(
				"-^---------!",
				"-----------^---------!",
				"---------------------^---------!",
				"-------------------------------^---------!",
			)
			h.ExpectSubscriptions(e1).ToBe("^------------------------------------------------")
		})
	})
	t.Run("should concatMap many outer to many inner, inner never completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a---b---c---d---|", nil)
			inner := h.Cold("--i-j-k-l-", fooBar)
			result := streams.Pipe(e1, streams.ConcatMap(func(string) rxgo.Observable { return inner }))
			h.Expect(result).ToBe("---i-j-k-l--------", fooBar)
			h.ExpectSubscriptions(inner).ToBe("-^----------------")
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
		})
	})
	t.Run("should concatMap many outer to many inner, and inner throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a---b---c---d---|", nil)
			inner := h.Cold("--i-j-k-l-#", fooBar)
			result := streams.Pipe(e1, streams.ConcatMap(func(string) rxgo.Observable { return inner }))
			h.Expect(result).ToBe("---i-j-k-l-#", fooBar)
			h.ExpectSubscriptions(inner).ToBe("-^---------!")
			h.ExpectSubscriptions(e1).ToBe("^----------!")
		})
	})
	t.Run("should concatMap many outer to many inner, and outer throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a---b---c---d---#", nil)
			inner := h.Cold("--i-j-k-l-|", fooBar)
			result := streams.Pipe(e1, streams.ConcatMap(func(string) rxgo.Observable { return inner }))
			h.Expect(result).ToBe("---i-j-k-l---i-j-#", fooBar)
			h.ExpectSubscriptions(inner).ToBe("-^---------!", "-----------^-----!")
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
		})
	})
	t.Run("should concatMap many outer to many inner, both inner and outer throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a---b---c---d---#", nil)
			inner := h.Cold("--i-j-k-l-#", fooBar)
			result := streams.Pipe(e1, streams.ConcatMap(func(string) rxgo.Observable { return inner }))
			h.Expect(result).ToBe("---i-j-k-l-#", fooBar)
			h.ExpectSubscriptions(inner).ToBe("-^---------!")
			h.ExpectSubscriptions(e1).ToBe("^----------!")
		})
	})
	t.Run("should concatMap many complex, where all inners are finite", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5----6-|", "----2--3|", concatMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g|", nil)
			result := streams.Pipe(e1, streams.ConcatMap(lookup(inners)))
			h.Expect(result).ToBe("---2--3--4--5----6-----2--3-1------2--3-4-5--------1-2|", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^----------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("-------------------^-------!")
			h.ExpectSubscriptions(inners["e"]).ToBe("---------------------------^------------------!")
			h.ExpectSubscriptions(inners["f"]).ToBe("----------------------------------------------^-!")
			h.ExpectSubscriptions(inners["g"]).ToBe("------------------------------------------------^-----!")
			h.ExpectSubscriptions(e1).ToBe("^--------------------------------------!")
		})
	})
	t.Run("should concatMap many complex, all inners finite except one", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5----6-|", "----2--3-", concatMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g|", nil)
			result := streams.Pipe(e1, streams.ConcatMap(lookup(inners)))
			h.Expect(result).ToBe("---2--3--4--5----6-----2--3----------------------------", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^----------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("-------------------^-----------------------------------")
			h.ExpectSubscriptions(inners["e"]).ToBe()
			h.ExpectSubscriptions(inners["f"]).ToBe()
			h.ExpectSubscriptions(inners["g"]).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^--------------------------------------!")
		})
	})
	t.Run("should concatMap many complex, inners finite, outer does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5----6-|", "----2--3|", concatMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g---", nil)
			result := streams.Pipe(e1, streams.ConcatMap(lookup(inners)))
			h.Expect(result).ToBe("---2--3--4--5----6-----2--3-1------2--3-4-5--------1-2-", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^----------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("-------------------^-------!")
			h.ExpectSubscriptions(inners["e"]).ToBe("---------------------------^------------------!")
			h.ExpectSubscriptions(inners["f"]).ToBe("----------------------------------------------^-!")
			h.ExpectSubscriptions(inners["g"]).ToBe("------------------------------------------------^-----!")
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})
	t.Run("should concatMap many complex, all inners finite, and outer throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5----6-|", "----2--3|", concatMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g#", nil)
			result := streams.Pipe(e1, streams.ConcatMap(lookup(inners)))
			h.Expect(result).ToBe("---2--3--4--5----6-----2--3-1------2--3#", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^----------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("-------------------^-------!")
			h.ExpectSubscriptions(inners["e"]).ToBe("---------------------------^-----------!")
			h.ExpectSubscriptions(inners["f"]).ToBe()
			h.ExpectSubscriptions(inners["g"]).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^--------------------------------------!")
		})
	})
	t.Run("should concatMap many complex, all inners complete except one throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5----6-#", "----2--3|", concatMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g|", nil)
			result := streams.Pipe(e1, streams.ConcatMap(lookup(inners)))
			h.Expect(result).ToBe("---2--3--4--5----6-#", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^----------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe()
			h.ExpectSubscriptions(inners["e"]).ToBe()
			h.ExpectSubscriptions(inners["f"]).ToBe()
			h.ExpectSubscriptions(inners["g"]).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should concatMap many complex, all inners finite, outer is unsubscribed early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5----6-|", "----2--3|", concatMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g|", nil)
			result := streams.Pipe(e1, streams.ConcatMap(lookup(inners)))
			h.Expect(result, "^-----------------------------!").ToBe("---2--3--4--5----6-----2--3-1--", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^----------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("-------------------^-------!")
			h.ExpectSubscriptions(inners["e"]).ToBe("---------------------------^--!")
			h.ExpectSubscriptions(inners["f"]).ToBe()
			h.ExpectSubscriptions(inners["g"]).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^-----------------------------!")
		})
	})
	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5----6-|", "----2--3|", concatMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g|", nil)
			result := streams.Pipe(e1,
				streams.MergeMap(ofString, 0),
				streams.ConcatMap(lookup(inners)),
				streams.MergeMap(ofString, 0),
			)
			h.Expect(result, "^-----------------------------!").ToBe("---2--3--4--5----6-----2--3-1--", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^----------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("-------------------^-------!")
			h.ExpectSubscriptions(inners["e"]).ToBe("---------------------------^--!")
			h.ExpectSubscriptions(inners["f"]).ToBe()
			h.ExpectSubscriptions(inners["g"]).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^-----------------------------!")
		})
	})
	t.Run("should concatMap many complex, all inners finite, project throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5----6-|", "----2--3|", concatMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g|", nil)
			project := func(value string) rxgo.Observable {
				if value == "e" {
					panic(errThrown)
				}
				return inners[value]
			}
			h.Expect(streams.Pipe(e1, streams.ConcatMap(project))).ToBe("---2--3--4--5----6-----2--3#", nil, errThrown)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^----------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("-------------------^-------!")
			h.ExpectSubscriptions(inners["e"]).ToBe()
			h.ExpectSubscriptions(inners["f"]).ToBe()
			h.ExpectSubscriptions(inners["g"]).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^--------------------------!")
		})
	})
	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		result := streams.Pipe(synchronousSource(&sideEffects),
			streams.ConcatMap(func(v int) rxgo.Observable { return streams.Of(v) }),
			streams.Take(3),
		)
		subscribeSynchronously(t, result, streams.Observer{})
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
