package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
)

// Iif returns an observable that, on each subscription, subscribes to
// whenTrue if cond holds for the subscription's context and to whenFalse
// otherwise: RxJS's iif, with the context Defer's factory gets. Unlike a
// Defer factory, cond only chooses: it must not start anything with ctx,
// and it may run on any goroutine. A panic in cond fails that
// subscription.
func Iif(cond func(ctx context.Context) bool, whenTrue, whenFalse rxgo.Observable) rxgo.Observable {
	mustNotBeNil("Iif", "condition", cond == nil)
	mustNotBeNil("Iif", "whenTrue", whenTrue == nil)
	mustNotBeNil("Iif", "whenFalse", whenFalse == nil)
	c := &choice{cond: cond, whenTrue: whenTrue, whenFalse: whenFalse}
	c.observable.s = c
	return &c.observable
}

// choice is an Iif: the observable, and what it subscribes with, in one
// allocation.
type choice struct {
	observable
	cond                func(ctx context.Context) bool
	whenTrue, whenFalse rxgo.Observable
}

func (c *choice) subscribe(ctx context.Context, o observer) {
	yes, err := callCond(ctx, c.cond)
	switch {
	case err != nil:
		o.fail(err)
	case yes:
		subscribeClean(ctx, c.whenTrue, o)
	default:
		subscribeClean(ctx, c.whenFalse, o)
	}
}

// endsClean: the observable chosen is given a context level of its own
// unless it ends clean itself, and cond starts nothing.
func (*choice) endsClean() bool { return true }

func callCond(ctx context.Context, cond func(context.Context) bool) (yes bool, err error) {
	defer catch("Iif", &err)
	return cond(ctx), nil
}
