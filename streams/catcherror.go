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
			c := &catching{s: s, src: src}
			c.loop.attempt = c.try
			c.handle = func(err error) rxgo.Observable {
				var then rxgo.Observable
				herr := panics.Catch("CatchError", func() { then = handler(err, caught) })
				switch {
				case herr != nil:
					return Throw(herr)
				case then == nil:
					return Throw(errNilObservable("CatchError", "handler"))
				case then == caught:
					return nil
				}
				return then
			}
			c.loop.run()
		})
		return caught
	}
}

// catching is one subscription of a CatchError.
type catching struct {
	s      *subscriber
	src    rxgo.Observable
	handle func(err error) rxgo.Observable // what follows; nil to resubscribe
	loop   again
}

// try subscribes one attempt at the source.
func (c *catching) try() {
	attempt := c.s.child(nil)
	attempt.o = funcs{
		onNext: c.s.next,
		onDone: c.s.done,
		onFail: func(err error) {
			attempt.end() // as RxJS unsubscribes a failed source before its handler runs
			then := c.handle(err)
			if then == nil {
				c.loop.run()
				return
			}
			start(c.s, then)
		},
	}
	start(attempt, c.src)
}
