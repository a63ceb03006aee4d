package streams

import (
	"context"
	"fmt"

	"github.com/reactivex/rxgo/v2"
)

// Take emits the first n items and completes at the n-th, cancelling its
// source at once (rxgo's Take waits for one more item). Take(0) completes
// without subscribing. A negative n panics.
func Take(n int) Operator {
	if n < 0 {
		panic(fmt.Sprintf("streams.Take: negative count %d", n))
	}
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Take", "source", src == nil)
		return newObservable(func(ctx context.Context) runFunc {
			if n == 0 {
				return func(context.Context, chan<- rxgo.Item) {}
			}
			in := observe(ctx, src)
			return func(ctx context.Context, next chan<- rxgo.Item) {
				left := n
				for {
					select {
					case item, ok := <-in:
						if !ok || !send(ctx, next, item) || item.Error() {
							return
						}
						if left--; left == 0 {
							return
						}
					case <-ctx.Done():
						return
					}
				}
			}
		})
	}
}

// First emits the first item and completes, cancelling its source; a
// source that completes empty fails with ErrEmpty.
func First() Operator {
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("First", "source", src == nil)
		return newObservable(func(ctx context.Context) runFunc {
			in := observe(ctx, src)
			return func(ctx context.Context, next chan<- rxgo.Item) {
				select {
				case item, ok := <-in:
					if !ok {
						if ctx.Err() == nil {
							send(ctx, next, rxgo.Error(ErrEmpty))
						}
						return
					}
					send(ctx, next, item)
				case <-ctx.Done():
				}
			}
		})
	}
}

// TakeUntil mirrors its source until notifier emits a value, then
// completes. The notifier is subscribed first, as in RxJS, so a notifier
// that fires during subscription is seen. A notifier that completes
// without a value changes nothing; a notifier error fails the stream.
func TakeUntil(notifier rxgo.Observable) Operator {
	mustNotBeNil("TakeUntil", "notifier", notifier == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("TakeUntil", "source", src == nil)
		return newObservable(func(ctx context.Context) runFunc {
			stop := observe(ctx, notifier)
			in := observe(ctx, src)
			return func(ctx context.Context, next chan<- rxgo.Item) {
				for {
					select {
					case item, ok := <-stop:
						switch {
						case !ok:
							stop = nil
						case item.Error():
							send(ctx, next, item)
							return
						default:
							return
						}
					case item, ok := <-in:
						if !ok || !send(ctx, next, item) || item.Error() {
							return
						}
					case <-ctx.Done():
						return
					}
				}
			}
		})
	}
}
