package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
)

// subscribeFunc subscribes to whatever an observable reads from, with ctx,
// which is cancelled when the subscription ends. It runs synchronously
// inside Observe and returns the loop that feeds the subscriber.
type subscribeFunc func(ctx context.Context) runFunc

// runFunc feeds one subscriber from a goroutine of its own: it sends on next
// until its stream ends or ctx is done, and returns. It never closes next.
type runFunc func(ctx context.Context, next chan<- rxgo.Item)

// observable is the rxgo.Observable every constructor here returns. Observe
// subscribes synchronously; the embedded rxgo.Observable serves rxgo's own
// operator methods, which reach it through a deferred subscription.
type observable struct {
	rxgo.Observable
	subscribe subscribeFunc
}

func newObservable(subscribe subscribeFunc) rxgo.Observable {
	o := &observable{subscribe: subscribe}
	o.Observable = rxgo.Defer([]rxgo.Producer{func(ctx context.Context, next chan<- rxgo.Item) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		o.start(ctx)(ctx, next)
	}})
	return o
}

// Observe subscribes. With this package's own context option the
// subscription is made right here; with rxgo's options rxgo builds the
// channel and context, and the subscription is still made before Observe
// returns.
func (o *observable) Observe(opts ...rxgo.Option) <-chan rxgo.Item {
	if ctx, ok := ownContext(opts); ok {
		ctx, cancel := context.WithCancel(ctx)
		run := o.start(ctx)
		next := make(chan rxgo.Item)
		go func() {
			defer close(next)
			defer cancel()
			run(ctx, next)
		}()
		return next
	}
	ctxs := make(chan context.Context)
	runs := make(chan runFunc)
	next := rxgo.Defer([]rxgo.Producer{func(ctx context.Context, next chan<- rxgo.Item) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		ctxs <- ctx
		(<-runs)(ctx, next)
	}}).Observe(opts...)
	runs <- o.start(<-ctxs)
	return next
}

// start runs subscribe and turns a panic in it into an error item.
func (o *observable) start(ctx context.Context) (run runFunc) {
	defer func() {
		if p := recover(); p != nil {
			run = emitError(newPanicError("subscribe", p))
		}
	}()
	return o.subscribe(ctx)
}

// contextOption is rxgo.WithContext that this package can read back: rxgo
// offers no way to read an option, and the embedded rxgo.Option keeps it
// usable by rxgo's own operators.
type contextOption struct {
	rxgo.Option
	ctx context.Context
}

// withContext is the option this package observes its sources with.
func withContext(ctx context.Context) rxgo.Option {
	return contextOption{Option: rxgo.WithContext(ctx), ctx: ctx}
}

func ownContext(opts []rxgo.Option) (context.Context, bool) {
	if len(opts) != 1 {
		return nil, false
	}
	o, ok := opts[0].(contextOption)
	return o.ctx, ok
}

// observe subscribes to src for the life of ctx.
func observe(ctx context.Context, src rxgo.Observable) <-chan rxgo.Item {
	return src.Observe(withContext(ctx))
}

// send delivers item unless ctx ends first; false means stop.
func send(ctx context.Context, next chan<- rxgo.Item, item rxgo.Item) bool {
	select {
	case next <- item:
		return true
	case <-ctx.Done():
		return false
	}
}

// forward sends everything from in to next until in closes, an error has
// been sent, or ctx ends. It reports whether in completed without error.
func forward(ctx context.Context, in <-chan rxgo.Item, next chan<- rxgo.Item) bool {
	for {
		select {
		case item, ok := <-in:
			if !ok {
				return ctx.Err() == nil
			}
			if !send(ctx, next, item) || item.Error() {
				return false
			}
		case <-ctx.Done():
			return false
		}
	}
}

// emitError is the run of a stream that fails at once with err.
func emitError(err error) runFunc {
	return func(ctx context.Context, next chan<- rxgo.Item) {
		send(ctx, next, rxgo.Error(err))
	}
}
