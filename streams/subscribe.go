package streams

import (
	"context"

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
// Complete, and nothing after it. A panic in o's Next or Complete is
// reported to o.Error as a *PanicError and ends the subscription.
func Subscribe(ctx context.Context, obs rxgo.Observable, o Observer) *Subscription {
	mustNotBeNil("Subscribe", "source", obs == nil)
	ctx, cancel := context.WithCancel(ctx)
	s := &Subscription{cancel: cancel, done: make(chan struct{})}
	in := observe(ctx, obs)
	go func() {
		defer close(s.done)
		defer cancel()
		err, completed := deliver(ctx, in, o)
		switch {
		case err != nil && o.Error != nil:
			o.Error(err)
		case completed && o.Complete != nil:
			if err := call("Subscribe", o.Complete); err != nil && o.Error != nil {
				o.Error(err)
			}
		}
	}()
	return s
}

// deliver calls o.Next for every value until the stream ends; it returns
// the stream's error, or whether it completed.
func deliver(ctx context.Context, in <-chan rxgo.Item, o Observer) (error, bool) {
	for item := range in {
		if ctx.Err() != nil {
			return nil, false
		}
		if item.Error() {
			return item.E, false
		}
		if o.Next != nil {
			if err := call("Subscribe", func() { o.Next(item.V) }); err != nil {
				return err, false
			}
		}
	}
	return nil, ctx.Err() == nil
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
func Collect(ctx context.Context, obs rxgo.Observable) ([]any, error) {
	mustNotBeNil("Collect", "source", obs == nil)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var values []any
	for item := range observe(ctx, obs) {
		if item.Error() {
			return values, item.E
		}
		values = append(values, item.V)
	}
	return values, context.Cause(ctx)
}
