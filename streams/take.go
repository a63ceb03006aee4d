package streams

import (
	"context"
	"fmt"

	"github.com/reactivex/rxgo/v2"
)

// Take emits the first n values and completes at the n-th, cancelling its
// source at once (rxgo's Take waits for one more item). Take(0) completes
// without subscribing. A negative n panics.
func Take(n int) Operator {
	if n < 0 {
		panic(fmt.Sprintf("streams.Take: negative count %d", n))
	}
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Take", "source", src == nil)
		return newObservable(func(ctx context.Context, o observer) {
			if n == 0 {
				o.done()
				return
			}
			ctx, cancel := context.WithCancel(ctx)
			// left is 0 once the stream has ended: a terminal event the
			// source sends after that, before it sees the cancellation, is
			// not passed on.
			left := n
			end := func(f func()) {
				if left > 0 {
					left = 0
					cancel()
					f()
				}
			}
			subscribe(ctx, src, funcs{
				onNext: func(v any) {
					if left == 0 {
						return
					}
					left--
					o.next(v)
					if left == 0 {
						cancel()
						o.done()
					}
				},
				onFail: func(err error) { end(func() { o.fail(err) }) },
				onDone: func() { end(o.done) },
			})
		})
	}
}

// First emits the first value and completes, cancelling its source; a
// source that completes empty fails with ErrEmpty.
func First() Operator {
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("First", "source", src == nil)
		return Pipe(src, Take(1), ThrowIfEmpty(func() error { return ErrEmpty }))
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
		return newObservable(func(ctx context.Context, o observer) {
			ctx, cancel := context.WithCancel(ctx)
			const fromSource, fromNotifier = 0, 1
			over := false
			s := &serial{}
			s.handle = func(e event) {
				if over || (e.from == fromNotifier && e.kind == doneEvent) {
					return
				}
				if e.kind == nextEvent && e.from == fromSource {
					o.next(e.v)
					return
				}
				over = true
				cancel()
				if e.kind == failEvent {
					o.fail(e.err)
				} else {
					o.done()
				}
			}
			subscribe(ctx, notifier, input{s: s, from: fromNotifier})
			if ctx.Err() == nil {
				subscribe(ctx, src, input{s: s, from: fromSource})
			}
		})
	}
}
