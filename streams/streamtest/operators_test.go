package streamtest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// The timelines of streams' operators, written as RxJS's own tests write
// them. Subscription diagrams show when each source was subscribed and
// when it was let go.

func TestMarbleTakeUntil(t *testing.T) {
	t.Run("notifier value completes and unsubscribes both", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Hot("--a--b--c--d--e--|", nil)
			stop := h.Hot("-------z--", nil)
			h.Expect(streams.Pipe(src, streams.TakeUntil(stop))).ToBe("--a--b-|", nil)
			h.ExpectSubscriptions(src).ToBe("^------!")
			h.ExpectSubscriptions(stop).ToBe("^------!")
		})
	})
	t.Run("notifier completing without a value changes nothing", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Hot("-a--b--c-|", nil)
			stop := h.Cold("---|", nil)
			h.Expect(streams.Pipe(src, streams.TakeUntil(stop))).ToBe("-a--b--c-|", nil)
			h.ExpectSubscriptions(src).ToBe("^--------!")
			h.ExpectSubscriptions(stop).ToBe("^--!")
		})
	})
	t.Run("notifier error fails the stream", func(t *testing.T) {
		boom := errors.New("boom")
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Hot("-a--b--c-|", nil)
			stop := h.Cold("---#", nil, boom)
			h.Expect(streams.Pipe(src, streams.TakeUntil(stop))).ToBe("-a-#", nil, boom)
			h.ExpectSubscriptions(src).ToBe("^--!")
			h.ExpectSubscriptions(stop).ToBe("^--!")
		})
	})
	t.Run("source completing first lets the notifier go", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Cold("-a-|", nil)
			stop := h.Hot("------z", nil)
			h.Expect(streams.Pipe(src, streams.TakeUntil(stop))).ToBe("-a-|", nil)
			h.ExpectSubscriptions(stop).ToBe("^--!")
		})
	})
	t.Run("notifier firing at once", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Cold("-a-|", nil)
			stop := h.Cold("z", nil)
			h.Expect(streams.Pipe(src, streams.TakeUntil(stop))).ToBe("|", nil)
			// streams subscribes the notifier, then the source, before
			// any value can flow, so the source is subscribed and let go
			// in the same frame (RxJS would not subscribe it at all).
			h.ExpectSubscriptions(stop).ToBe("(^!)")
			h.ExpectSubscriptions(src).ToBe("(^!)")
		})
	})
	t.Run("unsubscribing downstream lets both go", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Hot("-a--b--c-|", nil)
			stop := h.Hot("---------z", nil)
			h.Expect(streams.Pipe(src, streams.TakeUntil(stop)), "^---!").ToBe("-a--", nil)
			h.ExpectSubscriptions(src).ToBe("^---!")
			h.ExpectSubscriptions(stop).ToBe("^---!")
		})
	})
}

func TestMarbleSwitchMap(t *testing.T) {
	t.Run("a new value cancels the running inner", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("--a--b--c--d--e--|", nil)
			y := h.Cold("---f---g---h---i--|", nil)
			outer := h.Hot("---x---------y-----|", nil)
			inners := map[string]rxgo.Observable{"x": x, "y": y}
			out := streams.Pipe(outer, streams.SwitchMap(func(v string) rxgo.Observable { return inners[v] }))

			h.Expect(out).ToBe("-----a--b--c----f---g---h---i--|", nil)
			h.ExpectSubscriptions(outer).ToBe("^------------------!")
			h.ExpectSubscriptions(x).ToBe("---^---------!")
			h.ExpectSubscriptions(y).ToBe("-------------^-----------------!")
		})
	})
	t.Run("unsubscribing downstream lets the outer and the inner go", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("--a--b--c--d--e--|", nil)
			outer := h.Hot("---x---------", nil)
			out := streams.Pipe(outer, streams.SwitchMap(func(string) rxgo.Observable { return x }))

			h.Expect(out, "^-------!").ToBe("-----a--", nil)
			h.ExpectSubscriptions(outer).ToBe("^-------!")
			h.ExpectSubscriptions(x).ToBe("---^----!")
		})
	})
	t.Run("an outer error fails the stream and lets the inner go", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("--a--b--c|", nil)
			outer := h.Hot("-x----#", nil)
			out := streams.Pipe(outer, streams.SwitchMap(func(string) rxgo.Observable { return x }))

			h.Expect(out).ToBe("---a--#", nil)
			h.ExpectSubscriptions(x).ToBe("-^----!")
		})
	})
	t.Run("an inner error fails the stream and lets the outer go", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			x := h.Cold("--a-#", nil)
			outer := h.Hot("-x-------x-|", nil)
			out := streams.Pipe(outer, streams.SwitchMap(func(string) rxgo.Observable { return x }))

			h.Expect(out).ToBe("---a-#", nil)
			h.ExpectSubscriptions(outer).ToBe("^----!")
			h.ExpectSubscriptions(x).ToBe("-^---!")
		})
	})
}

