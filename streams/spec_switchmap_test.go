package streams_test

import (
	"context"
	"errors"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/switchMap-spec.ts.
//
// Left out:
//   - "should support the deprecated resultSelector", "should support a
//     void resultSelector (still deprecated)": the result selector
//     overloads are deprecated upstream; SwitchMap has none.
//   - The first of the two "should stop listening to a synchronous
//     observable when unsubscribed", built on concat and takeWhile, which
//     streams does not have; the second is ported.
//   - "should unsubscribe previous inner sub when getting synchronously
//     reentrance during subscribing the inner sub": our Subject queues a
//     value pushed while it delivers one (see Subject), by design, where
//     RxJS's BehaviorSubject delivers it at once, inside the inner's
//     subscription. So each inner here emits its value before the next
//     one replaces it, and the results are [1 2 3], not RxJS's [3].
//
// Where an upstream diagram goes on after its stream has ended, ours stops
// there: streamtest refuses what could never be seen.
func TestSpecSwitchMap(t *testing.T) {
	t.Run("should map-and-flatten each item to an Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--1-----3--5-------|", nil)
			e2 := h.Cold("x-x-x|", map[string]any{"x": 10})
			result := streams.Pipe(e1, streams.SwitchMap(func(x string) rxgo.Observable {
				return streams.Pipe(e2, streams.Map(func(i int) int { return i * atoi(x) }))
			}))
			h.Expect(result).ToBe("--x-x-x-y-yz-z-z---|", map[string]any{"x": 10, "y": 30, "z": 50})
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should unsub inner observables", func(t *testing.T) {
		// Each inner completes while it is being subscribed; its context
		// is cancelled by its teardown.
		var unsubbed []string
		var inners []context.Context
		result := streams.Pipe(streams.Of("a", "b"), streams.SwitchMap(func(x string) rxgo.Observable {
			return streams.Defer(func(ctx context.Context) rxgo.Observable {
				inners = append(inners, ctx)
				return streams.Empty()
			})
		}))
		subscribeSynchronously(t, result, streams.Observer{})
		for i, ctx := range inners {
			if ctx.Err() != nil {
				unsubbed = append(unsubbed, []string{"a", "b"}[i])
			}
		}
		require.Equal(t, []string{"a", "b"}, unsubbed)
	})
	t.Run("should switch inner cold observables", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"x": h.Cold("--a--b--c--d--e--|", nil),
				"y": h.Cold("---f---g---h---i--|", nil),
			}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(lookup(inners)))).ToBe("-----------a--b--c----f---g---h---i--|", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^---------!")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------^-----------------!")
			h.ExpectSubscriptions(e1).ToBe("^----------------------------!")
		})
	})
	t.Run("should raise error when projection throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-------x-----y---|", nil)
			project := func(string) rxgo.Observable { panic(errThrown) }
			h.Expect(streams.Pipe(e1, streams.SwitchMap(project))).ToBe("-------#", nil, errThrown)
			h.ExpectSubscriptions(e1).ToBe("^------!")
		})
	})
	t.Run("should switch inner cold observables, outer is unsubscribed early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"x": h.Cold("--a--b--c--d--e--|", nil),
				"y": h.Cold("---f---g---h---i--|", nil),
			}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(lookup(inners))), "---------------------!").ToBe("-----------a--b--c----", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^---------!")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------^-!")
			h.ExpectSubscriptions(e1).ToBe("^--------------------!")
		})
	})
	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"x": h.Cold("--a--b--c--d--e--|", nil),
				"y": h.Cold("---f---g---h---i--|", nil),
			}
			e1 := h.Hot("---------x---------y---------|", nil)
			result := streams.Pipe(e1,
				streams.MergeMap(ofString, 0),
				streams.SwitchMap(lookup(inners)),
				streams.MergeMap(ofString, 0),
			)
			h.Expect(result, "---------------------!").ToBe("-----------a--b--c----", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^---------!")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------^-!")
			h.ExpectSubscriptions(e1).ToBe("^--------------------!")
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
				streams.SwitchMap(func(v string) rxgo.Observable { return foreign{inners[v]} }),
				streams.MergeMap(ofString, 0),
			)
			h.Expect(result, "---------------------!").ToBe("-----------a--b--c----", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^---------!")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------^-!")
			h.ExpectSubscriptions(e1).ToBe("^--------------------!")
		})
	})
	t.Run("should switch inner cold observables, inner never completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"x": h.Cold("--a--b--c--d--e--|", nil),
				"y": h.Cold("---f---g---h---i--", nil),
			}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(lookup(inners)))).ToBe("-----------a--b--c----f---g---h---i--", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^---------!")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------^")
			h.ExpectSubscriptions(e1).ToBe("^----------------------------!")
		})
	})
	t.Run("should handle a synchronous switch to the second inner observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"x": h.Cold("--a--b--c--d--e--|", nil),
				"y": h.Cold("---f---g---h---i--|", nil),
			}
			e1 := h.Hot("---------(xy)----------------|", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(lookup(inners)))).ToBe("------------f---g---h---i----|", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------(^!)")
			h.ExpectSubscriptions(inners["y"]).ToBe("---------^-----------------!")
			h.ExpectSubscriptions(e1).ToBe("^----------------------------!")
		})
	})
	t.Run("should switch inner cold observables, one inner throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"x": h.Cold("--a--b--#", nil),
				"y": h.Cold("---f---g---h---i--", nil),
			}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(lookup(inners)))).ToBe("-----------a--b--#", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^-------!")
			h.ExpectSubscriptions(inners["y"]).ToBe()
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
		})
	})
	t.Run("should switch inner hot observables", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"x": h.Hot("-----a--b--c--d--e--|", nil),
				"y": h.Hot("--p-o-o-p-------------f---g---h---i--|", nil),
			}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(lookup(inners)))).ToBe("-----------c--d--e----f---g---h---i--|", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^---------!")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------^-----------------!")
			h.ExpectSubscriptions(e1).ToBe("^----------------------------!")
		})
	})
	t.Run("should switch inner empty and empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{"x": h.Cold("|", nil), "y": h.Cold("|", nil)}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(lookup(inners)))).ToBe("-----------------------------|", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------(^!)")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------(^!)")
			h.ExpectSubscriptions(e1).ToBe("^----------------------------!")
		})
	})
	t.Run("should switch inner empty and never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{"x": h.Cold("|", nil), "y": h.Cold("-", nil)}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(lookup(inners)))).ToBe("------------------------------", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------(^!)")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------^")
			h.ExpectSubscriptions(e1).ToBe("^----------------------------!")
		})
	})
	t.Run("should switch inner never and empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{"x": h.Cold("-", nil), "y": h.Cold("|", nil)}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(lookup(inners)))).ToBe("-----------------------------|", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^---------!")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------(^!)")
			h.ExpectSubscriptions(e1).ToBe("^----------------------------!")
		})
	})
	t.Run("should switch inner never and throw", func(t *testing.T) {
		sad := errors.New("sad")
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{"x": h.Cold("-", nil), "y": h.Cold("#", nil, sad)}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(lookup(inners)))).ToBe("-------------------#", nil, sad)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^---------!")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------(^!)")
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should switch inner empty and throw", func(t *testing.T) {
		sad := errors.New("sad")
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{"x": h.Cold("|", nil), "y": h.Cold("#", nil, sad)}
			e1 := h.Hot("---------x---------y---------|", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(lookup(inners)))).ToBe("-------------------#", nil, sad)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------(^!)")
			h.ExpectSubscriptions(inners["y"]).ToBe("-------------------(^!)")
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should handle outer empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(ofString))).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
	t.Run("should handle outer never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(ofString))).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})
	t.Run("should handle outer throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(ofString))).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
	t.Run("should handle outer error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{"x": h.Cold("--a--b--c--d--e--|", nil)}
			e1 := h.Hot("---------x---------#", nil)
			h.Expect(streams.Pipe(e1, streams.SwitchMap(lookup(inners)))).ToBe("-----------a--b--c-#", nil)
			h.ExpectSubscriptions(inners["x"]).ToBe("---------^---------!")
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		result := streams.Pipe(synchronousSource(&sideEffects),
			streams.SwitchMap(func(v int) rxgo.Observable { return streams.Of(v) }),
			streams.Take(3),
		)
		subscribeSynchronously(t, result, streams.Observer{})
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
