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
		return newObservable(func(ctx context.Context) runFunc {
			sub, cancel := context.WithCancel(ctx)
			in := observe(sub, src)
			return func(ctx context.Context, next chan<- rxgo.Item) {
				for attempt := 1; ; attempt++ {
					item, failed := passValues(ctx, in, next)
					cancel()
					if !failed {
						return
					}
					if attempt > count {
						send(ctx, next, item)
						return
					}
					if err := wait(ctx, delay, item.E, attempt); err != nil {
						send(ctx, next, rxgo.Error(err))
						return
					}
					if ctx.Err() != nil {
						return
					}
					sub, cancel = context.WithCancel(ctx)
					in = observe(sub, src)
				}
			}
		})
	}
}

// wait sleeps for what delay asks before a retry, or until ctx ends; it
// returns delay's error, if any.
func wait(ctx context.Context, delay func(error, int) (time.Duration, error), cause error, attempt int) error {
	if delay == nil {
		return nil
	}
	d, err := callDelay(delay, cause, attempt)
	if err != nil || d <= 0 {
		return err
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
	return nil
}

func callDelay(delay func(error, int) (time.Duration, error), cause error, attempt int) (d time.Duration, err error) {
	defer catch("Retry", &err)
	return delay(cause, attempt)
}
