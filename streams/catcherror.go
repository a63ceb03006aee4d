package streams

import (
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
)

// CatchError mirrors its source; when the source fails, it ends that
// subscription, calls handler(err, caught) and continues with the
// observable the handler returns. caught is the source with this same
// handler applied again, so returning it resubscribes. A handler that
// returns Throw(err) passes the error on; one that panics or returns nil
// fails the stream.
func CatchError(handler func(err error, caught rxgo.Observable) rxgo.Observable) Operator {
	mustNotBeNil("CatchError", "handler", handler == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("CatchError", "source", src == nil)
		var caught rxgo.Observable
		caught = newObservable(func(s *subscriber) {
			c := &catching{s: s, src: src, handler: handler, caught: caught}
			c.loop.attempt = c.try
			c.loop.run()
		})
		return caught
	}
}

// catching is one subscription of a CatchError.
type catching struct {
	s       *subscriber
	src     rxgo.Observable
	handler func(err error, caught rxgo.Observable) rxgo.Observable
	caught  rxgo.Observable
	loop    again
}

// try subscribes one attempt at the source.
func (c *catching) try() {
	a := &attempt{c: c}
	a.sub = c.s.child(a)
	start(a.sub, c.src)
}

// recover continues after the failure err of an attempt with what the
// handler returns.
func (c *catching) recover(err error) {
	var then rxgo.Observable
	herr := panics.Catch("CatchError", func() { then = c.handler(err, c.caught) })
	switch {
	case herr != nil:
		c.s.fail(herr)
	case then == nil:
		c.s.fail(errNilObservable("CatchError", "handler"))
	case then == c.caught:
		c.loop.run()
	default:
		start(c.s, then)
	}
}

// attempt observes one attempt at a CatchError's source.
type attempt struct {
	c   *catching
	sub *subscriber
}

func (a *attempt) next(v any) { a.c.s.next(v) }
func (a *attempt) done()      { a.c.s.done() }

func (a *attempt) fail(err error) {
	a.sub.end() // as RxJS unsubscribes a failed source before its handler runs
	a.c.recover(err)
}
