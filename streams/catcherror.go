package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
)

// CatchError mirrors its source; when the source fails, it calls
// handler(err, caught) and continues with the observable the handler
// returns. caught is the source with this same handler applied again, so
// returning it resubscribes — the retry a 401 handler needs. A handler that
// returns Throw(err) passes the error on; one that panics or returns nil
// fails the stream.
func CatchError(handler func(err error, caught rxgo.Observable) rxgo.Observable) Operator {
	mustNotBeNil("CatchError", "handler", handler == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("CatchError", "source", src == nil)
		var caught rxgo.Observable
		caught = newObservable(func(ctx context.Context) runFunc {
			attempt, cancel := context.WithCancel(ctx)
			in := observe(attempt, src)
			return func(ctx context.Context, next chan<- rxgo.Item) {
				for {
					item, ok := passValues(ctx, in, next)
					cancel()
					if !ok {
						return
					}
					then, err := callHandler(handler, item.E, caught)
					if err != nil {
						send(ctx, next, rxgo.Error(err))
						return
					}
					if then != caught {
						forward(ctx, observe(ctx, then), next)
						return
					}
					// Resubscribing to ourselves: loop here rather than
					// stacking one goroutine per retry.
					attempt, cancel = context.WithCancel(ctx)
					in = observe(attempt, src)
				}
			}
		})
		return caught
	}
}

// passValues forwards values from in until an error item arrives, which it
// returns with true; false means the stream is over (completed, or ctx
// ended).
func passValues(ctx context.Context, in <-chan rxgo.Item, next chan<- rxgo.Item) (rxgo.Item, bool) {
	for {
		select {
		case item, ok := <-in:
			if !ok {
				return rxgo.Item{}, false
			}
			if item.Error() {
				return item, true
			}
			if !send(ctx, next, item) {
				return rxgo.Item{}, false
			}
		case <-ctx.Done():
			return rxgo.Item{}, false
		}
	}
}

func callHandler(handler func(error, rxgo.Observable) rxgo.Observable, cause error, caught rxgo.Observable) (then rxgo.Observable, err error) {
	defer catch("CatchError", &err)
	if then = handler(cause, caught); then == nil {
		return nil, errNilObservable("CatchError", "handler")
	}
	return then, nil
}