func TestMarbleExhaustMap(t *testing.T) {
	t.Run("values are dropped while an inner runs", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inner := h.Cold("--x--x|", nil)
			outer := h.Hot("---a---b---c---|", nil)
			out := streams.Pipe(outer, streams.ExhaustMap(func(string) rxgo.Observable { return inner }))

			h.Expect(out).ToBe("-----x--x----x--x|", nil)
			h.ExpectSubscriptions(outer).ToBe("^--------------!")
			h.ExpectSubscriptions(inner).ToBe("---^-----!", "-----------^-----!")
		})
	})
	t.Run("unsubscribing downstream lets the outer and the inner go", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inner := h.Cold("--x--x|", nil)
			outer := h.Hot("---a---b---c---|", nil)
			out := streams.Pipe(outer, streams.ExhaustMap(func(string) rxgo.Observable { return inner }))

			h.Expect(out, "^------!").ToBe("-----x-", nil)
			h.ExpectSubscriptions(outer).ToBe("^------!")
			h.ExpectSubscriptions(inner).ToBe("---^---!")
		})
	})
}

func TestMarbleExhaustMapCompletion(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		inner := h.Cold("--a--b|", nil)
		outer := h.Hot("-x-|", nil)
		out := streams.Pipe(outer, streams.ExhaustMap(func(string) rxgo.Observable { return inner }))

		// The outer completing waits for the running inner.
		h.Expect(out).ToBe("---a--b|", nil)
		h.ExpectSubscriptions(outer).ToBe("^--!")
		h.ExpectSubscriptions(inner).ToBe("-^-----!")
	})
}

func TestMarbleMergeMap(t *testing.T) {
	t.Run("concurrency limit queues values in order", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inners := map[string]*streamtest.Source{
				"a": h.Cold("----1|", nil),
				"b": h.Cold("----2|", nil),
				"c": h.Cold("----3|", nil),
				"d": h.Cold("----4|", nil),
			}
			outer := h.Hot("-a-b-c-d-|", nil)
			out := streams.Pipe(outer, streams.MergeMap(func(v string) rxgo.Observable { return inners[v] }, 2))

			h.Expect(out).ToBe("-----1-2--3-4|", nil)
			h.ExpectSubscriptions(outer).ToBe("^--------!")
			h.ExpectSubscriptions(inners["a"]).ToBe("-^----!")
			h.ExpectSubscriptions(inners["b"]).ToBe("---^----!")
			h.ExpectSubscriptions(inners["c"]).ToBe("------^----!")
			h.ExpectSubscriptions(inners["d"]).ToBe("--------^----!")
		})
	})
	t.Run("no limit runs every inner at once", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inner := h.Cold("--x---y|", nil)
			outer := h.Hot("-a-b-|", nil)
			out := streams.Pipe(outer, streams.MergeMap(func(string) rxgo.Observable { return inner }, 0))

			h.Expect(out).ToBe("---x-x-y-y|", nil)
			h.ExpectSubscriptions(inner).ToBe("-^------!", "---^------!")
		})
	})
	t.Run("an inner error fails the stream and lets everything go", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			slow := h.Cold("-----a|", nil)
			failing := h.Cold("--#", nil)
			outer := h.Hot("-s-f----|", nil)
			inners := map[string]rxgo.Observable{"s": slow, "f": failing}
			out := streams.Pipe(outer, streams.MergeMap(func(v string) rxgo.Observable { return inners[v] }, 0))

			h.Expect(out).ToBe("-----#", nil)
			h.ExpectSubscriptions(outer).ToBe("^----!")
			h.ExpectSubscriptions(slow).ToBe("-^---!")
			h.ExpectSubscriptions(failing).ToBe("---^-!")
		})
	})
	t.Run("concurrency 1 is ConcatMap", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inner := h.Cold("--a|", nil)
			outer := h.Hot("-x-y-|", nil)
			out := streams.Pipe(outer, streams.ConcatMap(func(string) rxgo.Observable { return inner }))

			h.Expect(out).ToBe("---a--a|", nil)
			h.ExpectSubscriptions(inner).ToBe("-^--!", "----^--!")
		})
	})
	t.Run("unsubscribing downstream lets every inner go", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			inner := h.Cold("--x---y|", nil)
			outer := h.Hot("-a-b-|", nil)
			out := streams.Pipe(outer, streams.MergeMap(func(string) rxgo.Observable { return inner }, 0))

			h.Expect(out, "^----!").ToBe("---x-", nil)
			h.ExpectSubscriptions(outer).ToBe("^----!")
			h.ExpectSubscriptions(inner).ToBe("-^---!", "---^-!")
		})
	})
}

