package streams

import "github.com/reactivex/rxgo/v2"

// Concat returns an observable that subscribes to each source in turn,
// the next one only once the one before has completed, and emits their
// values in that order. It completes after the last source, and fails,
// subscribing no further source, when one fails. Concat() completes at
// once.
func Concat(srcs ...rxgo.Observable) rxgo.Observable {
	mustNotHoldNil("Concat", "source", srcs)
	return newObservable(func(s *subscriber) {
		c := &concatenating{s: s, srcs: srcs}
		c.loop.attempt = c.subscribeNext
		c.loop.run()
	})
}

// concatenating is one subscription of a Concat. again runs its attempts
// one at a time, so that a run of sources completing at once loops rather
// than nesting calls.
type concatenating struct {
	s    *subscriber
	srcs []rxgo.Observable
	next int // the source to subscribe next
	loop again
}

func (c *concatenating) subscribeNext() {
	if c.s.isClosed() {
		return
	}
	if c.next == len(c.srcs) {
		c.s.done()
		return
	}
	src := c.srcs[c.next]
	c.next++
	part := c.s.child(nil)
	part.o = funcs{
		onNext: c.s.next,
		onFail: c.s.fail,
		onDone: func() {
			// Let this source go before the next is subscribed.
			part.end()
			c.loop.run()
		},
	}
	start(part, src)
}
