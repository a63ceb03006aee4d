package streams

import (
	"context"
	"sync"

	"github.com/reactivex/rxgo/v2"
)

// Share multicasts its source: the first subscriber connects one
// subscription to the source, later subscribers join it and see what comes
// after they joined, and when the last one leaves the source subscription
// is cancelled. The next subscriber after that, or after the source ended,
// connects afresh (RxJS share with its default resets).
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
	hub    hub
	refs   int
	cancel context.CancelFunc
	done   chan struct{} // closed when the source subscription has ended
}

func (s *shared) subscribe(ctx context.Context) runFunc {
	s.mu.Lock()
	c := s.current
	fresh := c == nil
	if fresh {
		c = &connection{hub: hub{subs: map[*subscriber]struct{}{}}, done: make(chan struct{})}
		s.current = c
	}
	c.refs++
	run := c.hub.subscribe(ctx)
	if fresh {
		// Connect after the first subscriber is registered, so that it sees
		// even what the source emits at once.
		var cctx context.Context
		cctx, c.cancel = context.WithCancel(context.Background())
		go s.connect(cctx, c, observe(cctx, s.src))
	}
	s.mu.Unlock()
	return func(ctx context.Context, next chan<- rxgo.Item) {
		run(ctx, next)
		s.release(c)
	}
}

// connect pushes the source's items into the hub until the source ends or
// the last subscriber leaves.
func (s *shared) connect(ctx context.Context, c *connection, in <-chan rxgo.Item) {
	defer close(c.done)
	for {
		select {
		case item, ok := <-in:
			switch {
			case !ok && ctx.Err() != nil:
				return
			case !ok:
				s.disconnect(c)
				c.hub.push(rxgo.Item{}, true)
				return
			case item.Error():
				s.disconnect(c)
				c.hub.push(item, true)
				return
			default:
				c.hub.push(item, false)
			}
		case <-ctx.Done():
			return
		}
	}
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
// subscription and waits for it to end.
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
		<-c.done
	}
}
