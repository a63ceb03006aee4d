package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
)

// FromChannel returns an observable that, on each subscription, receives
// from ch on a goroutine of its own and emits what it receives, completing
// when ch is closed. Like goroutines ranging over one channel, concurrent
// subscriptions compete: each value goes to exactly one of them. For every
// subscriber to see every value, share it: Pipe(FromChannel(ch), Share()).
// A subscription ended from within its own emission (Take) receives
// nothing more; one ended from elsewhere (a cancelled context, a
// notifier) may drop the one value it was receiving then. A nil ch panics.
func FromChannel[T any](ch <-chan T) rxgo.Observable {
	mustNotBeNil("FromChannel", "channel", ch == nil)
	return newObservable(func(s *subscriber) {
		ctx := s.context()
		go func() {
			for !s.isClosed() {
				select {
				case v, ok := <-ch:
					if !ok {
						s.done()
						return
					}
					s.next(v)
				case <-ctx.Done():
					return
				}
			}
		}()
	})
}

// ToChannel subscribes to obs at once and sends its values, each a T, on
// the returned channel, closed when the stream ends or ctx does. The
// source never waits for the reader: values queue, without bound, until
// received. err waits for the channel to be closed and tells why: nil
// when the stream completed, its error when it failed (a *TypeError for a
// value that is not a T), or ctx's cause when ctx ended first, dropping
// what was still queued. To stop reading early, cancel ctx.
func ToChannel[T any](ctx context.Context, obs rxgo.Observable) (values <-chan T, err func() error) {
	mustNotBeNil("ToChannel", "source", obs == nil)
	mustNotBeNil("ToChannel", "context", ctx == nil)
	t := newTypeOf[T]("ToChannel")
	typed := mapValues(obs, func(v any) (any, bool, error) {
		x, err := t.mustAs(v)
		return x, err == nil, err
	})
	items := newItemBuffer()
	root := newRoot(ctx, items)
	start(root, typed)
	out := make(chan T)
	closed := make(chan struct{})
	var ended error
	go func() {
		defer close(closed)
		defer close(out)
		defer root.end()
		completed := items.each(ctx, func(item rxgo.Item) bool {
			if item.Error() {
				ended = item.E
				return false
			}
			x, _ := item.V.(T) // a nil interface value reads as T's zero
			if ctx.Err() != nil {
				return false
			}
			select {
			case out <- x:
				return true
			case <-ctx.Done():
				return false
			}
		})
		if !completed && ended == nil {
			ended = context.Cause(ctx)
		}
	}()
	return out, func() error {
		<-closed
		return ended
	}
}
