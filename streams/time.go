package streams

import (
	"context"
	"fmt"
	"time"

	"github.com/reactivex/rxgo/v2"
)

// Timer returns an observable that emits 0 after d and completes; each
// subscription has its own timer. A negative d panics.
func Timer(d time.Duration) rxgo.Observable {
	mustNotBeNegative("Timer", d)
	return newObservable(func(context.Context) runFunc {
		return func(ctx context.Context, next chan<- rxgo.Item) {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				send(ctx, next, rxgo.Of(0))
			case <-ctx.Done():
			}
		}
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
		return newObservable(func(ctx context.Context) runFunc {
			in := observe(ctx, src)
			return func(ctx context.Context, next chan<- rxgo.Item) {
				type held struct {
					item rxgo.Item
					due  time.Time
				}
				var queue []held
				t := time.NewTimer(0)
				defer t.Stop()
				<-t.C
				armed := false
				for in != nil || len(queue) > 0 {
					if !armed && len(queue) > 0 {
						t.Reset(time.Until(queue[0].due))
						armed = true
					}
					select {
					case item, ok := <-in:
						switch {
						case !ok:
							in = nil
						case item.Error():
							send(ctx, next, item)
							return
						default:
							queue = append(queue, held{item: item, due: time.Now().Add(d)})
						}
					case <-t.C:
						armed = false
						for len(queue) > 0 && !queue[0].due.After(time.Now()) {
							item := queue[0].item
							queue[0] = held{}
							queue = queue[1:]
							if !send(ctx, next, item) {
								return
							}
						}
					case <-ctx.Done():
						return
					}
				}
			}
		})
	}
}

// Timeout fails the stream with ErrTimeout when its source emits nothing
// for d: neither the first item within d of subscribing, nor the next
// within d of the last. The source is cancelled then. A negative d panics.
func Timeout(d time.Duration) Operator {
	mustNotBeNegative("Timeout", d)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Timeout", "source", src == nil)
		return newObservable(func(ctx context.Context) runFunc {
			in := observe(ctx, src)
			return func(ctx context.Context, next chan<- rxgo.Item) {
				t := time.NewTimer(d)
				defer t.Stop()
				for {
					select {
					case item, ok := <-in:
						if !ok || !send(ctx, next, item) || item.Error() {
							return
						}
						t.Reset(d)
					case <-t.C:
						send(ctx, next, rxgo.Error(fmt.Errorf("%w: nothing within %v", ErrTimeout, d)))
						return
					case <-ctx.Done():
						return
					}
				}
			}
		})
	}
}

func mustNotBeNegative(op string, d time.Duration) {
	if d < 0 {
		panic(fmt.Sprintf("streams.%s: negative duration %v", op, d))
	}
}
