package streams_test

import (
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// RxJS 7.8.1 spec/operators/delay-spec.ts, case by case.
//
// How the cases are written here:
//   - delay(t) with a number is Delay(t); concat is ConcatMap over Of
//     (concatSources); ignoreElements is a Filter that keeps nothing.
//
// Left out:
//   - "should not delay at all if the delay number is negative": a
//     negative duration panics here by contract.
//   - Every case with a Date, which Delay does not take: "should delay by
//     absolute time period", "should not delay at all if the absolute
//     time is in the past", "should delay by absolute time period after
//     source ends", "should raise error when source raises error before
//     absolute delay fires", "should raise error when source raises error
//     after absolute delay fires".
//   - "should unsubscribe scheduled actions after execution": it counts a
//     subscriber's finalizers (an internal) through repeatWhen and skip,
//     which streams lacks.
func TestSpecDelay(t *testing.T) {
	identity := streams.MergeMap(func(x string) rxgo.Observable { return streams.Of(x) }, 0)

	t.Run("should delay by specified timeframe", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a--b--|", nil)
			e1subs := "    ^--------!"
			d := h.Frames(2) // time('     --|    ')
			expected := "  -----a--b|"

			result := streams.Pipe(e1, streams.Delay(d))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should raise error when source raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a---b---#", nil)
			e1subs := "    ^----------!"
			d := h.Frames(3) // time('     ---|     ')
			expected := "  ------a---b#"

			result := streams.Pipe(e1, streams.Delay(d))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should delay when source does not emit", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ----|", nil)
			e1subs := "    ^---!"
			d := h.Frames(3) // time('  ---| ')
			expected := "  ----|"

			result := streams.Pipe(e1, streams.Delay(d))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not delay when source is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" |   ", nil)
			e1subs := "    (^!)"
			d := h.Frames(3) // time('  ---|')
			expected := "  |   "

			result := streams.Pipe(e1, streams.Delay(d))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should delay complete when a value is scheduled", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" -a-|    ", nil)
			e1subs := "    ^--!    "
			d := h.Frames(3) // time('   ---|   ')
			expected := "  ----(a|)"

			result := streams.Pipe(e1, streams.Delay(d))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not complete when source does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a---b---------", nil)
			e1subs := "    ^---------------!"
			d := h.Frames(3) // time('     ---|          ')
			expected := "  ------a---b------"
			unsub := "     ----------------!"

			result := streams.Pipe(e1, streams.Delay(d))

			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a---b----", nil)
			e1subs := "    ^-------!   "
			d := h.Frames(3) // time('     ---|     ')
			expected := "  ------a--   "
			unsub := "     --------!   "

			result := streams.Pipe(e1, identity, streams.Delay(d), identity)

			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not complete when source never completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" -   ", nil)
			e1subs := "    ^   "
			d := h.Frames(3) // time('  ---|')
			expected := "  -   "

			result := streams.Pipe(e1, streams.Delay(d))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should be possible to delay complete by composition", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a--b---|  ", nil)
			e1subs := "    ^---------!  "
			d := h.Frames(2) // time('     --|       ')
			expected := "  -----a--b---|"

			ignoreElements := streams.Filter(func(any) bool { return false })
			result := concatSources(
				streams.Pipe(e1, streams.Delay(d)),
				streams.Pipe(streams.Of(nil), streams.Delay(d), ignoreElements),
			)

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})
}
