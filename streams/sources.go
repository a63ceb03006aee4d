package streams

import (
	"context"
	"fmt"

	"github.com/reactivex/rxgo/v2"
)

// Defer returns an observable that calls factory once per subscription,
// with that subscription's context, and subscribes to what it returns. It
// is how a request reads the current token each time it is retried. A
// factory that panics or returns nil fails that subscription.
func Defer(factory func(ctx context.Context) rxgo.Observable) rxgo.Observable {
	mustNotBeNil("Defer", "factory", factory == nil)
	return &observable{s: deferred(factory)}
}

type deferred func(ctx context.Context) rxgo.Observable

func (factory deferred) subscribe(ctx context.Context, o observer) {
	src, err := callFactory(ctx, factory)
	if err != nil {
		o.fail(err)
		return
	}
	subscribe(ctx, src, o)
}

func callFactory(ctx context.Context, factory func(context.Context) rxgo.Observable) (src rxgo.Observable, err error) {
	defer catch("Defer", &err)
	if src = factory(ctx); src == nil {
		return nil, errNilObservable("Defer", "factory")
	}
	return src, nil
}

// Of returns an observable that emits values in order, then completes, as
// soon as it is subscribed.
func Of(values ...any) rxgo.Observable {
	return &observable{s: cleanFunc(func(ctx context.Context, o observer) {
		for _, v := range values {
			if ctx.Err() != nil {
				return
			}
			o.next(v)
		}
		o.done()
	})}
}

// Throw returns an observable that fails with err on every subscription.
func Throw(err error) rxgo.Observable {
	mustNotBeNil("Throw", "error", err == nil)
	return &observable{s: cleanFunc(func(_ context.Context, o observer) { o.fail(err) })}
}

// Empty returns an observable that completes at once.
func Empty() rxgo.Observable {
	return &observable{s: cleanFunc(func(_ context.Context, o observer) { o.done() })}
}

// Never returns an observable that emits nothing and never ends; its
// subscription ends when its context is cancelled.
func Never() rxgo.Observable {
	return &observable{s: cleanFunc(func(context.Context, observer) {})}
}

// FromFunc returns an observable that, on each subscription, calls fn with
// the subscription's context, without blocking the subscriber, and emits
// its value then completes, or fails with its error. Cancelling the
// subscription cancels ctx; fn should return promptly then. A panic in fn
// fails the stream with a *PanicError.
//
// fn runs on a goroutine of its own, or, for a stream that Collect waits
// on, on Collect's goroutine when Collect has nothing else to do (see
// Collect).
func FromFunc(fn func(ctx context.Context) (any, error)) rxgo.Observable {
	mustNotBeNil("FromFunc", "function", fn == nil)
	return &observable{s: fromFunc(fn)}
}

// FromCall is FromFunc for a function whose work is over when it
// returns: fn must leave nothing running with ctx — no goroutine, no
// subscription, no context.AfterFunc — once it has returned. Such a
// source ends clean, so Collect and CatchError need no cancellable
// context of their own to stop it when it ends (a request sent with such
// a context costs net/http a context registration of its own).
// httpobs sources are made this way.
func FromCall(fn func(ctx context.Context) (any, error)) rxgo.Observable {
	mustNotBeNil("FromCall", "function", fn == nil)
	return &observable{s: fromCall(fn)}
}

type fromFunc func(ctx context.Context) (any, error)

func (fn fromFunc) subscribe(ctx context.Context, o observer) { callOnCaller(ctx, o, fn) }

type fromCall func(ctx context.Context) (any, error)

func (fn fromCall) subscribe(ctx context.Context, o observer) { callOnCaller(ctx, o, fn) }

// endsClean: fn has returned, leaving nothing behind, by the time its
// value or error is emitted.
func (fromCall) endsClean() bool { return true }

// funcCall is one subscription of a FromFunc.
type funcCall struct {
	ctx context.Context
	o   observer
	fn  func(ctx context.Context) (any, error)
}

func (c *funcCall) run() {
	if c.ctx.Err() != nil {
		return // unsubscribed before it could start
	}
	v, err := callFunc(c.ctx, c.fn)
	switch {
	case c.ctx.Err() != nil:
	case err != nil:
		c.o.fail(err)
	default:
		c.o.next(v)
		c.o.done()
	}
}

func callFunc(ctx context.Context, fn func(context.Context) (any, error)) (v any, err error) {
	defer catch("FromFunc", &err)
	return fn(ctx)
}

// Merge returns an observable that subscribes to every source in order
// when it is itself subscribed (rxgo's Merge starts at construction), and
// emits their values as they come. It completes when all have completed and
// fails, cancelling the rest, when one fails.
func Merge(srcs ...rxgo.Observable) rxgo.Observable {
	for i, src := range srcs {
		if src == nil {
			panic(fmt.Sprintf("streams.Merge: nil source at index %d", i))
		}
	}
	return newObservable(func(ctx context.Context, o observer) {
		if len(srcs) == 0 {
			o.done()
			return
		}
		ctx, cancel := context.WithCancel(ctx)
		active, over := len(srcs), false
		s := &serial{}
		s.handle = func(e event) {
			if over {
				return
			}
			switch e.kind {
			case nextEvent:
				o.next(e.v)
			case failEvent:
				over = true
				cancel()
				o.fail(e.err)
			case doneEvent:
				if active--; active == 0 {
					over = true
					cancel()
					o.done()
				}
			}
		}
		for i, src := range srcs {
			subscribe(ctx, src, input{s: s, from: uint64(i)})
		}
	})
}
