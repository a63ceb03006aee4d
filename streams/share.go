package streams

import (
	"context"
	"sync"

	"github.com/reactivex/rxgo/v2"
)

// A ShareOption configures [Share].
type ShareOption func(*shareConfig)

type shareConfig struct {
	resetOnError, resetOnComplete, resetOnRefCountZero bool
}

// ShareResetOnError(false) keeps a failed connection: later subscribers
// get its error instead of connecting afresh.
func ShareResetOnError(reset bool) ShareOption {
	return func(c *shareConfig) { c.resetOnError = reset }
}

// ShareResetOnComplete(false) keeps a completed connection: later
// subscribers complete at once instead of connecting afresh.
func ShareResetOnComplete(reset bool) ShareOption {
	return func(c *shareConfig) { c.resetOnComplete = reset }
}

// ShareResetOnRefCountZero(false) keeps the source subscribed when the
// last subscriber leaves, for the next one to join.
func ShareResetOnRefCountZero(reset bool) ShareOption {
	return func(c *shareConfig) { c.resetOnRefCountZero = reset }
}

// Share multicasts its source, as RxJS's share: the first subscriber
// connects one subscription to the source (carrying that subscriber's
// context values), later subscribers join it and see what comes after
// they joined. When the last one leaves, the source subscription is ended
// before that subscriber's unsubscription returns, and the next
// subscriber connects afresh; so does the next one after the source
// failed or completed. The options turn each of these resets off.
func Share(opts ...ShareOption) Operator {
	cfg := shareConfig{resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true}
	configure("Share", &cfg, opts)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Share", "source", src == nil)
		sh := &shared{cfg: cfg, src: src}
		return newObservable(sh.subscribe)
	}
}

type shared struct {
	cfg shareConfig
	src rxgo.Observable

	mu   sync.Mutex
	conn *connection // nil when a new subscriber must connect
}

// connection is one subscription to the source, multicast through a hub.
type connection struct {
	hub    *hub
	source *subscriber
	refs   int           // guarded by shared.mu
	ended  bool          // the source terminated; guarded by shared.mu
	ready  chan struct{} // closed once the source has been subscribed
}

func (sh *shared) subscribe(s *subscriber) {
	sh.mu.Lock()
	c := sh.conn
	fresh := c == nil
	if fresh {
		c = &connection{hub: newHub(replayBuffer{}, false), ready: make(chan struct{})}
		// The connection outlives its first subscriber, but carries its
		// values.
		c.source = newRoot(context.WithoutCancel(s.values), funcs{
			onNext: c.hub.next,
			onFail: func(err error) { sh.ended(c, sh.cfg.resetOnError); c.hub.fail(err) },
			onDone: func() { sh.ended(c, sh.cfg.resetOnComplete); c.hub.done() },
		})
		sh.conn = c
	}
	c.refs++
	sh.mu.Unlock()

	c.hub.subscribe(s)
	s.onEnd(func() { sh.leave(c) })
	if !fresh {
		// A subscriber joining from another goroutine while the first is
		// still subscribing the source must not return before that is
		// done, or what it then triggers could reach the source before
		// the connection does. One joining from within the connecting
		// call must not wait for itself: it is part of the connection
		// (the source subscribes Share again), or it comes from inside a
		// delivery of the hub (a subscriber reacting to a value the
		// source emits at once).
		if s.root() != c.source && !c.hub.q.Busy() {
			<-c.ready
		}
		return
	}
	// Connect after the first subscriber has joined, so that it sees
	// even what the source emits at once.
	start(c.source, sh.src)
	close(c.ready)
}

// ended marks c's source terminated, and makes the next subscriber
// connect afresh if reset.
func (sh *shared) ended(c *connection, reset bool) {
	sh.mu.Lock()
	c.ended = true
	if reset && sh.conn == c {
		sh.conn = nil
	}
	sh.mu.Unlock()
}

// leave drops one subscriber; the last one ends the source subscription,
// unless the source has ended: then the reset was the ending's to decide.
func (sh *shared) leave(c *connection) {
	sh.mu.Lock()
	c.refs--
	last := c.refs == 0 && sh.cfg.resetOnRefCountZero && !c.ended
	if last && sh.conn == c {
		sh.conn = nil
	}
	sh.mu.Unlock()
	if last {
		c.source.end()
	}
}
