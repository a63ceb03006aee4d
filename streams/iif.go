package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
)

// Iif returns an observable that, on each subscription, subscribes to
// whenTrue if cond holds and to whenFalse otherwise: RxJS's iif, with the
// context a Defer factory gets. A panic in cond fails that subscription
// with a *PanicError.
func Iif(cond func(ctx context.Context) bool, whenTrue, whenFalse rxgo.Observable) rxgo.Observable {
	mustNotBeNil("Iif", "condition", cond == nil)
	mustNotBeNil("Iif", "whenTrue", whenTrue == nil)
	mustNotBeNil("Iif", "whenFalse", whenFalse == nil)
	return newObservable(func(s *subscriber) {
		var holds bool
		if err := panics.Catch("Iif", func() { holds = cond(s.context()) }); err != nil {
			s.fail(err)
			return
		}
		if holds {
			start(s, whenTrue)
		} else {
			start(s, whenFalse)
		}
	})
}
