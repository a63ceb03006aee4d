package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
)

// observer receives one subscription's events, one call at a time: values
// through next, then at most one of fail and done. Sources that have
// several producers serialize them (see serial) before calling it.
type observer interface {
	next(v any)
	fail(err error)
	done()
}

// subscribeFunc subscribes o for the life of ctx. It runs synchronously
// inside Observe and may emit before it returns, as RxJS sources do. A
// source stops emitting once ctx is done; an operator cancels the context
// it gave its own source once it has terminated, so that everything
// upstream is released.
type subscribeFunc func(ctx context.Context, o observer)

func (f subscribeFunc) subscribe(ctx context.Context, o observer) { f(ctx, o) }

// subscriber is how an observable subscribes: a subscribeFunc, or a type
// of its own, which saves the closure a subscribeFunc would capture its
// state in (sources made per request, such as Defer and FromFunc, use one).
type subscriber interface {
	subscribe(ctx context.Context, o observer)
}

// observable is the rxgo.Observable every constructor here returns.
// Between observables of this package events are pushed as function calls,
// with no goroutine and no channel in between; a channel is made only where
// an rxgo consumer observes, and it is fed from an unbounded queue, so a
// slow consumer never blocks the producer or the other consumers. rxgo's
// own operator methods reach it through a deferred subscription (rxgo.go).
type observable struct {
	s subscriber
}

var _ rxgo.Observable = (*observable)(nil)

func newObservable(subscribe subscribeFunc) rxgo.Observable {
	return &observable{s: subscribe}
}

// Observe subscribes at once, before it returns, and hands the events over
// on a channel that is closed after the terminal event, or when the
// context given with rxgo.WithContext is cancelled.
func (o *observable) Observe(opts ...rxgo.Option) <-chan rxgo.Item {
	if ctx, ok := ownContext(opts); ok {
		return o.observe(ctx)
	}
	// rxgo's options are opaque: let rxgo build the channel and the
	// context, and subscribe here as soon as the context is known.
	q := newQueue()
	ctxs := make(chan context.Context)
	started := make(chan struct{})
	next := rxgo.Defer([]rxgo.Producer{func(ctx context.Context, next chan<- rxgo.Item) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		ctxs <- ctx
		<-started
		q.drain(ctx, next)
	}}).Observe(opts...)
	o.start(<-ctxs, q)
	close(started)
	return next
}

// observe subscribes for the life of ctx and returns the channel.
func (o *observable) observe(ctx context.Context) <-chan rxgo.Item {
	ctx, cancel := context.WithCancel(ctx)
	q := newQueue()
	o.start(ctx, q)
	next := make(chan rxgo.Item)
	go func() {
		defer close(next)
		defer cancel()
		q.drain(ctx, next)
	}()
	return next
}

// start runs subscribe and turns a panic in it into an error.
func (o *observable) start(ctx context.Context, obs observer) {
	defer func() {
		if p := recover(); p != nil {
			obs.fail(newPanicError("subscribe", p))
		}
	}()
	o.s.subscribe(ctx, obs)
}

// subscribe subscribes obs to src for the life of ctx: directly when src
// is ours, else through src's channel, read by a goroutine that ends with
// the stream or with ctx.
func subscribe(ctx context.Context, src rxgo.Observable, obs observer) {
	if s, ok := src.(*observable); ok {
		s.start(ctx, obs)
		return
	}
	in := src.Observe(withContext(ctx))
	go func() {
		for {
			select {
			case item, ok := <-in:
				switch {
				case !ok:
					if ctx.Err() == nil {
						obs.done()
					}
					return
				case item.Error():
					obs.fail(item.E)
					return
				default:
					obs.next(item.V)
				}
			case <-ctx.Done():
				return
			}
		}
	}()
}

// contextOption is rxgo.WithContext that this package can read back: rxgo
// offers no way to read an option, and the embedded rxgo.Option keeps it
// usable by rxgo's own operators.
type contextOption struct {
	rxgo.Option
	ctx context.Context
}

// withContext is the option this package observes foreign sources with.
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

// funcs is an observer made of three functions.
type funcs struct {
	onNext func(v any)
	onFail func(err error)
	onDone func()
}

func (f funcs) next(v any)     { f.onNext(v) }
func (f funcs) fail(err error) { f.onFail(err) }
func (f funcs) done()          { f.onDone() }
