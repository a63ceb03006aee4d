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
		caught = newObservable(func(ctx context.Context, o observer) {
			var try func()
			try = func() {
				attempt, cancel := context.WithCancel(ctx)
				subscribe(attempt, src, funcs{
					onNext: o.next,
					onDone: func() { cancel(); o.done() },
					onFail: func(err error) {
						cancel()
						then, herr := callHandler(handler, err, caught)
						switch {
						case herr != nil:
							o.fail(herr)
						case ctx.Err() != nil:
						case then == caught:
							// Resubscribing to ourselves: start another
							// attempt here rather than nesting a subscription.
							try()
						default:
							subscribe(ctx, then, o)
						}
					},
				})
			}
			try()
		})
		return caught
	}
}

func callHandler(handler func(error, rxgo.Observable) rxgo.Observable, cause error, caught rxgo.Observable) (then rxgo.Observable, err error) {
	defer catch("CatchError", &err)
	if then = handler(cause, caught); then == nil {
		return nil, errNilObservable("CatchError", "handler")
	}
	return then, nil
}
