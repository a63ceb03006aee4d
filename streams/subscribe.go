package streams

import (
	"context"
	"sync"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
)

// Observer receives a subscription's events. Any field may be nil.
type Observer struct {
	Next     func(v any)
	Error    func(err error)
	Complete func()
}

// Subscription is a running subscription made by Subscribe.
type Subscription struct {
	root  *subscriber
	items *itemBuffer
	done  chan struct{}
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
	mustNotBeNil("Subscribe", "context", ctx == nil)
	items := newItemBuffer()
	s := &Subscription{root: newRoot(ctx, items), items: items, done: make(chan struct{})}
	start(s.root, obs)
	go func() {
		defer close(s.done)
		defer func() {
			// Whoever closed it (its terminal event, Unsubscribe, ctx)
			// tears it down within that call. Ending it here as well could
			// run the teardown here instead, and let that call return
			// before the teardown was over.
			if !s.root.isClosed() {
				s.root.end()
			}
		}()
		completed, err := feed(ctx, items, o)
		if completed && o.Complete != nil {
			err = panics.Catch("Subscribe", o.Complete)
		}
		if err != nil && o.Error != nil {
			// A panic in Error itself has nobody left to report to; it
			// must not take the process down.
			_ = panics.Catch("Subscribe", func() { o.Error(err) })
		}
	}()
	return s
}

// feed calls o.Next for every value until the stream ends; it returns
// whether it completed, or its error.
func feed(ctx context.Context, items *itemBuffer, o Observer) (bool, error) {
	var err error
	ended := items.each(ctx, func(item rxgo.Item) bool {
		switch {
		case ctx.Err() != nil:
			return false
		case item.Error():
			err = item.E
			return false
		case o.Next != nil:
			err = panics.Catch("Subscribe", func() { o.Next(item.V) })
			return err == nil
		}
		return true
	})
	if err != nil {
		return false, err
	}
	return ended && ctx.Err() == nil, nil
}

// Unsubscribe ends the subscription: the stream is torn down before it
// returns, and o is called no more once its current call, if any, is
// over. It does not wait for that, so it may be called from o's own
// functions; Wait waits.
func (s *Subscription) Unsubscribe() {
	s.root.end()
	s.items.stop()
}

// Done is closed when the subscription has ended and no function of o
// runs any more.
func (s *Subscription) Done() <-chan struct{} { return s.done }

// Wait blocks until Done is closed.
func (s *Subscription) Wait() { <-s.done }

// Collect subscribes to obs and gathers its values until it completes. It
// returns the values and nil, or the values seen before the stream failed
// and its error, or ctx's error if ctx ended first. Either way the
// subscription has been torn down when it returns. When ctx ends, Collect
// may wait for a [FromFunc] function of the stream to return: it sees the
// end through its own context, and must return promptly.
func Collect(ctx context.Context, obs rxgo.Observable) ([]any, error) {
	mustNotBeNil("Collect", "source", obs == nil)
	mustNotBeNil("Collect", "context", ctx == nil)
	c := &collector{ended: make(chan struct{}), lendable: true}
	root := newRoot(ctx, c)
	start(root, obs)
	if f := c.takeLent(); f != nil {
		f()
	}
	select {
	case <-c.ended:
	case <-ctx.Done():
	}
	root.end()
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.over {
		c.over = true
		return c.values, context.Cause(ctx)
	}
	return c.values, c.err
}

// collector is Collect's observer. While Collect is subscribing it also
// takes the first FromFunc function of the stream that is lent to it,
// which Collect then runs itself before it waits for the end.
type collector struct {
	mu       sync.Mutex
	values   []any
	err      error
	over     bool
	ended    chan struct{}
	lendable bool   // Collect is subscribing, and has lent nothing yet
	lent     func() // what it runs once subscribed
}

// lend hands f to Collect's goroutine, to run once the subscribing call
// has returned, and reports whether it took it.
func (c *collector) lend(f func()) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.lendable {
		return false
	}
	c.lendable, c.lent = false, f
	return true
}

func (c *collector) takeLent() func() {
	c.mu.Lock()
	defer c.mu.Unlock()
	f := c.lent
	c.lendable, c.lent = false, nil
	return f
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
		close(c.ended)
	}
}