func TestMarbleShare(t *testing.T) {
	t.Run("late subscribers join the running subscription", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Cold("-1-2-3-4-5-|", nil)
			shared := streams.Pipe(src, streams.Share())

			h.Expect(shared).ToBe("-1-2-3-4-5-|", nil)
			h.Expect(shared, "----^--!").ToBe("-----3-", nil)
			h.ExpectSubscriptions(src).ToBe("^----------!")
		})
	})
	t.Run("the last subscriber leaving resets it", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Cold("-1-2-3-4-5-|", nil)
			shared := streams.Pipe(src, streams.Share())

			h.Expect(shared, "^--!").ToBe("-1-", nil)
			h.Expect(shared, "-----^").ToBe("------1-2-3-4-5-|", nil)
			h.ExpectSubscriptions(src).ToBe("^--!", "-----^----------!")
		})
	})
	t.Run("a subscriber after completion connects afresh", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Cold("-1-2|", nil)
			shared := streams.Pipe(src, streams.Share())

			h.Expect(shared).ToBe("-1-2|", nil)
			h.Expect(shared, "------^").ToBe("-------1-2|", nil)
			h.ExpectSubscriptions(src).ToBe("^---!", "------^---!")
		})
	})
}

func TestMarbleShareError(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Cold("-1-#", nil)
		shared := streams.Pipe(src, streams.Share())

		// Every subscriber gets the error; the next one connects afresh.
		h.Expect(shared).ToBe("-1-#", nil)
		h.Expect(shared, "--^").ToBe("---#", nil)
		h.Expect(shared, "-----^").ToBe("------1-#", nil)
		h.ExpectSubscriptions(src).ToBe("^--!", "-----^--!")
	})
}

func TestMarbleRetry(t *testing.T) {
	t.Run("resubscribes at once, then passes the error on", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Cold("--a--#", nil)
			h.Expect(streams.Pipe(src, streams.Retry(streams.RetryCount(2)))).ToBe("--a----a----a--#", nil)
			h.ExpectSubscriptions(src).ToBe("^----!", "-----^----!", "----------^----!")
		})
	})
	t.Run("waits what delay says between attempts", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Cold("--a--#", nil)
			delay := func(_ error, attempt int) rxgo.Observable { return streams.Timer(h.Frames(3 * attempt)) }
			h.Expect(streams.Pipe(src, streams.Retry(streams.RetryCount(2), streams.RetryDelay(delay)))).ToBe("--a-------a----------a--#", nil)
			h.ExpectSubscriptions(src).ToBe("^----!", "--------^----!", "-------------------^----!")
		})
	})
	t.Run("a later attempt that succeeds ends the retries", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			failing := h.Cold("--#", nil)
			working := h.Cold("--a|", nil)
			attempts := 0
			src := streams.Defer(func(context.Context) rxgo.Observable {
				attempts++
				if attempts == 1 {
					return failing
				}
				return working
			})
			h.Expect(streams.Pipe(src, streams.Retry(streams.RetryCount(3)))).ToBe("----a|", nil)
			h.ExpectSubscriptions(failing).ToBe("^-!")
			h.ExpectSubscriptions(working).ToBe("--^--!")
		})
	})
	t.Run("unsubscribing during the delay stops the retries", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Cold("--#", nil)
			delay := func(error, int) rxgo.Observable { return streams.Timer(h.Frames(10)) }
			h.Expect(streams.Pipe(src, streams.Retry(streams.RetryCount(5), streams.RetryDelay(delay))), "^----!").ToBe("-----", nil)
			h.ExpectSubscriptions(src).ToBe("^-!")
		})
	})
}

