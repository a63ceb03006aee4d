package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
)

// ThrowIfEmpty mirrors its source, but fails with newErr() when the source
// completes without emitting a value. Put it after TakeUntil to turn a
// silent cut-off into an error, so that a waiting request is answered
// instead of lost. A nil result from newErr fails with ErrEmpty.
func ThrowIfEmpty(newErr func() error) Operator {
	mustNotBeNil("ThrowIfEmpty", "error factory", newErr == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("ThrowIfEmpty", "source", src == nil)
		return newObservable(func(ctx context.Context, o observer) {
			empty := true
			subscribe(ctx, src, funcs{
				onNext: func(v any) { empty = false; o.next(v) },
				onFail: o.fail,
				onDone: func() {
					if empty {
						o.fail(emptyError(newErr))
						return
					}
					o.done()
				},
			})
		})
	}
}

func emptyError(newErr func() error) (err error) {
	defer catch("ThrowIfEmpty", &err)
	if err = newErr(); err == nil {
		err = ErrEmpty
	}
	return err
}

// DeriveContext subscribes its source with derive(ctx) instead of the
// subscription's own context ctx: the way to hand a source a value (a
// request decorator, a deadline) for one subscription. The derived context
// must be ctx or a child of it, so that cancelling the subscription still
// reaches the source. If the derived context ends first (a deadline), the
// stream fails with its cause rather than staying silent. derive must only
// make the context: it is not given one of its own to start work under,
// and a deadline it sets runs until it passes or ctx ends.
func DeriveContext(derive func(ctx context.Context) context.Context) Operator {
	mustNotBeNil("DeriveContext", "function", derive == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("DeriveContext", "source", src == nil)
		d := &deriver{derive: derive, src: src}
		d.observable.s = d
		return &d.observable
	}
}

// deriver is one DeriveContext operator applied to its source: the
// observable, and what it subscribes with, in one allocation.
type deriver struct {
	observable
	derive func(ctx context.Context) context.Context
	src    rxgo.Observable
}

// endsClean: it stops watching the derived context when the source ends,
// so it ends clean if the source does. (A deadline derive set is derive's
// own: it ends at the deadline or with ctx.)
func (d *deriver) endsClean() bool { return endsClean(d.src) }

func (d *deriver) subscribe(ctx context.Context, o observer) {
	derived, err := callDerive(d.derive, ctx)
	if err != nil {
		o.fail(err)
		return
	}
	if derived.Done() == ctx.Done() {
		// Only values were added: the derived context ends with ctx, and
		// there is nothing of its own to watch.
		subscribe(derived, d.src, o)
		return
	}
	derived, cancel := context.WithCancel(derived)
	s := &serial{}
	over := false
	var stopWatching func() bool
	const fromSource, fromContext = 0, 1
	s.handle = func(e event) {
		switch {
		case over:
		case e.kind == nextEvent:
			o.next(e.v)
		case e.from == fromContext:
			over = true
			if ctx.Err() == nil {
				o.fail(context.Cause(e.v.(context.Context)))
			}
		case e.kind == failEvent:
			over = true
			stopWatching()
			cancel()
			o.fail(e.err)
		default:
			over = true
			stopWatching()
			cancel()
			o.done()
		}
	}
	watched := derived
	stopWatching = context.AfterFunc(derived, func() { s.push(event{from: fromContext, kind: doneEvent, v: watched}) })
	subscribe(derived, d.src, input{s: s, from: fromSource})
}

func callDerive(derive func(context.Context) context.Context, ctx context.Context) (derived context.Context, err error) {
	defer catch("DeriveContext", &err)
	return derive(ctx), nil
}
