package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
)

// recoverer is an operator that continues a subscription in some other
// way when an attempt at its source fails: CatchError and Attempt.
type recoverer interface {
	// recover continues the subscription whose context is ctx and whose
	// observer is o after an attempt failed with err.
	recover(ctx context.Context, err error, o observer)
}

// subscribeAttempt subscribes o to one attempt at src with the context
// with (ctx, or a context that only adds values to it), for the
// subscription whose context is ctx, and hands a failure of the attempt to
// r. The attempt is stopped when it ends, before r is called (as RxJS
// unsubscribes a failed source before its catchError handler runs): by a
// context of its own, cancelled then, unless src ends clean.
//
// The attempt is an allocation of its own even for a subscription's first
// attempt: kept in the operator, it would keep that subscription's context
// and observer alive as long as the operator.
func subscribeAttempt(ctx, with context.Context, src rxgo.Observable, r recoverer, o observer) {
	a := &attempt{r: r, ctx: ctx, o: o}
	if !endsClean(src) {
		with, a.cancel = context.WithCancel(with)
	}
	subscribe(with, src, a)
}

// attempt observes one attempt at a recoverer's source.
type attempt struct {
	r      recoverer
	ctx    context.Context    // the subscription's
	cancel context.CancelFunc // the attempt's, if it has a context of its own
	o      observer
}

func (a *attempt) next(v any) { a.o.next(v) }

func (a *attempt) done() {
	a.stop()
	a.o.done()
}

func (a *attempt) fail(err error) {
	a.stop()
	if a.ctx.Err() != nil {
		return // unsubscribed: there is nobody to recover for
	}
	a.r.recover(a.ctx, err, a.o)
}

func (a *attempt) stop() {
	if a.cancel != nil {
		a.cancel()
	}
}
