package streams_test

import (
	"math"
	"testing"
	"time"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// The cases of RxJS 7.8.1 spec/observables/timer-spec.ts. RxJS's
// timer(due) is Timer and timer(due, period) is TimerEvery; the test
// scheduler RxJS passes is the harness's virtual clock, and Infinity is
// the longest time.Duration.
//
// Left out:
//   - "should schedule a value at a specified Date", the second "should
//     start after delay and periodically emit values", "should still
//     target the same date if a date is provided even for the second
//     subscription", "should emit after a delay of 0 for Date objects in
//     the past": Timer takes a duration, not a time.
//   - "should accept negative numbers as the second argument, which should
//     cause immediate completion", "should accept 0 as the second
//     argument": TimerEvery panics at construction for a period that is
//     not positive, by design.
func TestSpecTimer(t *testing.T) {
	const infinity = time.Duration(math.MaxInt64)
	counts := map[string]any{"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}

	t.Run("should create an observable emitting periodically", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			// Finite, to be rendered, but never completing.
			e1 := streams.Merge(streams.Pipe(streams.TimerEvery(h.Frames(6), h.Frames(2)), streams.Take(4)), streams.Never())
			h.Expect(e1).ToBe("------a-b-c-d-", counts)
		})
	})
	t.Run("should schedule a value of 0 then complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.Timer(h.Frames(5))).ToBe("-----(x|)", map[string]any{"x": 0})
		})
	})
	t.Run("should emit a single value immediately", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.Timer(0)).ToBe("(x|)", map[string]any{"x": 0})
		})
	})
	t.Run("should start after delay and periodically emit values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := streams.Pipe(streams.TimerEvery(h.Frames(4), h.Frames(2)), streams.Take(5))
			h.Expect(source).ToBe("----a-b-c-d-(e|)", counts)
		})
	})
	t.Run("should start immediately and periodically emit values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := streams.Pipe(streams.TimerEvery(0, h.Frames(3)), streams.Take(5))
			h.Expect(source).ToBe("a--b--c--d--(e|)", counts)
		})
	})
	t.Run("should stop emitting values when subscription is done", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := streams.TimerEvery(0, h.Frames(3))
			h.Expect(source, "^------------!").ToBe("a--b--c--d--e", counts)
		})
	})
	t.Run("should accept Infinity as the first argument", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.Timer(infinity)).ToBe("------", nil)
		})
	})
	t.Run("should accept Infinity as the second argument", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.TimerEvery(h.Frames(4), infinity)).ToBe("----a-", map[string]any{"a": 0})
		}, streamtest.WithTail(20))
	})
}
