package streams_test

import (
	"fmt"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/mergeMap-spec.ts. RxJS's
// mergeMap(f) is MergeMap(f, 0) and mergeMap(f, n) is MergeMap(f, n).
//
// Left out:
//   - "should support the deprecated resultSelector", "should support a
//     void resultSelector (still deprecated)", "should support a void
//     resultSelector (still deprecated) and concurrency limit": the
//     result selector overloads are deprecated upstream; MergeMap has
//     none.
//   - "should map values to constant resolved promises and merge",
//     "should map values to constant rejected promises and merge",
//     "should map values to resolved promises and merge", "should map
//     values to rejected promises and merge", "should support nested
//     merges with promises": promises as ObservableInput.
//   - "should mergeMap many outer to an array for each value", "should
//     mergeMap many outer to inner arrays, and outer throws", "should
//     mergeMap many outer to inner arrays, outer gets unsubscribed",
//     "should mergeMap many outer to inner arrays, project throws",
//     "should map and flatten an Array": arrays as ObservableInput; the
//     function returns an rxgo.Observable.
//   - "should support nested merges", "should support wrapped sources":
//     they run on asapScheduler.
//   - "should properly handle errors from iterables that are processed
//     after some async": iterables as ObservableInput.
//
// An interop inner, in RxJS an observable of another library, is here
// an rxgo.Observable that is not one of ours: see foreign.
func TestSpecMergeMap(t *testing.T) {
	const mergeMapE = "-1--------2--3-----4--5--------|"
	t.Run("should map-and-flatten each item to an Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{"x": 10, "y": 30, "z": 50}
			x := h.Cold("x-x-x|", values)
			e1 := h.Hot("--1-----3--5--------|", nil)
			result := streams.Pipe(e1, streams.MergeMap(func(value string) rxgo.Observable {
				return streams.Pipe(x, streams.Map(func(i int) int { return i * atoi(value) }))
			}, 0))
			h.Expect(result).ToBe("--x-x-x-y-yzyz-z----|", values)
			h.ExpectSubscriptions(x).ToBe(
				"--^----!",
				"--------^----!",
				"-----------^----!",
			)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
		})
	})
	t.Run("should mergeMap many regular interval inners", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"a": h.Cold("----a---a---a---(a|)", nil),
				"b": h.Cold("----b---b---(b|)", nil),
				"c": h.Cold("----c---c---c---c---(c|)", nil),
				"d": h.Cold("----(d|)", nil),
			}
			e1 := h.Hot("a---b-----------c-------d-------|", nil)
			result := streams.Pipe(e1, streams.MergeMap(lookup(inners), 0))
			h.Expect(result).ToBe("----a---(ab)(ab)(ab)c---c---(cd)c---(c|)", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe("^---------------!")
			h.ExpectSubscriptions(inners["b"]).ToBe("----^-----------!")
			h.ExpectSubscriptions(inners["c"]).ToBe("----------------^-------------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("------------------------^---!")
			h.ExpectSubscriptions(e1).ToBe("^-------------------------------!")
		})
	})
	t.Run("should mergeMap many outer values to many inner values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("----i---j---k---l---|", nil)
			e1 := h.Hot("-a-------b-------c-------d-------|", nil)
			result := streams.Pipe(e1, streams.MergeMap(func(string) rxgo.Observable { return x }, 0))
			h.Expect(result).ToBe("-----i---j---(ki)(lj)(ki)(lj)(ki)(lj)k---l---|", nil)
			h.ExpectSubscriptions(x).ToBe(
				"-^-------------------!",
				"---------^-------------------!",
				"-----------------^-------------------!",
				"-------------------------^-------------------!",
			)
			h.ExpectSubscriptions(e1).ToBe("^--------------------------------!")
		})
	})
	t.Run("should mergeMap many outer to many inner, complete late", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("----i---j---k---l---|", nil)
			e1 := h.Hot("-a-------b-------c-------d-----------------------|", nil)
			result := streams.Pipe(e1, streams.MergeMap(func(string) rxgo.Observable { return x }, 0))
			h.Expect(result).ToBe("-----i---j---(ki)(lj)(ki)(lj)(ki)(lj)k---l-------|", nil)
			h.ExpectSubscriptions(x).ToBe(
				"-^-------------------!",
				"---------^-------------------!",
				"-----------------^-------------------!",
				"-------------------------^-------------------!",
			)
			h.ExpectSubscriptions(e1).ToBe("^------------------------------------------------!")
		})
	})
	t.Run("should mergeMap many outer to many inner, outer never completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("----i---j---k---l---|", nil)
			e1 := h.Hot("-a-------b-------c-------d-------e---------------f------", nil)
			result := streams.Pipe(e1, streams.MergeMap(func(string) rxgo.Observable { return x }, 0))
			h.Expect(result, "-------------------------------------------------------!").
				ToBe("-----i---j---(ki)(lj)(ki)(lj)(ki)(lj)(ki)(lj)k---l---i--", nil)
			h.ExpectSubscriptions(x).ToBe(
				"-^-------------------!",
				"---------^-------------------!",
				"-----------------^-------------------!",
				"-------------------------^-------------------!",
				"---------------------------------^-------------------!",
				"-------------------------------------------------^-----!",
			)
			h.ExpectSubscriptions(e1).ToBe("^------------------------------------------------------!")
		})
	})
	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("----i---j---k---l---|", nil)
			e1 := h.Hot("-a-------b-------c-------d-------e---------------f------", nil)
			identity := func(x any) any { return x }
			result := streams.Pipe(e1,
				streams.Map(identity),
				streams.MergeMap(func(string) rxgo.Observable { return x }, 0),
				streams.Map(identity),
			)
			h.Expect(result, "-------------------------------------------------------!").
				ToBe("-----i---j---(ki)(lj)(ki)(lj)(ki)(lj)(ki)(lj)k---l---i--", nil)
			h.ExpectSubscriptions(x).ToBe(
				"-^-------------------!",
				"---------^-------------------!",
				"-----------------^-------------------!",
				"-------------------------^-------------------!",
				"---------------------------------^-------------------!",
				"-------------------------------------------------^-----!",
			)
			h.ExpectSubscriptions(e1).ToBe("^------------------------------------------------------!")
		})
	})
	t.Run("should not break unsubscription chains with interop inners when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"x": h.Cold("--a--b--c--d--e--|", nil),
				"y": h.Cold("---f---g---h---i--|", nil),
			}
			e1 := h.Hot("---------x---------y---------|", nil)
			result := streams.Pipe(e1,
				streams.MergeMap(ofString, 0),
				streams.MergeMap(func(v string) rxgo.Observable { return foreign{inners[v]} }, 0),
				streams.MergeMap(ofString, 0),
			)
			h.Expect(result, "---------------------!").ToBe("-----------a--b--c--d-", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^-----------!")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------^-!")
			h.ExpectSubscriptions(e1).ToBe("^--------------------!")
		})
	})
	t.Run("should mergeMap many outer to many inner, inner never completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("----i---j---k---l-------------------------", nil)
			e1 := h.Hot("-a-------b-------c-------d-------|", nil)
			result := streams.Pipe(e1, streams.MergeMap(func(string) rxgo.Observable { return x }, 0))
			h.Expect(result).ToBe("-----i---j---(ki)(lj)(ki)(lj)(ki)(lj)k---l-", nil)
			h.ExpectSubscriptions(x).ToBe(
				"-^-----------------------------------------",
				"---------^---------------------------------",
				"-----------------^-------------------------",
				"-------------------------^-----------------",
			)
			h.ExpectSubscriptions(e1).ToBe("^--------------------------------!")
		})
	})
	t.Run("should mergeMap many outer to many inner, and inner throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("----i---j---k---l-------#", nil)
			e1 := h.Hot("-a-------b-------c-------d", nil)
			result := streams.Pipe(e1, streams.MergeMap(func(string) rxgo.Observable { return x }, 0))
			h.Expect(result).ToBe("-----i---j---(ki)(lj)(ki)#", nil)
			h.ExpectSubscriptions(x).ToBe(
				"-^-----------------------!",
				"---------^---------------!",
				"-----------------^-------!",
				"-------------------------(^!)",
			)
			h.ExpectSubscriptions(e1).ToBe("^------------------------!")
		})
	})
	t.Run("should mergeMap many outer to many inner, and outer throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("----i---j---k---l---|", nil)
			e1 := h.Hot("-a-------b-------c-------d-------#", nil)
			result := streams.Pipe(e1, streams.MergeMap(func(string) rxgo.Observable { return x }, 0))
			h.Expect(result).ToBe("-----i---j---(ki)(lj)(ki)(lj)(ki)#", nil)
			h.ExpectSubscriptions(x).ToBe(
				"-^-------------------!",
				"---------^-------------------!",
				"-----------------^---------------!",
				"-------------------------^-------!",
			)
			h.ExpectSubscriptions(e1).ToBe("^--------------------------------!")
		})
	})
	t.Run("should mergeMap many outer to many inner, both inner and outer throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("----i---j---k---l---#", nil)
			e1 := h.Hot("-a-------b-------c-------d-------#", nil)
			result := streams.Pipe(e1, streams.MergeMap(func(string) rxgo.Observable { return x }, 0))
			h.Expect(result).ToBe("-----i---j---(ki)(lj)#", nil)
			h.ExpectSubscriptions(x).ToBe(
				"-^-------------------!",
				"---------^-----------!",
				"-----------------^---!",
			)
			h.ExpectSubscriptions(e1).ToBe("^--------------------!")
		})
	})
	t.Run("should mergeMap to many cold Observable, with parameter concurrency=1", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("----i---j---k---l---|", nil)
			e1 := h.Hot("-a-------b-------c---|", nil)
			result := streams.Pipe(e1, streams.MergeMap(func(string) rxgo.Observable { return x }, 1))
			h.Expect(result).ToBe("-----i---j---k---l-------i---j---k---l-------i---j---k---l---|", nil)
			h.ExpectSubscriptions(x).ToBe(
				"-^-------------------!",
				"---------------------^-------------------!",
				"-----------------------------------------^-------------------!",
			)
			h.ExpectSubscriptions(e1).ToBe("^--------------------!")
		})
	})
	t.Run("should mergeMap to many cold Observable, with parameter concurrency=2", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("----i---j---k---l---|", nil)
			e1 := h.Hot("-a-------b-------c---|", nil)
			result := streams.Pipe(e1, streams.MergeMap(func(string) rxgo.Observable { return x }, 2))
			h.Expect(result).ToBe("-----i---j---(ki)(lj)k---(li)j---k---l---|", nil)
			h.ExpectSubscriptions(x).ToBe(
				"-^-------------------!",
				"---------^-------------------!",
				"---------------------^-------------------!",
			)
			h.ExpectSubscriptions(e1).ToBe("^--------------------!")
		})
	})
	t.Run("should mergeMap to many hot Observable, with parameter concurrency=1", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"a": h.Hot("x----i---j---k---l---|", nil),
				"b": h.Hot("-x-x-xxxx-x-x-xxxxx-x----i---j---k---l---|", nil),
				"c": h.Hot("x-xxxx---x-x-x-x-x-xx--x--x-x--x--xxxx-x-----i---j---k---l---|", nil),
			}
			e1 := h.Hot("-a-------b-------c---|", nil)
			result := streams.Pipe(e1, streams.MergeMap(lookup(inners), 1))
			h.Expect(result).ToBe("-----i---j---k---l-------i---j---k---l-------i---j---k---l---|", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe("-^-------------------!")
			h.ExpectSubscriptions(inners["b"]).ToBe("---------------------^-------------------!")
			h.ExpectSubscriptions(inners["c"]).ToBe("-----------------------------------------^-------------------!")
			h.ExpectSubscriptions(e1).ToBe("^--------------------!")
		})
	})
	t.Run("should mergeMap to many hot Observable, with parameter concurrency=2", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"a": h.Hot("x----i---j---k---l---|", nil),
				"b": h.Hot("-x-x-xxxx----i---j---k---l---|", nil),
				"c": h.Hot("x-xxxx---x-x-x-x-x-xx----i---j---k---l---|", nil),
			}
			e1 := h.Hot("-a-------b-------c---|", nil)
			result := streams.Pipe(e1, streams.MergeMap(lookup(inners), 2))
			h.Expect(result).ToBe("-----i---j---(ki)(lj)k---(li)j---k---l---|", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe("-^-------------------!")
			h.ExpectSubscriptions(inners["b"]).ToBe("---------^-------------------!")
			h.ExpectSubscriptions(inners["c"]).ToBe("---------------------^-------------------!")
			h.ExpectSubscriptions(e1).ToBe("^--------------------!")
		})
	})
	t.Run("should mergeMap many complex, where all inners are finite", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5------------------6-|", "-----------2--3|", mergeMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g|", nil)
			result := streams.Pipe(e1, streams.MergeMap(lookup(inners), 0))
			h.Expect(result).ToBe("---2--3--4--5---1--2--3--2--3--6--4--5---1-2--|", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^------------------------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("--------^--------------!")
			h.ExpectSubscriptions(inners["e"]).ToBe("---------------^------------------------------!")
			h.ExpectSubscriptions(inners["f"]).ToBe("--------------------------------^-!")
			h.ExpectSubscriptions(inners["g"]).ToBe("--------------------------------------^-----!")
			h.ExpectSubscriptions(e1).ToBe("^--------------------------------------!")
		})
	})
	t.Run("should mergeMap many complex, all inners finite except one", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5------------------6-|", "-----------2--3-", mergeMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g|", nil)
			result := streams.Pipe(e1, streams.MergeMap(lookup(inners), 0))
			h.Expect(result).ToBe("---2--3--4--5---1--2--3--2--3--6--4--5---1-2---", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^------------------------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("--------^---------------")
			h.ExpectSubscriptions(inners["e"]).ToBe("---------------^------------------------------!")
			h.ExpectSubscriptions(inners["f"]).ToBe("--------------------------------^-!")
			h.ExpectSubscriptions(inners["g"]).ToBe("--------------------------------------^-----!")
			h.ExpectSubscriptions(e1).ToBe("^--------------------------------------!")
		})
	})
	t.Run("should mergeMap many complex, inners finite, outer does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5------------------6-|", "-----------2--3|", mergeMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g--------", nil)
			result := streams.Pipe(e1, streams.MergeMap(lookup(inners), 0))
			h.Expect(result).ToBe("---2--3--4--5---1--2--3--2--3--6--4--5---1-2---", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^------------------------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("--------^--------------!")
			h.ExpectSubscriptions(inners["e"]).ToBe("---------------^------------------------------!")
			h.ExpectSubscriptions(inners["f"]).ToBe("--------------------------------^-!")
			h.ExpectSubscriptions(inners["g"]).ToBe("--------------------------------------^-----!")
			h.ExpectSubscriptions(e1).ToBe("^----------------------------------------------")
		})
	})
	t.Run("should mergeMap many complex, all inners finite, and outer throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5------------------6-|", "-----------2--3|", mergeMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g#", nil)
			result := streams.Pipe(e1, streams.MergeMap(lookup(inners), 0))
			h.Expect(result).ToBe("---2--3--4--5---1--2--3--2--3--6--4--5-#", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^------------------------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("--------^--------------!")
			h.ExpectSubscriptions(inners["e"]).ToBe("---------------^-----------------------!")
			h.ExpectSubscriptions(inners["f"]).ToBe("--------------------------------^-!")
			h.ExpectSubscriptions(inners["g"]).ToBe("--------------------------------------^!")
			h.ExpectSubscriptions(e1).ToBe("^--------------------------------------!")
		})
	})
	t.Run("should mergeMap many complex, all inners complete except one throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5------------------6-#", "-----------2--3|", mergeMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g|", nil)
			result := streams.Pipe(e1, streams.MergeMap(lookup(inners), 0))
			h.Expect(result).ToBe("---2--3--4--5---1--2--3--2--3--6-#", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^------------------------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("--------^--------------!")
			h.ExpectSubscriptions(inners["e"]).ToBe("---------------^-----------------!")
			h.ExpectSubscriptions(inners["f"]).ToBe("--------------------------------^!")
			h.ExpectSubscriptions(inners["g"]).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^--------------------------------!")
		})
	})
	t.Run("should mergeMap many complex, all inners finite, outer is unsubscribed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5------------------6-|", "-----------2--3|", mergeMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g|", nil)
			result := streams.Pipe(e1, streams.MergeMap(lookup(inners), 0))
			h.Expect(result, "------------------------------!").ToBe("---2--3--4--5---1--2--3--2--3--", nil)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^---------------------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("--------^--------------!")
			h.ExpectSubscriptions(inners["e"]).ToBe("---------------^--------------!")
			h.ExpectSubscriptions(inners["f"]).ToBe()
			h.ExpectSubscriptions(inners["g"]).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^-----------------------------!")
		})
	})
	t.Run("should mergeMap many complex, all inners finite, project throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := complexInners(h, "-2--3--4--5------------------6-|", "-----------2--3|", mergeMapE, "---1-2|")
			e1 := h.Hot("-a-b--^-c-----d------e----------------f-----g|", nil)
			project := func(value string) rxgo.Observable {
				if value == "e" {
					panic(errThrown)
				}
				return inners[value]
			}
			result := streams.Pipe(e1, streams.MergeMap(project, 0))
			h.Expect(result).ToBe("---2--3--4--5--#", nil, errThrown)
			h.ExpectSubscriptions(inners["a"]).ToBe()
			h.ExpectSubscriptions(inners["b"]).ToBe()
			h.ExpectSubscriptions(inners["c"]).ToBe("--^------------!")
			h.ExpectSubscriptions(inners["d"]).ToBe("--------^------!")
			h.ExpectSubscriptions(inners["e"]).ToBe()
			h.ExpectSubscriptions(inners["f"]).ToBe()
			h.ExpectSubscriptions(inners["g"]).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^--------------!")
		})
	})
	t.Run("should map and flatten", func(t *testing.T) {
		source := streams.Pipe(streams.Of(1, 2, 3, 4), streams.MergeMap(func(x int) rxgo.Observable {
			return streams.Of(fmt.Sprint(x) + "!")
		}, 0))
		values, err := collect(t, source)
		require.NoError(t, err)
		require.Equal(t, []any{"1!", "2!", "3!", "4!"}, values)
	})
	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		result := streams.Pipe(synchronousSource(&sideEffects),
			streams.MergeMap(func(v int) rxgo.Observable { return streams.Of(v) }, 0),
			streams.Take(3),
		)
		subscribeSynchronously(t, result, streams.Observer{})
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
