package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
)

// FromFunc returns an observable that, on each subscription, calls fn with
// the subscription's context from a goroutine of its own and emits its
// value then completes, or fails with its error. Cancelling the
// subscription cancels ctx; fn should return promptly then. A panic in fn
// fails the stream with a *PanicError.
func FromFunc(fn func(ctx context.Context) (any, error)) rxgo.Observable {
	mustNotBeNil("FromFunc", "function", fn == nil)
	return newObservable(func(context.Context) runFunc {
		return func(ctx context.Context, next chan<- rxgo.Item) {
			v, err := callFunc(ctx, fn)
			if err != nil {
				send(ctx, next, rxgo.Error(err))
				return
			}
			send(ctx, next, rxgo.Of(v))
		}
	})
}

func callFunc(ctx context.Context, fn func(context.Context) (any, error)) (v any, err error) {
	defer catch("FromFunc", &err)
	return fn(ctx)
}

// DeriveContext subscribes its source with derive(ctx) instead of the
// subscription's own context ctx: the way to hand a source a value (a
// request decorator, a deadline) for one subscription. The derived context
// must be ctx or a child of it, so that cancelling the subscription still
// reaches the source. If the derived context ends first (a deadline), the
// stream fails with its cause rather than completing as if nothing
// happened.
func DeriveContext(derive func(ctx context.Context) context.Context) Operator {
	mustNotBeNil("DeriveContext", "function", derive == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("DeriveContext", "source", src == nil)
		return newObservable(func(ctx context.Context) runFunc {
			derived := derive(ctx)
			in := observe(derived, src)
			return func(ctx context.Context, next chan<- rxgo.Item) {
				completed := forward(ctx, in, next)
				if completed && derived.Err() != nil && ctx.Err() == nil {
					send(ctx, next, rxgo.Error(context.Cause(derived)))
				}
			}
		})
	}
}
