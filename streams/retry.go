package streams

import (
	"context"
	"fmt"
	"time"

	"github.com/reactivex/rxgo/v2"
)

// Retry resubscribes to its source when it fails, up to count times, and
// passes on the error that comes after that. Each retry is a new
// subscription, made when the retry is due (rxgo's Retry subscribes at
// construction).
//
// delay, if not nil, is called before retry number attempt (from 1) with
// the error that caused it: it returns how long to wait, or an error to
// stop retrying and fail with that error instead — return err itself to
// pass it on unchanged. Waits use the standard clock.
func Retry(count int, delay func(err error, attempt int) (time.Duration, error)) Operator {
	if count < 0 {
		panic(fmt.Sprintf("streams.Retry: negative count %d", count))
	}
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Retry", "source", src == nil)
		return newObservable(func(ctx context.Context, o observer) {
			attempt := 0
			var try func()
			try = func() {
				sub, cancel := context.WithCancel(ctx)
				subscribe(sub, src, funcs{
					onNext: o.next,
					onDone: func() { cancel(); o.done() },
					onFail: func(err error) {
						cancel()
						if attempt++; attempt > count {
							o.fail(err)
							return
						}
						wait := time.Duration(0)
						if delay != nil {
							var derr error
							if wait, derr = callDelay(delay, err, attempt); derr != nil {
								o.fail(derr)
								return
							}
						}
						after(ctx, wait, try)
					},
				})
			}
			try()
		})
	}
}

func callDelay(delay func(error, int) (time.Duration, error), cause error, attempt int) (d time.Duration, err error) {
	defer catch("Retry", &err)
	return delay(cause, attempt)
}

// after runs f once d has passed, on a goroutine of its own (at once, on
// this one, if d <= 0), unless ctx ends first. No goroutine waits
// meanwhile.
func after(ctx context.Context, d time.Duration, f func()) {
	if d <= 0 {
		if ctx.Err() == nil {
			f()
		}
		return
	}
	var t *time.Timer
	armed := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		<-armed
		t.Stop()
	})
	t = time.AfterFunc(d, func() {
		if stop() {
			f()
		}
	})
	close(armed)
}