func TestMarbleDelay(t *testing.T) {
	t.Run("shifts values and keeps their gaps", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Hot("-a--b---c---|", nil)
			h.Expect(streams.Pipe(src, streams.Delay(h.Frames(2)))).ToBe("---a--b---c-|", nil)
			h.ExpectSubscriptions(src).ToBe("^-----------!")
		})
	})
	t.Run("completes after the last delayed value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Hot("-a-b|", nil)
			h.Expect(streams.Pipe(src, streams.Delay(h.Frames(3)))).ToBe("----a-(b|)", nil)
			h.ExpectSubscriptions(src).ToBe("^---!")
		})
	})
	t.Run("passes an error on at once", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Hot("-a-#", nil)
			h.Expect(streams.Pipe(src, streams.Delay(h.Frames(3)))).ToBe("---#", nil)
			h.ExpectSubscriptions(src).ToBe("^--!")
		})
	})
	t.Run("unsubscribing drops held values and lets the source go", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Hot("-a-b-c-|", nil)
			h.Expect(streams.Pipe(src, streams.Delay(h.Frames(3))), "^----!").ToBe("----a", nil)
			h.ExpectSubscriptions(src).ToBe("^----!")
		})
	})
	t.Run("time progressions", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Cold("a 99ms b|", nil)
			h.Expect(streams.Pipe(src, streams.Delay(time.Second))).ToBe("1s a 99ms (b|)", nil)
		})
	})
}

func TestMarbleTimeout(t *testing.T) {
	t.Run("fails when a gap is too long and lets the source go", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Hot("--a----b--|", nil)
			h.Expect(streams.Pipe(src, streams.Timeout(h.Frames(3)))).ToBe("--a--#", nil, streams.ErrTimeout)
			h.ExpectSubscriptions(src).ToBe("^----!")
		})
	})
	t.Run("fails when the first value is late", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Cold("5s a|", nil)
			h.Expect(streams.Pipe(src, streams.Timeout(2*time.Second))).ToBe("2s #", nil, streams.ErrTimeout)
			h.ExpectSubscriptions(src).ToBe("^ 1999ms !")
		})
	})
	t.Run("unsubscribing lets the source go", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Hot("--a--b--|", nil)
			h.Expect(streams.Pipe(src, streams.Timeout(h.Frames(10))), "^---!").ToBe("--a-", nil)
			h.ExpectSubscriptions(src).ToBe("^---!")
		})
	})
	t.Run("passes a stream that keeps up", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Hot("--a-b-c|", nil)
			h.Expect(streams.Pipe(src, streams.Timeout(h.Frames(3)))).ToBe("--a-b-c|", nil)
			h.ExpectSubscriptions(src).ToBe("^------!")
		})
	})
}

func TestMarbleTakeAndFirst(t *testing.T) {
	t.Run("Take completes on its last value and lets the source go", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Hot("--a--b--c|", nil)
			h.Expect(streams.Pipe(src, streams.Take(2))).ToBe("--a--(b|)", nil)
			h.ExpectSubscriptions(src).ToBe("^----!")
		})
	})
	t.Run("First of an empty stream fails", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Hot("---|", nil)
			h.Expect(streams.Pipe(src, streams.First())).ToBe("---#", nil, streams.ErrEmpty)
		})
	})
}

func TestMarbleCatchError(t *testing.T) {
	t.Run("returning caught resubscribes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Cold("-a-#", nil)
			giveUp := errors.New("give up")
			handled := 0
			out := streams.Pipe(src, streams.CatchError(func(err error, caught rxgo.Observable) rxgo.Observable {
				if handled++; handled < 3 {
					return caught
				}
				return streams.Throw(giveUp)
			}))

			h.Expect(out).ToBe("-a--a--a-#", nil, giveUp)
			h.ExpectSubscriptions(src).ToBe("^--!", "---^--!", "------^--!")
		})
	})
	t.Run("another stream takes over", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			src := h.Cold("-a-#", nil)
			fallback := h.Cold("--b|", nil)
			out := streams.Pipe(src, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return fallback }))

			h.Expect(out).ToBe("-a---b|", nil)
			h.ExpectSubscriptions(src).ToBe("^--!")
			h.ExpectSubscriptions(fallback).ToBe("---^--!")
		})
	})
}
