package streams_test

import (
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// RxJS 7.8.1 spec/operators/timeout-spec.ts, case by case.
//
// How the cases are written here:
//   - timeout(t) and timeout({each: t}) are Timeout(t); {first: t}
//     without each is Timeout(0, TimeoutFirst(t)); {with: f} is
//     TimeoutWith. The scheduler argument has no counterpart: the
//     harness's virtual clock drives every timer.
//   - The default TimeoutError is matched with ErrTimeout; its info
//     ({seen: 0, ...}) is TimeoutError.Seen.
//   - A synchronous loop that checks subscriber.closed is Of(0, ..., 9),
//     as Of checks the same before each value, with a Map recording the
//     side effect.
//
// Left out:
//   - Every case with a Date deadline (timeout(date) or {first: date}),
//     which Timeout does not take: "should emit and TimeoutError on
//     timeout with appropriate due as Date" (twice), "should not timeout
//     if source completes within absolute timeout period" (twice),
//     "should timeout at a specified Date" (twice), "should not timeout
//     for long delays if only first is specified as Date", "should
//     timeout for long delays if first is specified as Date AND each is
//     specified", "should timeout at a specified date then subscribe to
//     the passed observable", "should not timeout if source completes
//     within specified Date", "should not timeout if source raises error
//     within specified Date", "should not timeout if source emits
//     synchronously when subscribed".
//   - The harness's order within a frame: in "using with", "should
//     timeout after a specified period between emit then subscribe to the passed
//     observable when source emits", "should allow unsubscribing
//     explicitly and early" and "should not break unsubscription chain
//     when unsubscribed explicitly". In each, a value comes in the very
//     frame its deadline falls on. RxJS's TestScheduler runs the value
//     first (it was scheduled first) and the deadline moves on; streamtest
//     runs timers due in a frame before the frame's marble events, so the
//     stream times out there.
func TestSpecTimeout(t *testing.T) {
	identity := streams.MergeMap(func(x string) rxgo.Observable { return streams.Of(x) }, 0)

	// timesOut is shared by the two cases on the error's details.
	timesOut := func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-------a--b--|", nil)
			result := streams.Pipe(e1, streams.Timeout(h.Frames(5))) // time(' -----|')
			got := h.Expect(result)
			got.ToBe("-----#", nil, streams.ErrTimeout)
			h.Flush()

			events := got.Events()
			require.Len(h, events, 1)
			var te *streams.TimeoutError
			require.ErrorAs(h, events[0].Err, &te)
			require.Equal(h, 0, te.Seen)
		})
	}

	t.Run("should timeout after a specified timeout period", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" -------a--b--|", nil)
			d := h.Frames(5) // time('  -----|        ')
			e1subs := "    ^----!        "
			expected := "  -----#        "

			result := streams.Pipe(e1, streams.Timeout(d))

			h.Expect(result).ToBe(expected, nil, streams.ErrTimeout)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should emit and TimeoutError on timeout with appropriate due as number", func(t *testing.T) {
		timesOut(t)
	})

	t.Run("should not timeout if source emits within timeout period", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--c--d--e--|", nil)
			d := h.Frames(5) // time('  -----|            ')
			e1subs := "    ^----------------!"
			expected := "  --a--b--c--d--e--|"

			h.Expect(streams.Pipe(e1, streams.Timeout(d))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--c---d--e--|", nil)
			d := h.Frames(5) // time('  -----|             ')
			unsub := "     ----------!        "
			e1subs := "    ^---------!        "
			expected := "  --a--b--c--        "

			result := streams.Pipe(e1, streams.Timeout(d))

			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--c---d--e--|", nil)
			d := h.Frames(5) // time('  -----|             ')
			e1subs := "    ^---------!        "
			expected := "  --a--b--c--        "
			unsub := "     ----------!        "

			result := streams.Pipe(e1, identity, streams.Timeout(d), identity)

			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should timeout after a specified timeout period between emit with default error while source emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a---b---c------d---e---|", nil)
			d := h.Frames(5) // time('             -----|')
			e1subs := "    ^---------------!          "
			expected := "  ---a---b---c----#          "

			result := streams.Pipe(e1, streams.Timeout(d))

			h.Expect(result).ToBe(expected, nil, streams.ErrTimeout)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should work with synchronous observable", func(t *testing.T) {
		values, err := collect(t, streams.Pipe(streams.Of(1), streams.Timeout(10)))
		require.NoError(t, err)
		require.Equal(t, ints(1), values)
	})

	t.Run("config", func(t *testing.T) {
		t.Run("should timeout after a specified timeout period", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Cold(" -------a--b--|", nil)
				each := h.Frames(5) // time('  -----|        ')
				e1subs := "    ^----!        "
				expected := "  -----#        "

				result := streams.Pipe(e1, streams.Timeout(each))

				h.Expect(result).ToBe(expected, nil, streams.ErrTimeout)
				h.ExpectSubscriptions(e1).ToBe(e1subs)
			})
		})

		t.Run("should emit and TimeoutError on timeout with appropriate due as number", func(t *testing.T) {
			timesOut(t)
		})

		t.Run("should not timeout if source emits within timeout period", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("  --a--b--c--d--e--|", nil)
				each := h.Frames(5) // time('  -----|            ')
				e1subs := "    ^----------------!"
				expected := "  --a--b--c--d--e--|"

				h.Expect(streams.Pipe(e1, streams.Timeout(each))).ToBe(expected, nil)
				h.ExpectSubscriptions(e1).ToBe(e1subs)
			})
		})

		t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("  --a--b--c---d--e--|", nil)
				each := h.Frames(5) // time('  -----|             ')
				unsub := "     ----------!        "
				e1subs := "    ^---------!        "
				expected := "  --a--b--c--        "

				result := streams.Pipe(e1, streams.Timeout(each))

				h.Expect(result, unsub).ToBe(expected, nil)
				h.ExpectSubscriptions(e1).ToBe(e1subs)
			})
		})

		t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("  --a--b--c---d--e--|", nil)
				each := h.Frames(5) // time('  -----|             ')
				e1subs := "    ^---------!        "
				expected := "  --a--b--c--        "
				unsub := "     ----------!        "

				result := streams.Pipe(e1, identity, streams.Timeout(each), identity)

				h.Expect(result, unsub).ToBe(expected, nil)
				h.ExpectSubscriptions(e1).ToBe(e1subs)
			})
		})

		t.Run("should timeout after a specified timeout period between emit with default error while source emits", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("  ---a---b---c------d---e---|", nil)
				each := h.Frames(5) // time('             -----|')
				e1subs := "    ^---------------!          "
				expected := "  ---a---b---c----#          "

				result := streams.Pipe(e1, streams.Timeout(each))

				h.Expect(result).ToBe(expected, nil, streams.ErrTimeout)
				h.ExpectSubscriptions(e1).ToBe(e1subs)
			})
		})

		t.Run("should timeout at a specified time for first value only", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Cold(" -", nil)
				first := h.Frames(10) // time('  ----------|')
				e1subs := "    ^---------!"
				expected := "  ----------#"

				result := streams.Pipe(e1, streams.Timeout(0, streams.TimeoutFirst(first)))

				h.Expect(result).ToBe(expected, nil, streams.ErrTimeout)
				h.ExpectSubscriptions(e1).ToBe(e1subs)
			})
		})

		t.Run("should not timeout for long delays if only first is specified", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Cold(" ---a-----------------------b---|", nil)
				first := h.Frames(10) // time('     ----------|')
				e1subs := "    ^------------------------------!"
				expected := "  ---a-----------------------b---|"

				result := streams.Pipe(e1, streams.Timeout(0, streams.TimeoutFirst(first)))

				h.Expect(result).ToBe(expected, nil, streams.ErrTimeout)
				h.ExpectSubscriptions(e1).ToBe(e1subs)
			})
		})
	})

	t.Run("using with", func(t *testing.T) {
		with := func(inner rxgo.Observable) streams.TimeoutOption {
			return streams.TimeoutWith(func(*streams.TimeoutError) rxgo.Observable { return inner })
		}

		t.Run("should timeout after a specified period then subscribe to the passed observable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold(" -------a--b--|", nil)
				sourceSubs := "    ^----!        "
				each := h.Frames(5) // time('       -----|')
				inner := h.Cold("       x-y-z-|  ", nil)
				innerSubs := "     -----^-----!  "
				expected := "      -----x-y-z-|  "

				result := streams.Pipe(source, streams.Timeout(each, with(inner)))

				h.Expect(result).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
				h.ExpectSubscriptions(inner).ToBe(innerSubs)
			})
		})

		t.Run("should not subscribe to withObservable after explicit unsubscription", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("---a------b------", nil)
				each := h.Frames(5) // time('     -----|           ')
				sourceSubs := "   ^----!           "
				inner := h.Cold("      i---j---|   ", nil)
				expected := "     ---a--           "
				unsub := "        -----!           "

				result := streams.Pipe(source, identity, streams.Timeout(each, with(inner)), identity)

				h.Expect(result, unsub).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
				h.ExpectSubscriptions(inner).ToBe()
			})
		})

		t.Run("should timeout after a specified period then subscribe to the passed observable when source is empty", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Hot(" -------------|      ", nil)
				each := h.Frames(10) // time('      ----------|         ')
				sourceSubs := "   ^---------!         "
				inner := h.Cold("           ----x----|", nil)
				innerSubs := "    ----------^--------!"
				expected := "     --------------x----|"

				result := streams.Pipe(source, streams.Timeout(each, with(inner)))

				h.Expect(result).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
				h.ExpectSubscriptions(inner).ToBe(innerSubs)
			})
		})

		t.Run("should timeout after a specified period between emit then never completes if other source does not complete", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Hot(" --a--b--------c--d--|", nil)
				each := h.Frames(4) // time('           ----|           ')
				sourceSubs := "   ^--------!           "
				inner := h.Cold("          ------------", nil)
				innerSubs := "    ---------^-----------"
				expected := "     --a--b---------------"

				result := streams.Pipe(source, streams.Timeout(each, with(inner)))

				h.Expect(result).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
				h.ExpectSubscriptions(inner).ToBe(innerSubs)
			})
		})

		t.Run("should timeout after a specified period then subscribe to the passed observable when source raises error after timeout", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Hot(" -------------#      ", nil)
				each := h.Frames(10) // time('      ----------|         ')
				sourceSubs := "   ^---------!         "
				inner := h.Cold("           ----x----|", nil)
				innerSubs := "    ----------^--------!"
				expected := "     --------------x----|"

				result := streams.Pipe(source, streams.Timeout(each, with(inner)))

				h.Expect(result).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
				h.ExpectSubscriptions(inner).ToBe(innerSubs)
			})
		})

		t.Run("should timeout after a specified period between emit then never completes if other source emits but not complete", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Hot(" -------------|      ", nil)
				each := h.Frames(11) // time('      -----------|        ')
				sourceSubs := "   ^----------!        "
				inner := h.Cold("            ----x----", nil)
				innerSubs := "    -----------^--------"
				expected := "     ---------------x----"

				result := streams.Pipe(source, streams.Timeout(each, with(inner)))

				h.Expect(result).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
				h.ExpectSubscriptions(inner).ToBe(innerSubs)
			})
		})

		t.Run("should not timeout if source completes within timeout period", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Hot(" -----|        ", nil)
				each := h.Frames(10) // time('      ----------|   ')
				sourceSubs := "   ^----!        "
				inner := h.Cold("           ----x----", nil)
				expected := "     -----|        "

				result := streams.Pipe(source, streams.Timeout(each, with(inner)))

				h.Expect(result).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
				h.ExpectSubscriptions(inner).ToBe()
			})
		})

		t.Run("should not timeout if source raises error within timeout period", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Hot("-----#              ", nil)
				each := h.Frames(10) // time('    ----------|         ')
				sourceSubs := "  ^----!              "
				inner := h.Cold("       ----x----|", nil)
				expected := "    -----#              "

				result := streams.Pipe(source, streams.Timeout(each, with(inner)))

				h.Expect(result).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
				h.ExpectSubscriptions(inner).ToBe()
			})
		})

		t.Run("should not timeout if source emits within timeout period", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Hot("  --a--b--c--d--e--|", nil)
				each := h.Frames(5) // time('       -----|            ')
				sourceSubs := "    ^----------------!"
				inner := h.Cold("       ----x----|   ", nil)
				expected := "      --a--b--c--d--e--|"

				result := streams.Pipe(source, streams.Timeout(each, with(inner)))

				h.Expect(result).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
				h.ExpectSubscriptions(inner).ToBe()
			})
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		synchronousObservable := sideEffecting(&sideEffects)

		_, err := collect(t, streams.Pipe(synchronousObservable, streams.Timeout(0), streams.Take(3)))

		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
