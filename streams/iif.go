package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
)

// Iif returns an observable that, on each subscription, subscribes to
// whenTrue if cond holds and to whenFalse otherwise: RxJS's iif, with the
// context a Defer factory gets. A panic in cond fails that subscription.
func Iif(cond func(ctx context.Context) bool, whenTrue, whenFalse rxgo.Observable) rxgo.Observable {
	mustNotBeNil("Iif", "condition", cond == nil)
	mustNotBeNil("Iif", "whenTrue", whenTrue == nil)
	mustNotBeNil("Iif", "whenFalse", whenFalse == nil)
	return Defer(func(ctx context.Context) rxgo.Observable {
		if cond(ctx) {
			return whenTrue
		}
		return whenFalse
	})
}
