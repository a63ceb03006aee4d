package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
)

// Defer returns an observable that calls factory once per subscription,
// with that subscription's context, and subscribes to what it returns. It
// is how a request reads the current token each time it is retried. A
// factory that panics or returns nil fails that subscription.
func Defer(factory func(ctx context.Context) rxgo.Observable) rxgo.Observable {
	mustNotBeNil("Defer", "factory", factory == nil)
	return newObservable(func(ctx context.Context) runFunc {
		src, err := callFactory(ctx, factory)
		if err != nil {
			return emitError(err)
		}
		in := observe(ctx, src)
		return func(ctx context.Context, next chan<- rxgo.Item) {
			forward(ctx, in, next)
		}
	})
}

func callFactory(ctx context.Context, factory func(context.Context) rxgo.Observable) (src rxgo.Observable, err error) {
	defer catch("Defer", &err)
	if src = factory(ctx); src == nil {
		return nil, errNilObservable("Defer", "factory")
	}
	return src, nil
}

// Of returns an observable that emits values in order, then completes.
func Of(values ...any) rxgo.Observable {
	return newObservable(func(context.Context) runFunc {
		return func(ctx context.Context, next chan<- rxgo.Item) {
			for _, v := range values {
				if !send(ctx, next, rxgo.Of(v)) {
					return
				}
			}
		}
	})
}

// Throw returns an observable that fails with err on every subscription.
func Throw(err error) rxgo.Observable {
	mustNotBeNil("Throw", "error", err == nil)
	return newObservable(func(context.Context) runFunc { return emitError(err) })
}

// Empty returns an observable that completes at once.
func Empty() rxgo.Observable {
	return newObservable(func(context.Context) runFunc {
		return func(context.Context, chan<- rxgo.Item) {}
	})
}

// Never returns an observable that emits nothing and ends only when its
// subscription is cancelled.
func Never() rxgo.Observable {
	return newObservable(func(context.Context) runFunc {
		return func(ctx context.Context, _ chan<- rxgo.Item) { <-ctx.Done() }
	})
}
