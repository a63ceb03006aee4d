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

func (c *catcher) subscribe(ctx context.Context, o observer) {
	c.try(ctx, o)
}

// endsClean: every attempt and every observable a handler returns is
// stopped when it ends.
func (c *catcher) endsClean() bool { return true }

// try subscribes one attempt at the source, stopped when it ends (as RxJS
// unsubscribes a failed source before calling the handler): by a context
// of its own, cancelled then, unless the source ends clean.
func (c *catcher) try(ctx context.Context, o observer) {
	// The attempt is an allocation of its own even for the first
	// subscription: kept in the operator, it would keep that
	// subscription's context and observer alive as long as the operator.
	a := &catchAttempt{c: c, ctx: ctx, o: o}
	attempt := ctx
	if !endsClean(c.src) {
		attempt, a.cancel = context.WithCancel(ctx)
	}
	subscribe(attempt, c.src, a)
}

// catchAttempt observes one attempt.
type catchAttempt struct {
	c      *catcher
	ctx    context.Context    // the subscription's
	cancel context.CancelFunc // the attempt's, if it has a context of its own
	o      observer
}

func (a *catchAttempt) next(v any) { a.o.next(v) }

func (a *catchAttempt) done() {
	a.stop()
	a.o.done()
}

func (a *catchAttempt) stop() {
	if a.cancel != nil {
		a.cancel()
	}
}

func (a *catchAttempt) fail(err error) {
	a.stop()
	then, herr := callHandler(a.c.handler, err, a.c.caught())
	switch {
	case herr != nil:
		a.o.fail(herr)
	case a.ctx.Err() != nil:
	case then == a.c.caught():
		// Resubscribing to ourselves: start another attempt here rather
		// than nesting a subscription.
		a.c.try(a.ctx, a.o)
	default:
		subscribeClean(a.ctx, then, a.o)
	}
}

func callHandler(handler func(error, rxgo.Observable) rxgo.Observable, cause error, caught rxgo.Observable) (then rxgo.Observable, err error) {
	defer catch("CatchError", &err)
	if then = handler(cause, caught); then == nil {
		return nil, errNilObservable("CatchError", "handler")
	}
	return then, nil
}
