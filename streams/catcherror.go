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
// fails the stream. A failure that arrives after the subscription was
// cancelled is dropped without calling handler, as RxJS, having
// unsubscribed the source, would never see it.
func CatchError(handler func(err error, caught rxgo.Observable) rxgo.Observable) Operator {
	mustNotBeNil("CatchError", "handler", handler == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("CatchError", "source", src == nil)
		c := &catcher{src: src, handler: handler}
		c.observable.s = c
		return c.caught()
	}
}

// catcher is one CatchError operator applied to its source: the
// observable, and what it subscribes with, in one allocation.
type catcher struct {
	observable
	src     rxgo.Observable
	handler func(err error, caught rxgo.Observable) rxgo.Observable
}

// caught is the operator applied to the source: what CatchError returns,
// and what a handler returns to resubscribe.
func (c *catcher) caught() rxgo.Observable { return &c.observable }

// subscribe subscribes one attempt at the source, stopped when it ends
// (as RxJS unsubscribes a failed source before calling the handler).
func (c *catcher) subscribe(ctx context.Context, o observer) {
	subscribeAttempt(ctx, ctx, c.src, c, o)
}

// endsClean: every attempt and every observable a handler returns is
// stopped when it ends.
func (c *catcher) endsClean() bool { return true }

// recover calls the handler for the failure of an attempt and continues
// with what it returns.
func (c *catcher) recover(ctx context.Context, err error, o observer) {
	then, herr := callHandler(c.handler, err, c.caught())
	switch {
	case herr != nil:
		o.fail(herr)
	case then == c.caught():
		// Resubscribing to ourselves: start another attempt here rather
		// than nesting a subscription.
		c.subscribe(ctx, o)
	default:
		subscribeClean(ctx, then, o)
	}
}

func callHandler(handler func(error, rxgo.Observable) rxgo.Observable, cause error, caught rxgo.Observable) (then rxgo.Observable, err error) {
	defer catch("CatchError", &err)
	if then = handler(cause, caught); then == nil {
		return nil, errNilObservable("CatchError", "handler")
	}
	return then, nil
}
