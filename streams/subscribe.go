package streams

import (
	"context"
	"sync"

	"github.com/reactivex/rxgo/v2"
)

// Observer receives a subscription's events. Any field may be nil.
type Observer struct {
	Next     func(v any)
	Error    func(err error)
	Complete func()
}

// Subscription is a running subscription made by Subscribe.
type Subscription struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// Subscribe subscribes to obs at once, for as long as ctx lasts, and calls
// o's functions from one goroutine of its own, one at a time, until the
// stream ends or the subscription is cancelled: at most one of Error and
// Complete, and nothing after it. Events wait in a queue while o is busy,
// so a slow observer never slows the source. A panic in o's Next or
// Complete is reported to o.Error as a *PanicError and ends the
// subscription; a panic in o.Error is dropped.
func Subscribe(ctx context.Context, obs rxgo.Observable, o Observer) *Subscription {
	mustNotBeNil("Subscribe", "source", obs == nil)
	ctx, cancel := context.WithCancel(ctx)
	s := &Subscription{cancel: cancel, done: make(chan struct{})}
	q := newQueue()
	subscribe(ctx, obs, q)
	go func() {
		defer close(s.done)
		defer cancel()
		completed, err := feed(ctx, q, o)
		if completed && o.Complete != nil {
			err = call("Subscribe", o.Complete)
		}
		if err != nil && o.Error != nil {
			// A panic in Error itself has nobody left to report to; it
			// must not take the process down.
			_ = call("Subscribe", func() { o.Error(err) })
		}
	}()
	return s
}

// feed calls o.Next for every value until the stream ends; it returns
// whether it completed, or its error.
func feed(ctx context.Context, q *queue, o Observer) (bool, error) {
	var err error
	ended := q.each(ctx, func(item rxgo.Item) bool {
		switch {
		case ctx.Err() != nil:
			return false
		case item.Error():
			err = item.E
			return false
		case o.Next != nil:
			err = call("Subscribe", func() { o.Next(item.V) })
			return err == nil
		}
		return true
	})
	if err != nil {
		return false, err
	}
	return ended && ctx.Err() == nil, nil
}

func call(op string, f func()) (err error) {
	defer catch(op, &err)
	f()
	return nil
}

// Unsubscribe cancels the subscription. It does not wait, so it may be
// called from o's own functions; Wait waits.
func (s *Subscription) Unsubscribe() { s.cancel() }

// Done is closed when the subscription has ended and no function of o
// runs any more.
func (s *Subscription) Done() <-chan struct{} { return s.done }

// Wait blocks until Done is closed.
func (s *Subscription) Wait() { <-s.done }

// Collect subscribes to obs and gathers its values until it completes. It
// returns the values and nil, or the values seen before the stream failed
// and its error, or ctx's error if ctx ended first.
//
// It starts no goroutine of its own, and while it waits its goroutine does
// the stream's work when it can: it runs the functions of the FromFunc
// sources subscribed under it, instead of a goroutine per function, and
// delivers the events Handoff hands it. So when the stream ends, or ctx
// does, nothing of the stream may go on running: Collect cancels the
// subscription's context at once — ending every function it lent its
// goroutine to — and returns when the work it is doing, if any, is done.
// (A stream known to stop everything it started by the time it ends, such
// as an httpobs request made with FromCall, is subscribed with ctx itself:
// it has nothing to cancel.)
func Collect(ctx context.Context, obs rxgo.Observable) ([]any, error) {
	mustNotBeNil("Collect", "source", obs == nil)
	mustNotBeNil("Collect", "context", ctx == nil)
	c := &collector{}
	c.lent = lentContext{Context: ctx, caller: &c.caller}
	sub := context.Context(&c.lent)
	if !endsClean(obs) {
		var cancel context.CancelFunc
		sub, cancel = context.WithCancel(sub)
		defer cancel()
		c.cancel = cancel
	}
	subscribe(sub, obs, c)
	c.caller.settle()
	if ended := c.waiting(); ended != nil {
		idle := c.caller.open()
	wait:
		for {
			select {
			case <-ended:
				break wait
			case <-sub.Done():
				break wait
			case w := <-idle:
				w.run()
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.over {
		c.over = true
		return c.values, context.Cause(sub)
	}
	return c.values, c.err
}

// collector is Collect's observer, and its goroutine's offer to do the
// stream's work.
type collector struct {
	caller caller
	lent   lentContext        // the context Collect was given, carrying caller
	cancel context.CancelFunc // the subscription's, if it has its own
	mu     sync.Mutex
	values []any
	err    error
	over   bool
	ended  chan struct{} // made once Collect has to wait, closed at the end
}

// waiting returns the channel closed when the stream ends, or nil if it
// has ended: most requests are answered while Collect runs them, and need
// no channel.
func (c *collector) waiting() chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.over {
		return nil
	}
	c.ended = make(chan struct{})
	return c.ended
}

func (c *collector) next(v any) {
	c.mu.Lock()
	if !c.over {
		c.values = append(c.values, v)
	}
	c.mu.Unlock()
}

func (c *collector) fail(err error) { c.end(err) }
func (c *collector) done()          { c.end(nil) }

func (c *collector) end(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.over {
		c.over, c.err = true, err
		if c.ended != nil {
			close(c.ended)
		}
		if c.cancel != nil {
			// Collect may be busy running a function of a subscription
			// that outlives the stream (a side subscription, an rxgo
			// operator that stopped early): end it now rather than when
			// that returns.
			c.cancel()
		}
	}
}
