package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
)

// Defer returns an observable that calls factory once per subscription and
// subscribes to what it returns. factory gets a context with the
// subscriber's values that is cancelled when the subscription ends. A
// factory that panics or returns nil fails that subscription.
func Defer(factory func(ctx context.Context) rxgo.Observable) rxgo.Observable {
	mustNotBeNil("Defer", "factory", factory == nil)
	return newObservable(func(s *subscriber) {
		var src rxgo.Observable
		err := panics.Catch("Defer", func() { src = factory(s.context()) })
		if err == nil && src == nil {
			err = errNilObservable("Defer", "factory")
		}
		if err != nil {
			s.fail(err)
			return
		}
		start(s, src)
	})
}

// Of returns an observable that emits values in order, then completes, as
// soon as it is subscribed.
func Of(values ...any) rxgo.Observable {
	return newObservable(func(s *subscriber) {
		for _, v := range values {
			if s.isClosed() {
				return
			}
			s.next(v)
		}
		s.done()
	})
}

// Throw returns an observable that fails with err on every subscription.
func Throw(err error) rxgo.Observable {
	mustNotBeNil("Throw", "error", err == nil)
	return newObservable(func(s *subscriber) { s.fail(err) })
}

// Empty returns an observable that completes at once.
func Empty() rxgo.Observable {
	return newObservable(func(s *subscriber) { s.done() })
}

// Never returns an observable that emits nothing and never ends.
func Never() rxgo.Observable {
	return newObservable(func(*subscriber) {})
}

// FromFunc returns an observable that, on each subscription, calls fn
// without holding up the subscribing call, and emits its value then
// completes, or fails with its error. ctx has the subscriber's values and
// is cancelled when the subscription ends: fn must return promptly then
// ([Collect] may wait for it), and what it returns after that is dropped.
// A panic in fn fails the stream with a *PanicError.
func FromFunc(fn func(ctx context.Context) (any, error)) rxgo.Observable {
	mustNotBeNil("FromFunc", "function", fn == nil)
	return newObservable(func(s *subscriber) {
		ctx := s.context()
		call := func() {
			if s.isClosed() {
				return
			}
			var v any
			var ferr error
			err := panics.Catch("FromFunc", func() { v, ferr = fn(ctx) })
			if err == nil {
				err = ferr
			}
			if err != nil {
				s.fail(err)
				return
			}
			s.next(v)
			s.done()
		}
		if c, ok := s.root().o.(*collector); ok && c.lend(call) {
			return
		}
		go func() {
			growStack(0)
			call()
		}()
	})
}
