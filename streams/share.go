package streams

import (
	"context"
	"sync"

	"github.com/reactivex/rxgo/v2"
)

// Share multicasts its source: the first subscriber connects one
// subscription to the source (with that subscriber's context values),
// later subscribers join it and see what comes after they joined, and when
// the last one leaves the source subscription is cancelled. The next
// subscriber after that, or after the source ended, connects afresh (RxJS
// share with its default resets).
func Share() Operator {
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Share", "source", src == nil)
		s := &shared{src: src}
		return newObservable(s.subscribe)
	}
}

type shared struct {
	src     rxgo.Observable
	mu      sync.Mutex
	current *connection // nil when nobody is connected
}

// connection is one subscription to the source, multicast through a hub.
type connection struct {
	hub    *hub
	refs   int
	cancel context.CancelFunc
	// in takes the source's events; it is paused while the source is being
	// subscribed, so that no subscriber's code runs before ready is closed.
	in    serial
	ready chan struct{} // closed once the source is subscribed
}

func (s *shared) subscribe(ctx context.Context, o observer) {
	s.mu.Lock()
	c := s.current
	fresh := c == nil
	var cctx context.Context
	if fresh {
		// The connection outlives its first subscriber but carries its
		// context's values, except the Collect goroutine it may lend: a
		// function of the connection's must not keep that Collect from
		// returning.
		c = &connection{hub: newHub(0, nil, false), ready: make(chan struct{})}
		cctx, c.cancel = context.WithCancel(withoutCaller(context.WithoutCancel(ctx)))
		c.in.handle = func(e event) {
			switch e.kind {
			case nextEvent:
				c.hub.next(e.v)
			case failEvent:
				s.disconnect(c)
				c.hub.fail(e.err)
			default:
				s.disconnect(c)
				c.hub.done()
			}
		}
		c.in.pause()
		s.current = c
	}
	c.refs++
	s.mu.Unlock()

	ctx, leave := context.WithCancel(ctx)
	context.AfterFunc(ctx, func() { s.release(c) })
	c.hub.subscribe(ctx, funcs{
		onNext: o.next,
		onFail: func(err error) { leave(); o.fail(err) },
		onDone: func() { leave(); o.done() },
	})
	if !fresh {
		// A subscriber that joins while the first is still subscribing to
		// the source must not return before it is done, or what it then
		// triggers could reach the source before the connection does.
		// Nothing of the subscribers' runs meanwhile (c.in is paused), so
		// this wait cannot be on itself.
		<-c.ready
		return
	}
	// Connect after the first subscriber is registered, so that it sees
	// even what the source emits at once.
	subscribe(cctx, s.src, input{s: &c.in})
	close(c.ready)
	c.in.resume()
}

// disconnect makes the next subscriber connect afresh.
func (s *shared) disconnect(c *connection) {
	s.mu.Lock()
	if s.current == c {
		s.current = nil
	}
	s.mu.Unlock()
}

// release drops one subscriber; the last one cancels the source
// subscription.
func (s *shared) release(c *connection) {
	s.mu.Lock()
	c.refs--
	last := c.refs == 0
	if last && s.current == c {
		s.current = nil
	}
	s.mu.Unlock()
	if last {
		c.cancel()
	}
}
