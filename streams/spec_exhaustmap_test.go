package streams_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/exhaustMap-spec.ts.
//
// Left out:
//   - "should support the deprecated resultSelector", "should support a
//     void resultSelector (still deprecated)": the result selector
//     overloads are deprecated upstream; ExhaustMap has none.
//   - The first of the two "should stop listening to a synchronous
//     observable when unsubscribed", built on concat and takeWhile, which
//     streams does not have; the second is ported.
//
// Where an upstream diagram goes on after its stream has ended, ours stops
// there: streamtest refuses what could never be seen.
func TestSpecExhaustMap(t *testing.T) {
	xyz := func(h *streamtest.H) map[string]*streamtest.Source {
		return map[string]*streamtest.Source{
			"x": h.Cold("--a--b--c--|", nil),
			"y": h.Cold("--d--e--f--|", nil),
			"z": h.Cold("--g--h--i--|", nil),
		}
	}

	t.Run("should map-and-flatten each item to an Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{"x": 10, "y": 30, "z": 50}
			e1 := h.Hot("--1-----3--5-------|", nil)
			e2 := h.Cold("x-x-x|", values)
			result := streams.Pipe(e1, streams.ExhaustMap(func(x string) rxgo.Observable {
				return streams.Pipe(e2, streams.Map(func(i int) int { return i * atoi(x) }))
			}))
			h.Expect(result).ToBe("--x-x-x-y-y-y------|", values)
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should handle outer throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("--a--b--c--|", nil)
			e1 := h.Cold("#", nil)
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(func(string) rxgo.Observable { return x }))).ToBe("#", nil)
			h.ExpectSubscriptions(x).ToBe()
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
	t.Run("should handle outer empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("--a--b--c--|", nil)
			e1 := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(func(string) rxgo.Observable { return x }))).ToBe("|", nil)
			h.ExpectSubscriptions(x).ToBe()
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
	t.Run("should handle outer never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("--a--b--c--|", nil)
			e1 := h.Cold("-", nil)
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(func(string) rxgo.Observable { return x }))).ToBe("-", nil)
			h.ExpectSubscriptions(x).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})
	t.Run("should raise error if project throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---x---------y-----------------z-------------|", nil)
			project := func(string) rxgo.Observable { panic(errThrown) }
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(project))).ToBe("---#", nil, errThrown)
			h.ExpectSubscriptions(e1).ToBe("^--!")
		})
	})
	t.Run("should switch with a selector function", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := xyz(h)
			e1 := h.Hot("---x---------y-----------------z-------------|", nil)
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(lookup(inners)))).ToBe("-----a--b--c---------------------g--h--i-----|", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---^----------!")
			h.ExpectSubscriptions(inners["y"]).ToBe()
			h.ExpectSubscriptions(inners["z"]).ToBe("-------------------------------^----------!")
			h.ExpectSubscriptions(e1).ToBe("^--------------------------------------------!")
		})
	})
	t.Run("should switch inner cold observables, outer is unsubscribed early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := xyz(h)
			e1 := h.Hot("---x---------y-----------------z-------------|", nil)
			result := streams.Pipe(e1, streams.ExhaustMap(lookup(inners)))
			h.Expect(result, "----------------------------------!").ToBe("-----a--b--c---------------------g-", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---^----------!")
			h.ExpectSubscriptions(inners["y"]).ToBe()
			h.ExpectSubscriptions(inners["z"]).ToBe("-------------------------------^--!")
			h.ExpectSubscriptions(e1).ToBe("^---------------------------------!")
		})
	})
	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := xyz(h)
			e1 := h.Hot("---x---------y-----------------z-------------|", nil)
			result := streams.Pipe(e1,
				streams.MergeMap(ofString, 0),
				streams.ExhaustMap(lookup(inners)),
				streams.MergeMap(ofString, 0),
			)
			h.Expect(result, "----------------------------------!").ToBe("-----a--b--c---------------------g-", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---^----------!")
			h.ExpectSubscriptions(inners["y"]).ToBe()
			h.ExpectSubscriptions(inners["z"]).ToBe("-------------------------------^--!")
			h.ExpectSubscriptions(e1).ToBe("^---------------------------------!")
		})
	})
	t.Run("should not break unsubscription chains with interop inners when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := xyz(h)
			e1 := h.Hot("---x---------y-----------------z-------------|", nil)
			result := streams.Pipe(e1,
				streams.MergeMap(ofString, 0),
				streams.ExhaustMap(func(v string) rxgo.Observable { return foreign{inners[v]} }),
				streams.MergeMap(ofString, 0),
			)
			h.Expect(result, "----------------------------------!").ToBe("-----a--b--c---------------------g-", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---^----------!")
			h.ExpectSubscriptions(inners["y"]).ToBe()
			h.ExpectSubscriptions(inners["z"]).ToBe("-------------------------------^--!")
			h.ExpectSubscriptions(e1).ToBe("^---------------------------------!")
		})
	})
	t.Run("should switch inner cold observables, inner never completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"x": h.Cold("--a--b--c--|", nil),
				"y": h.Cold("--d--e--f--|", nil),
				"z": h.Cold("--g--h--i-----", nil),
			}
			e1 := h.Hot("---x---------y-----------------z---------|", nil)
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(lookup(inners)))).ToBe("-----a--b--c---------------------g--h--i-----", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---^----------!")
			h.ExpectSubscriptions(inners["y"]).ToBe()
			h.ExpectSubscriptions(inners["z"]).ToBe("-------------------------------^-------------")
			h.ExpectSubscriptions(e1).ToBe("^----------------------------------------!")
		})
	})
	t.Run("should handle a synchronous switch and stay on the first inner observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"x": h.Cold("--a--b--c--d--e--|", nil),
				"y": h.Cold("---f---g---h---i--|", nil),
			}
			e1 := h.Hot("---------(xy)----------------|", nil)
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(lookup(inners)))).ToBe("-----------a--b--c--d--e-----|", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^----------------!")
			h.ExpectSubscriptions(inners["y"]).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^----------------------------!")
		})
	})
	t.Run("should switch inner cold observables, one inner throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"x": h.Cold("--a--b--c--d--#", nil),
				"y": h.Cold("---f---g---h---i--", nil),
			}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(lookup(inners)))).ToBe("-----------a--b--c--d--#", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^-------------!")
			h.ExpectSubscriptions(inners["y"]).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^----------------------!")
		})
	})
	t.Run("should switch inner hot observables", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"x": h.Hot("-----a--b--c--d--e--|", nil),
				"y": h.Hot("--p-o-o-p-------f---g---h---i--|", nil),
				"z": h.Hot("---z-o-o-m-------------j---k---l---m--|", nil),
			}
			e1 := h.Hot("---------x----y-----z--------|", nil)
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(lookup(inners)))).ToBe("-----------c--d--e-----j---k---l---m--|", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^----------!")
			h.ExpectSubscriptions(inners["y"]).ToBe()
			h.ExpectSubscriptions(inners["z"]).ToBe("--------------------^-----------------!")
			h.ExpectSubscriptions(e1).ToBe("^----------------------------!")
		})
	})
	t.Run("should switch inner empty and empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{"x": h.Cold("|", nil), "y": h.Cold("|", nil)}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(lookup(inners)))).ToBe("-----------------------------|", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------(^!)")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------(^!)")
			h.ExpectSubscriptions(e1).ToBe("^----------------------------!")
		})
	})
	t.Run("should switch inner empty and never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{"x": h.Cold("|", nil), "y": h.Cold("-", nil)}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(lookup(inners)))).ToBe("------------------------------", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------(^!)")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------^")
			h.ExpectSubscriptions(e1).ToBe("^----------------------------!")
		})
	})
	t.Run("should never switch inner never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{"x": h.Cold("-", nil), "y": h.Cold("#", nil)}
			e1 := h.Hot("---------x---------y----------|", nil)
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(lookup(inners)))).ToBe("-------------------------------", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^")
			h.ExpectSubscriptions(inners["y"]).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^-----------------------------!")
		})
	})
	t.Run("should switch inner empty and throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{"x": h.Cold("|", nil), "y": h.Cold("#", nil)}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(lookup(inners)))).ToBe("-------------------#", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------(^!)")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------(^!)")
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should handle outer error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{"x": h.Cold("--a--b--c--d--e--|", nil)}
			e1 := h.Hot("---------x---------#", nil)
			h.Expect(streams.Pipe(e1, streams.ExhaustMap(lookup(inners)))).ToBe("-----------a--b--c-#", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^---------!")
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		result := streams.Pipe(synchronousSource(&sideEffects),
			streams.ExhaustMap(func(v int) rxgo.Observable { return streams.Of(v) }),
			streams.Take(3),
		)
		subscribeSynchronously(t, result, streams.Observer{})
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
	t.Run("should ignore subsequent synchronous reentrances during subscribing the inner sub", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			e := streams.NewBehaviorSubject(1)
			var mu sync.Mutex
			var results []any
			// Each inner pushes the next value while it is being
			// subscribed, emits its own and never completes.
			inner := func(value int) rxgo.Observable {
				return streams.Defer(func(context.Context) rxgo.Observable {
					e.Next(value + 1)
					return streams.Merge(streams.Of(value), streams.Never())
				})
			}
			sub := streams.Subscribe(t.Context(), streams.Pipe(e.Observable(), streams.Take(3), streams.ExhaustMap(inner)), streams.Observer{
				Next: func(v any) {
					mu.Lock()
					defer mu.Unlock()
					results = append(results, v)
				},
			})
			synctest.Wait()
			sub.Unsubscribe()
			sub.Wait()
			require.Equal(t, []any{1}, results)
		})
	})
}
