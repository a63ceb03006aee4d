package streams_test

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/throttleTime-spec.ts. RxJS's
// config {leading, trailing} is ThrottleLeading and ThrottleTrailing
// here; the describe blocks are subtests of their own.
//
// Changed: in "should handle a busy producer emitting a regular repeating
// sequence" and "should emit the last throttled value when complete" a
// window closes in the frame a value comes. RxJS's TestScheduler runs the
// hot value first, so it falls in the closing window; this harness fires
// timers first, so it falls in the next. The expected diagrams are this
// harness's, with RxJS's beside them.
//
// Left out: none.
func TestSpecThrottleTime(t *testing.T) {
	t.Run("default behavior { leading: true, trailing: false }", func(t *testing.T) {
		t.Run("should immediately emit the first value in each time window", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("-a-x-y----b---x-cx---|", nil)
				h.Expect(streams.Pipe(e1, streams.ThrottleTime(h.Frames(5)))).ToBe("-a--------b-----c----|", nil)
				h.ExpectSubscriptions(e1).ToBe("^--------------------!")
			})
		})

		t.Run("should throttle events by 5 time units", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				got, err := collect(t, streams.Pipe(streams.Of(1, 2, 3), streams.ThrottleTime(5*time.Millisecond)))
				require.NoError(t, err)
				require.Equal(t, ints(1), got)
			})
		})

		t.Run("should throttle events multiple times", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ticks := func(prefix string, due time.Duration, n int) rxgo.Observable {
					return streams.Pipe(streams.TimerEvery(due, time.Millisecond), streams.Take(n),
						streams.Map(func(x int) string { return fmt.Sprint(prefix, x) }))
				}
				// RxJS's concat of the two.
				src := streams.Pipe(streams.Of(ticks("1-", 0, 3), ticks("2-", 8*time.Millisecond, 5)),
					streams.ConcatMap(func(o rxgo.Observable) rxgo.Observable { return o }))
				got, err := collect(t, streams.Pipe(src, streams.ThrottleTime(5*time.Millisecond)))
				require.NoError(t, err)
				require.Equal(t, []any{"1-0", "2-0"}, got)
			})
		})

		t.Run("should simply mirror the source if values are not emitted often enough", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("-a--------b-----c----|", nil)
				h.Expect(streams.Pipe(e1, streams.ThrottleTime(h.Frames(5)))).ToBe("-a--------b-----c----|", nil)
				h.ExpectSubscriptions(e1).ToBe("^--------------------!")
			})
		})

		t.Run("should handle a busy producer emitting a regular repeating sequence", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("abcdefabcdefabcdefabcdefa|", nil)
				// RxJS: a-----a-----a-----a-----a|. Each window closes in the
				// frame of a value; the timer goes first here, so that
				// value opens the next window.
				h.Expect(streams.Pipe(e1, streams.ThrottleTime(h.Frames(5)))).ToBe("a----f----e----d----c----|", nil)
				h.ExpectSubscriptions(e1).ToBe("^------------------------!")
			})
		})

		t.Run("should complete when source does not emit", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("-----|", nil)
				h.Expect(streams.Pipe(e1, streams.ThrottleTime(h.Frames(5)))).ToBe("-----|", nil)
				h.ExpectSubscriptions(e1).ToBe("^----!")
			})
		})

		t.Run("should raise error when source does not emit and raises error", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("-----#", nil)
				h.Expect(streams.Pipe(e1, streams.ThrottleTime(h.Frames(10)))).ToBe("-----#", nil)
				h.ExpectSubscriptions(e1).ToBe("^----!")
			})
		})

		t.Run("should handle an empty source", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Cold("|", nil)
				h.Expect(streams.Pipe(e1, streams.ThrottleTime(h.Frames(30)))).ToBe("|", nil)
				h.ExpectSubscriptions(e1).ToBe("(^!)")
			})
		})

		t.Run("should handle a never source", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Cold("-", nil)
				h.Expect(streams.Pipe(e1, streams.ThrottleTime(h.Frames(30)))).ToBe("-", nil)
				h.ExpectSubscriptions(e1).ToBe("^")
			})
		})

		t.Run("should handle a throw source", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Cold("#", nil)
				h.Expect(streams.Pipe(e1, streams.ThrottleTime(h.Frames(30)))).ToBe("#", nil)
				h.ExpectSubscriptions(e1).ToBe("(^!)")
			})
		})

		t.Run("should throttle and does not complete when source does not completes", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("-a--(bc)-------d----------------", nil)
				h.Expect(streams.Pipe(e1, streams.ThrottleTime(h.Frames(5))), "-------------------------------!").
					ToBe("-a-------------d----------------", nil)
				h.ExpectSubscriptions(e1).ToBe("^------------------------------!")
			})
		})

		t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("-a--(bc)-------d----------------", nil)
				result := streams.Pipe(e1, mergeOf(), streams.ThrottleTime(h.Frames(5)), mergeOf())
				h.Expect(result, "-------------------------------!").ToBe("-a-------------d----------------", nil)
				h.ExpectSubscriptions(e1).ToBe("^------------------------------!")
			})
		})

		t.Run("should throttle values until source raises error", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("-a--(bc)-------d---------------#", nil)
				h.Expect(streams.Pipe(e1, streams.ThrottleTime(h.Frames(5)))).ToBe("-a-------------d---------------#", nil)
				h.ExpectSubscriptions(e1).ToBe("^------------------------------!")
			})
		})
	})

	t.Run("throttleTime(fn, { leading: true, trailing: true })", func(t *testing.T) {
		t.Run("should immediately emit the first and last values in each time window", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("-a-xy-----b--x--cxxx--|", nil)
				result := streams.Pipe(e1, streams.ThrottleTime(h.Frames(4), streams.ThrottleTrailing(true)))
				h.Expect(result).ToBe("-a---y----b---x---x---(x|)", nil)
				h.ExpectSubscriptions(e1).ToBe("^---------------------!")
			})
		})

		t.Run("should emit the value if only a single one is given", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("-a--------------------|", nil)
				result := streams.Pipe(e1, streams.ThrottleTime(h.Frames(4), streams.ThrottleTrailing(true)))
				h.Expect(result).ToBe("-a--------------------|", nil)
			})
		})
	})

	t.Run("throttleTime(fn, { leading: false, trailing: true })", func(t *testing.T) {
		trailingOnly := func(h *streamtest.H) streams.Operator {
			return streams.ThrottleTime(h.Frames(4), streams.ThrottleLeading(false), streams.ThrottleTrailing(true))
		}

		t.Run("should immediately emit the last value in each time window", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("-a-xy-----b--x--cxxx--|", nil)
				h.Expect(streams.Pipe(e1, trailingOnly(h))).ToBe("-----y--------x---x---(x|)", nil)
				h.ExpectSubscriptions(e1).ToBe("^---------------------!")
			})
		})

		t.Run("should emit the last throttled value when complete", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("-a-xy-----b--x--cxx-|", nil)
				// RxJS: -----y--------x---x-|. The window closes in the frame
				// of the last x; the timer goes first here, so that x waits
				// for the next window, and so does the completion.
				h.Expect(streams.Pipe(e1, trailingOnly(h))).ToBe("-----y--------x---x---(x|)", nil)
				h.ExpectSubscriptions(e1).ToBe("^-------------------!")
			})
		})

		t.Run("should emit the value if only a single one is given", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("-a--------------------|", nil)
				h.Expect(streams.Pipe(e1, trailingOnly(h))).ToBe("-----a----------------|", nil)
			})
		})
	})
}
