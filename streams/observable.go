package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
)

// observable is the rxgo.Observable every constructor here returns. Its
// subscribe function runs inside the subscribing call and may emit before
// it returns, as RxJS sources do; it must not block. rxgo's own operator
// methods reach it through rxgo.go.
type observable struct {
	subscribe func(s *subscriber)
}

var _ rxgo.Observable = (*observable)(nil)

func newObservable(subscribe func(s *subscriber)) rxgo.Observable {
	return &observable{subscribe: subscribe}
}

// subscribe subscribes o to src as a child of parent and returns the
// child, which ends when parent does or src terminates.
func subscribe(parent *subscriber, src rxgo.Observable, o observer) *subscriber {
	c := parent.child(o)
	start(c, src)
	return c
}

// A Wrapper is an rxgo.Observable of a type of its own that stands for
// another: this package's operators subscribe to what Unwrap returns, so a
// wrapper around one of this package's observables keeps their promises
// (subscribed inside the subscribing call, torn down at once).
type Wrapper interface {
	rxgo.Observable
	Unwrap() rxgo.Observable
}

// start subscribes s to src: a subscription of ours in place, any other
// rxgo.Observable through its channel.
func start(s *subscriber, src rxgo.Observable) {
	if s.isClosed() {
		return
	}
	for {
		w, ok := src.(Wrapper)
		if !ok {
			break
		}
		src = w.Unwrap()
	}
	if own, ok := src.(*observable); ok {
		if err := panics.Catch("subscribe", func() { own.subscribe(s) }); err != nil {
			s.fail(err)
		}
		return
	}
	startForeign(s, src)
}

// startForeign reads a foreign observable's channel on a goroutine that
// ends with the stream or with s.
func startForeign(s *subscriber, src rxgo.Observable) {
	ctx := s.context()
	in := src.Observe(withContext(ctx))
	go func() {
		for {
			select {
			case item, ok := <-in:
				switch {
				case !ok:
					s.done()
					return
				case item.Error():
					s.fail(item.E)
					return
				default:
					s.next(item.V)
				}
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Observe subscribes before it returns and hands the events over on a
// channel, closed after the terminal event or when the context given with
// rxgo.WithContext ends. The items wait in an unbounded queue, so a slow
// reader never holds up the source or its other subscribers.
func (o *observable) Observe(opts ...rxgo.Option) <-chan rxgo.Item {
	if ctx, ok := ownContext(opts); ok {
		return o.observe(ctx)
	}
	// rxgo's options are opaque: let rxgo build the channel and the
	// context, and subscribe as soon as the context is known.
	items := newItemBuffer()
	var root *subscriber
	ctxs := make(chan context.Context)
	started := make(chan struct{})
	next := rxgo.Defer([]rxgo.Producer{func(ctx context.Context, next chan<- rxgo.Item) {
		ctxs <- ctx
		<-started
		items.drain(ctx, next)
		root.end()
	}}).Observe(opts...)
	root = newRoot(<-ctxs, items)
	start(root, o)
	close(started)
	return next
}

// observe subscribes for the life of ctx and returns the channel.
func (o *observable) observe(ctx context.Context) <-chan rxgo.Item {
	items := newItemBuffer()
	root := newRoot(ctx, items)
	start(root, o)
	next := make(chan rxgo.Item)
	go func() {
		defer close(next)
		defer root.end()
		items.drain(ctx, next)
	}()
	return next
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
