package streams

import (
	"context"
	"fmt"
	"time"

	"github.com/reactivex/rxgo/v2"
)

// Timer returns an observable that emits 0 after d and completes; each
// subscription has its own timer, and no goroutine waits for it. A negative
// d panics.
func Timer(d time.Duration) rxgo.Observable {
	mustNotBeNegative("Timer", d)
	return newObservable(func(ctx context.Context, o observer) {
		after(ctx, d, func() {
			o.next(0)
			o.done()
		})
	})
}

// Delay shifts every value later by d, keeping the gaps between them; the
// stream completes once the source has completed and the last value is
// out. An error is passed on at once, as in RxJS, dropping the values
// still held back. A negative d panics.
func Delay(d time.Duration) Operator {
	mustNotBeNegative("Delay", d)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Delay", "source", src == nil)
		return newObservable(func(ctx context.Context, o observer) {
			ctx, cancel := context.WithCancel(ctx)
			type held struct {
				v   any
				due time.Time
			}
			var (
				queue    []held
				armed    bool // a tick is due
				ended    bool // the source completed
				over     bool
				s        serial
				fromTick uint64 = 1
			)
			arm := func() {
				armed = true
				after(ctx, time.Until(queue[0].due), func() { s.push(event{from: fromTick}) })
			}
			s.handle = func(e event) {
				switch {
				case over:
				case e.from == fromTick:
					armed = false
					for len(queue) > 0 && !queue[0].due.After(time.Now()) {
						v := queue[0].v
						queue[0] = held{}
						queue = queue[1:]
						o.next(v)
					}
					if len(queue) > 0 {
						arm()
					} else if ended {
						over = true
						cancel()
						o.done()
					}
				case e.kind == nextEvent:
					queue = append(queue, held{v: e.v, due: time.Now().Add(d)})
					if !armed {
						arm()
					}
				case e.kind == failEvent:
					over = true
					cancel()
					o.fail(e.err)
				default:
					ended = true
					if len(queue) == 0 {
						over = true
						cancel()
						o.done()
					}
				}
			}
			subscribe(ctx, src, input{s: &s})
		})
	}
}

// Timeout fails the stream with an error matching ErrTimeout when its
// source emits nothing for d: neither the first value within d of
// subscribing, nor the next within d of the last. The source is cancelled
// then. A negative d panics.
func Timeout(d time.Duration) Operator {
	mustNotBeNegative("Timeout", d)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Timeout", "source", src == nil)
		return newObservable(func(ctx context.Context, o observer) {
			ctx, cancel := context.WithCancel(ctx)
			var (
				s        serial
				over     bool
				timer    context.CancelFunc // cancels the pending deadline
				fromTick uint64             = 1
				round    uint64             // which deadline is current
			)
			arm := func() {
				round++
				r := round
				tctx, stop := context.WithCancel(ctx)
				timer = stop
				after(tctx, d, func() { s.push(event{from: fromTick, v: r}) })
			}
			finish := func() {
				over = true
				timer()
				cancel()
			}
			s.handle = func(e event) {
				switch {
				case over:
				case e.from == fromTick:
					if e.v.(uint64) == round {
						finish()
						o.fail(fmt.Errorf("%w: nothing within %v", ErrTimeout, d))
					}
				case e.kind == nextEvent:
					timer()
					arm()
					o.next(e.v)
				case e.kind == failEvent:
					finish()
					o.fail(e.err)
				default:
					finish()
					o.done()
				}
			}
			arm()
			subscribe(ctx, src, input{s: &s})
		})
	}
}

func mustNotBeNegative(op string, d time.Duration) {
	if d < 0 {
		panic(fmt.Sprintf("streams.%s: negative duration %v", op, d))
	}
}
