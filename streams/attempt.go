package streams

import (
	"context"
	"errors"

	"github.com/reactivex/rxgo/v2"
)

// Attempt returns an operator for sources that usually need no help. On
// each subscription, direct decides whether to subscribe the source
// directly, and with what context; if it says no, or that direct
// subscription fails, the subscription continues with the observable
// fallback returns. fallback gets the subscription's context, the failure
// (nil when direct said no) and the source, so one fallback serves every
// source the operator is applied to, and whatever state a subscription
// needs for the hard case is made only when it gets there. Values the
// direct subscription emitted before it failed stay emitted, and a
// failure that arrives after the subscription was cancelled calls no
// fallback, as with CatchError.
//
// The context direct returns with yes is the subscription's context ctx,
// or one made from it that only adds values (context.WithValue), which
// the direct subscription alone sees: a value the decision found, such as
// a credential it read, goes to the source without being read again. A
// context that can end before ctx fails the subscription, as in
// DeriveValues.
//
// It is the operator RxJS would write as
//
//	source => defer(() => direct() ? source.pipe(catchError(err => fallback(err, source))) : fallback(null, source))
//
// built once and costing one allocation per source it is applied to, where
// that chain costs one per operator and closure. auth's Reauth is made
// with it: a request whose token is valid goes out at once, and the 401
// flow is built only for one that is refused.
//
// Like Iif's condition, direct and fallback only decide: they must not
// start anything with ctx, and they may run on any goroutine. A panic in
// either, or a nil observable from fallback, fails the subscription.
func Attempt(direct func(ctx context.Context) (context.Context, bool), fallback func(ctx context.Context, err error, src rxgo.Observable) rxgo.Observable) Operator {
	mustNotBeNil("Attempt", "direct", direct == nil)
	mustNotBeNil("Attempt", "fallback", fallback == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Attempt", "source", src == nil)
		t := &attempter{direct: direct, fallback: fallback, src: src}
		t.observable.s = t
		return &t.observable
	}
}

// attempter is one Attempt operator applied to its source: the
// observable, and what it subscribes with, in one allocation.
type attempter struct {
	observable
	direct   func(ctx context.Context) (context.Context, bool)
	fallback func(ctx context.Context, err error, src rxgo.Observable) rxgo.Observable
	src      rxgo.Observable
}

// endsClean: the direct subscription is stopped when it ends, by a context
// of its own unless the source ends clean, and so is what fallback
// returns.
func (*attempter) endsClean() bool { return true }

func (t *attempter) subscribe(ctx context.Context, o observer) {
	with, yes, err := callDirect(ctx, t.direct)
	switch {
	case err != nil:
		o.fail(err)
	case !yes:
		t.recover(ctx, nil, o)
	case with == nil:
		o.fail(errors.New("streams.Attempt: direct said yes with a nil context"))
	case with.Done() != ctx.Done():
		o.fail(errors.New("streams.Attempt: direct returned a context that can end before the subscription's: it may only add values"))
	default:
		subscribeAttempt(ctx, with, t.src, t, o)
	}
}

// recover subscribes o to what fallback returns for cause: the failure of
// the direct subscription, or nil if there was none.
func (t *attempter) recover(ctx context.Context, cause error, o observer) {
	then, err := callFallback(ctx, t.fallback, cause, t.src)
	if err != nil {
		o.fail(err)
		return
	}
	subscribeClean(ctx, then, o)
}

func callDirect(ctx context.Context, direct func(context.Context) (context.Context, bool)) (with context.Context, yes bool, err error) {
	defer catch("Attempt", &err)
	with, yes = direct(ctx)
	return with, yes, nil
}

func callFallback(ctx context.Context, fallback func(context.Context, error, rxgo.Observable) rxgo.Observable, cause error, src rxgo.Observable) (then rxgo.Observable, err error) {
	defer catch("Attempt", &err)
	if then = fallback(ctx, cause, src); then == nil {
		return nil, errNilObservable("Attempt", "fallback")
	}
	return then, nil
}
