package streams_test

import (
	"context"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// RxJS 7.8.1 spec/operators/share-spec.ts, case by case. Upstream runs
// its first group of cases under five configurations and its second under
// three; only share() and share() with false booleans have a counterpart
// here (Share with ShareResetOnError and friends).
//
// How the cases are written here:
//   - mergeMapTo(shared) is MergeMap to shared; repeat(n) is concat of n
//     copies (concatSources); tap is a Map that passes the value on.
//   - A case that subscribes from inside a tap at frame n (to subscribe
//     late) is an expectation with the subscription marbles of frame n.
//   - A synchronous loop that checks subscriber.closed is Of(0, ..., 9),
//     as Of checks the same before each value, with a Map recording the
//     side effect.
//   - "should not reset on error if configured to do so": repeat() is
//     concat of three copies, as many subscriptions as the timeline makes
//     before the error ends it; a fourth would fail the case as surely.
//   - "should not reset on complete if configured to do so" keeps the
//     order streams gives an event caused from inside a subscriber's
//     reaction: the tap's trigger.Next completes the stream after the
//     value being handled, so the ninth value gets out before the
//     completion, "(c|)", where RxJS, completing at once, drops it.
//
// Left out:
//   - Every configuration with reset notifier functions (sync notifiers,
//     concat of notifiers, EMPTY and NEVER as notifiers) and the whole
//     "share(config) with async/deferred reset notifiers" group: resets
//     here are booleans.
//   - "should use the connector function provided": Share takes no
//     connector.
//   - "should not fail on reentrant subscription": withLatestFrom and
//     startWith, which streams lacks.
//   - "should not reset on refCount 0 if configured to do so": takeWhile
//     and repeat(), which streams lacks.
func TestSpecShare(t *testing.T) {
	identity := streams.MergeMap(func(x string) rxgo.Observable { return streams.Of(x) }, 0)
	mergeMapTo := func(inner rxgo.Observable) streams.Operator {
		return streams.MergeMap(func(string) rxgo.Observable { return inner }, 0)
	}

	t.Run("share()", func(t *testing.T) {
		t.Run("should mirror a simple source Observable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("--1-2---3-4--5-|", nil)
				sourceSubs := "   ^--------------!"
				expected := "     --1-2---3-4--5-|"

				shared := streams.Pipe(source, streams.Share())

				h.Expect(shared).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
			})
		})

		t.Run("should share a single subscription", func(t *testing.T) {
			subscriptionCount := 0
			obs := streams.Defer(func(context.Context) rxgo.Observable {
				subscriptionCount++
				return streams.Never()
			})

			source := streams.Pipe(obs, streams.Share())

			require.Equal(t, 0, subscriptionCount)

			ctx := testContext(t)
			a := streams.Subscribe(ctx, source, streams.Observer{})
			b := streams.Subscribe(ctx, source, streams.Observer{})

			require.Equal(t, 1, subscriptionCount)
			a.Unsubscribe()
			b.Unsubscribe()
			a.Wait()
			b.Wait()
		})

		t.Run("should not change the output of the observable when error", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("---a--^--b--c--d--e--#", nil)
				e1subs := "        ^--------------!"
				expected := "      ---b--c--d--e--#"

				h.Expect(streams.Pipe(e1, streams.Share())).ToBe(expected, nil)
				h.ExpectSubscriptions(e1).ToBe(e1subs)
			})
		})

		t.Run("should not change the output of the observable when successful with cold observable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Cold(" ---a--b--c--d--e--|", nil)
				e1subs := "    ^-----------------!"
				expected := "  ---a--b--c--d--e--|"

				h.Expect(streams.Pipe(e1, streams.Share())).ToBe(expected, nil)
				h.ExpectSubscriptions(e1).ToBe(e1subs)
			})
		})

		t.Run("should not change the output of the observable when error with cold observable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Cold(" ---a--b--c--d--e--#", nil)
				e1subs := "    ^-----------------!"
				expected := "  ---a--b--c--d--e--#"

				h.Expect(streams.Pipe(e1, streams.Share())).ToBe(expected, nil)
				h.ExpectSubscriptions(e1).ToBe(e1subs)
			})
		})

		t.Run("should retry just fine", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Cold(" ---a--b--c--d--e--#                  ", nil)
				e1subs := []string{
					"          ^-----------------!                  ",
					"          ------------------^-----------------!",
				}
				expected := "  ---a--b--c--d--e-----a--b--c--d--e--#"

				h.Expect(streams.Pipe(e1, streams.Share(), streams.Retry(streams.RetryCount(1)))).ToBe(expected, nil)
				h.ExpectSubscriptions(e1).ToBe(e1subs...)
			})
		})

		t.Run("should share the same values to multiple observers", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("    -1-2-3----4-|", nil)
				sourceSubs := "       ^-----------!"
				subscriber1 := h.Hot("a|           ", nil)
				expected1 := "        -1-2-3----4-|"
				subscriber2 := h.Hot("----b|       ", nil)
				expected2 := "        -----3----4-|"
				subscriber3 := h.Hot("--------c|   ", nil)
				expected3 := "        ----------4-|"

				shared := streams.Pipe(source, streams.Share())

				h.Expect(streams.Pipe(subscriber1, mergeMapTo(shared))).ToBe(expected1, nil)
				h.Expect(streams.Pipe(subscriber2, mergeMapTo(shared))).ToBe(expected2, nil)
				h.Expect(streams.Pipe(subscriber3, mergeMapTo(shared))).ToBe(expected3, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
			})
		})

		t.Run("should share an error from the source to multiple observers", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("    -1-2-3----4-#", nil)
				sourceSubs := "       ^-----------!"
				subscriber1 := h.Hot("a|           ", nil)
				expected1 := "        -1-2-3----4-#"
				subscriber2 := h.Hot("----b|       ", nil)
				expected2 := "        -----3----4-#"
				subscriber3 := h.Hot("--------c|   ", nil)
				expected3 := "        ----------4-#"

				shared := streams.Pipe(source, streams.Share())

				h.Expect(streams.Pipe(subscriber1, mergeMapTo(shared))).ToBe(expected1, nil)
				h.Expect(streams.Pipe(subscriber2, mergeMapTo(shared))).ToBe(expected2, nil)
				h.Expect(streams.Pipe(subscriber3, mergeMapTo(shared))).ToBe(expected3, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
			})
		})

		t.Run("should share the same values to multiple observers, but is unsubscribed explicitly and early", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("    -1-2-3----4-|", nil)
				sourceSubs := "       ^--------!   "
				unsub := "            ---------!   "
				subscriber1 := h.Hot("a|           ", nil)
				expected1 := "        -1-2-3----   "
				subscriber2 := h.Hot("----b|       ", nil)
				expected2 := "        -----3----   "
				subscriber3 := h.Hot("--------c|   ", nil)
				expected3 := "        ----------   "

				shared := streams.Pipe(source, streams.Share())

				h.Expect(streams.Pipe(subscriber1, mergeMapTo(shared)), unsub).ToBe(expected1, nil)
				h.Expect(streams.Pipe(subscriber2, mergeMapTo(shared)), unsub).ToBe(expected2, nil)
				h.Expect(streams.Pipe(subscriber3, mergeMapTo(shared)), unsub).ToBe(expected3, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
			})
		})

		t.Run("should share an empty source", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("|   ", nil)
				sourceSubs := "   (^!)"
				expected := "     |   "

				shared := streams.Pipe(source, streams.Share())

				h.Expect(shared).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
			})
		})

		t.Run("should share a never source", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("-", nil)
				sourceSubs := "   ^"
				expected := "     -"

				shared := streams.Pipe(source, streams.Share())

				h.Expect(shared).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
			})
		})

		t.Run("should share a throw source", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("#   ", nil)
				sourceSubs := "   (^!)"
				expected := "     #   "

				shared := streams.Pipe(source, streams.Share())

				h.Expect(shared).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
			})
		})

		t.Run("should connect when first subscriber subscribes", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("       -1-2-3----4-|", nil)
				sourceSubs := "       ---^-----------!"
				subscriber1 := h.Hot("---a|           ", nil)
				expected1 := "        ----1-2-3----4-|"
				subscriber2 := h.Hot("-------b|       ", nil)
				expected2 := "        --------3----4-|"
				subscriber3 := h.Hot("-----------c|   ", nil)
				expected3 := "        -------------4-|"

				shared := streams.Pipe(source, streams.Share())

				h.Expect(streams.Pipe(subscriber1, mergeMapTo(shared))).ToBe(expected1, nil)
				h.Expect(streams.Pipe(subscriber2, mergeMapTo(shared))).ToBe(expected2, nil)
				h.Expect(streams.Pipe(subscriber3, mergeMapTo(shared))).ToBe(expected3, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
			})
		})

		t.Run("should disconnect when last subscriber unsubscribes", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("       -1-2-3----4-|", nil)
				sourceSubs := "       ---^--------!   "
				subscriber1 := h.Hot("---a|           ", nil)
				unsub1 := "           ----------!     "
				expected1 := "        ----1-2-3--     "
				subscriber2 := h.Hot("-------b|       ", nil)
				unsub2 := "           ------------!   "
				expected2 := "        --------3----   "

				shared := streams.Pipe(source, streams.Share())

				h.Expect(streams.Pipe(subscriber1, mergeMapTo(shared)), unsub1).ToBe(expected1, nil)
				h.Expect(streams.Pipe(subscriber2, mergeMapTo(shared)), unsub2).ToBe(expected2, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
			})
		})

		t.Run("should not break unsubscription chain when last subscriber unsubscribes", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("       -1-2-3----4-|", nil)
				sourceSubs := "       ---^--------!   "
				subscriber1 := h.Hot("---a|           ", nil)
				unsub1 := "           ----------!     "
				expected1 := "        ----1-2-3--     "
				subscriber2 := h.Hot("-------b|       ", nil)
				unsub2 := "           ------------!   "
				expected2 := "        --------3----   "

				shared := streams.Pipe(source, identity, streams.Share(), identity)

				h.Expect(streams.Pipe(subscriber1, mergeMapTo(shared)), unsub1).ToBe(expected1, nil)
				h.Expect(streams.Pipe(subscriber2, mergeMapTo(shared)), unsub2).ToBe(expected2, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs)
			})
		})

		t.Run("should be retryable when cold source is synchronous", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("(123#)    ", nil)
				subscribe1 := "   ^         "
				expected1 := "    (123123#) "
				subscribe2 := "   -^        "
				expected2 := "    -(123123#)"
				sourceSubs := []string{
					"             (^!)      ",
					"             (^!)      ",
					"             -(^!)     ",
					"             -(^!)     ",
				}

				shared := streams.Pipe(source, streams.Share())

				h.Expect(streams.Pipe(shared, streams.Retry(streams.RetryCount(1))), subscribe1).ToBe(expected1, nil)
				h.Expect(streams.Pipe(shared, streams.Retry(streams.RetryCount(1))), subscribe2).ToBe(expected2, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs...)
			})
		})

		t.Run("should be repeatable when cold source is synchronous", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("(123|)    ", nil)
				subscribe1 := "   ^         "
				expected1 := "    (123123|) "
				subscribe2 := "   -^        "
				expected2 := "    -(123123|)"
				sourceSubs := []string{
					"             (^!)      ",
					"             (^!)      ",
					"             -(^!)     ",
					"             -(^!)     ",
				}

				shared := streams.Pipe(source, streams.Share())

				h.Expect(concatSources(shared, shared), subscribe1).ToBe(expected1, nil)
				h.Expect(concatSources(shared, shared), subscribe2).ToBe(expected2, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs...)
			})
		})

		t.Run("should be retryable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("-1-2-3----4-#                        ", nil)
				sourceSubs := []string{
					"             ^-----------!                        ",
					"             ------------^-----------!            ",
					"             ------------------------^-----------!",
				}
				subscribe1 := "   ^------------------------------------"
				expected1 := "    -1-2-3----4--1-2-3----4--1-2-3----4-#"
				subscribe2 := "   ----^--------------------------------"
				expected2 := "    -----3----4--1-2-3----4--1-2-3----4-#"

				shared := streams.Pipe(source, streams.Share())

				h.Expect(streams.Pipe(shared, streams.Retry(streams.RetryCount(2))), subscribe1).ToBe(expected1, nil)
				h.Expect(streams.Pipe(shared, streams.Retry(streams.RetryCount(2))), subscribe2).ToBe(expected2, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs...)
			})
		})

		t.Run("should be repeatable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("-1-2-3----4-|                        ", nil)
				sourceSubs := []string{
					"             ^-----------!                        ",
					"             ------------^-----------!            ",
					"             ------------------------^-----------!",
				}
				subscribe1 := "   ^------------------------------------"
				expected1 := "    -1-2-3----4--1-2-3----4--1-2-3----4-|"
				subscribe2 := "   ----^--------------------------------"
				expected2 := "    -----3----4--1-2-3----4--1-2-3----4-|"

				shared := streams.Pipe(source, streams.Share())

				h.Expect(concatSources(shared, shared, shared), subscribe1).ToBe(expected1, nil)
				h.Expect(concatSources(shared, shared, shared), subscribe2).ToBe(expected2, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs...)
			})
		})

		t.Run("should not change the output of the observable when never", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := streams.Never()
				expected := "-"

				h.Expect(streams.Pipe(e1, streams.Share())).ToBe(expected, nil)
			})
		})

		t.Run("should not change the output of the observable when empty", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := streams.Empty()
				expected := "|"

				h.Expect(streams.Pipe(e1, streams.Share())).ToBe(expected, nil)
			})
		})

		t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
			var sideEffects []int
			synchronousObservable := sideEffecting(&sideEffects)

			_, err := collect(t, streams.Pipe(synchronousObservable, streams.Share(), streams.Take(3)))

			require.NoError(t, err)
			require.Equal(t, []int{0, 1, 2}, sideEffects)
		})
	})

	t.Run("share(config)", func(t *testing.T) {
		t.Run("should not reset on error if configured to do so", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Hot("---a---b---c---d---e---f----#", nil)
				expected := "    ---a---b---c---d---e---f----#"
				sourceSubs := []string{
					"            ^----------!                 ",
					"            -----------^-----------!     ",
					"            -----------------------^----!",
				}
				// takes a, b, c... then repeat causes it to take d, e, f
				shared := streams.Pipe(source, streams.Take(3), streams.Share(streams.ShareResetOnError(false)))
				result := concatSources(shared, shared, shared)

				h.Expect(result).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs...)
			})
		})

		t.Run("should not reset on complete if configured to do so", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source := h.Cold("---a---b---c---#                          ", nil)
				expected := "     ---a---b---c------a---b---c------a---b---(c|)"
				sourceSubs := []string{
					"             ^--------------!                          ",
					"             ---------------^--------------!           ",
					"             ------------------------------^----------!",
				}

				// Used to trigger the source to complete at a given moment.
				triggerComplete := streams.NewSubject()

				// just used to count how many values have made it through the share.
				count := 0

				result := streams.Pipe(source,
					streams.TakeUntil(triggerComplete.Observable()),
					streams.Share(streams.ShareResetOnComplete(false)),
					// Retry on any error.
					streams.Retry(),
					streams.Map(func(v string) string {
						if count++; count == 9 {
							// If we see the ninth value, complete the source this time.
							triggerComplete.Next(struct{}{})
						}
						return v
					}),
				)

				h.Expect(result).ToBe(expected, nil)
				h.ExpectSubscriptions(source).ToBe(sourceSubs...)
			})
		})

		t.Run("should be referentially-transparent", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				source1 := h.Cold("-1-2-3-4-5-|", nil)
				source1Subs := "   ^----------!"
				expected1 := "     -1-2-3-4-5-|"
				source2 := h.Cold("-6-7-8-9-0-|", nil)
				source2Subs := "   ^----------!"
				expected2 := "     -6-7-8-9-0-|"

				// Calls to the operator must be referentially-transparent.
				partialPipeLine := streams.Share(streams.ShareResetOnRefCountZero(false))

				// The sharing happens when the operator is applied to a source.
				shared1 := streams.Pipe(source1, partialPipeLine)
				shared2 := streams.Pipe(source2, partialPipeLine)

				h.Expect(shared1).ToBe(expected1, nil)
				h.ExpectSubscriptions(source1).ToBe(source1Subs)
				h.Expect(shared2).ToBe(expected2, nil)
				h.ExpectSubscriptions(source2).ToBe(source2Subs)
			})
		})
	})
}
