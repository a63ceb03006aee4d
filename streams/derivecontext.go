package streams

import (
	"context"
	"errors"

	"github.com/reactivex/rxgo/v2"
)

// DeriveContext subscribes its source with derive(ctx) instead of the
// subscription's own context ctx: the way to hand a source a value (a
// request decorator, a deadline) for one subscription. The derived context
// must be ctx or a child of it, so that cancelling the subscription still
// reaches the source. If the derived context ends first (a deadline), the
// stream fails with its cause rather than staying silent.
func DeriveContext(derive func(ctx context.Context) context.Context) Operator {
	mustNotBeNil("DeriveContext", "function", derive == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("DeriveContext", "source", src == nil)
		return newDeriver(derive, src, false)
	}
}

// DeriveValues is DeriveContext for a derive that only adds values (a
// request decorator, a request timeout read by the source): the derived
// context must end when ctx does and not before, as a context made by
// context.WithValue does. A subscription whose derived context could end
// on its own fails with an error saying so; use DeriveContext for a
// deadline. Unlike DeriveContext's, its subscriptions hold nothing the
// stream's end has to release, so it keeps a source that ends clean (see
// FromCall) clean.
func DeriveValues(derive func(ctx context.Context) context.Context) Operator {
	mustNotBeNil("DeriveValues", "function", derive == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("DeriveValues", "source", src == nil)
		return newDeriver(derive, src, true)
	}
}

func newDeriver(derive func(ctx context.Context) context.Context, src rxgo.Observable, valuesOnly bool) rxgo.Observable {
	d := &deriver{derive: derive, src: src, valuesOnly: valuesOnly}
	d.observable.s = d
	return &d.observable
}

// deriver is one DeriveContext or DeriveValues operator applied to its
// source: the observable, and what it subscribes with, in one allocation.
type deriver struct {
	observable
	derive     func(ctx context.Context) context.Context
	src        rxgo.Observable
	valuesOnly bool // DeriveValues
}

// endsClean: a context that only carries values holds nothing, so
// DeriveValues ends clean if its source does. DeriveContext does not: a
// deadline derive set lives until it passes or ctx ends, and only the
// end of ctx can release it.
func (d *deriver) endsClean() bool { return d.valuesOnly && endsClean(d.src) }

func (d *deriver) subscribe(ctx context.Context, o observer) {
	derived, err := callDerive(d.op(), d.derive, ctx)
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
	if d.valuesOnly {
		o.fail(errors.New("streams.DeriveValues: the derived context can end before the subscription's: it must only add values (DeriveContext takes deadlines)"))
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
	stopWatching = context.AfterFunc(derived, func() { s.push(event{from: fromContext, kind: doneEvent, v: derived}) })
	subscribe(derived, d.src, input{s: s, from: fromSource})
}

// op is the operator's name, for its errors.
func (d *deriver) op() string {
	if d.valuesOnly {
		return "DeriveValues"
	}
	return "DeriveContext"
}

func callDerive(op string, derive func(context.Context) context.Context, ctx context.Context) (derived context.Context, err error) {
	defer catch(op, &err)
	return derive(ctx), nil
}
