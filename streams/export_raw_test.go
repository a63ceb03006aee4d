package streams

import "github.com/reactivex/rxgo/v2"

// RawObservable returns an observable whose every subscription calls
// subscribe with its subscriber, as RxJS's new Observable(subscribe)
// does: for tests of what a source sees of its own subscription, such as
// the order of its teardown. subscribe must not block.
func RawObservable(subscribe func(s RawSubscriber)) rxgo.Observable {
	return newObservable(func(s *subscriber) { subscribe(RawSubscriber{s: s}) })
}

// RawSubscriber is a subscription as a RawObservable's function sees it.
type RawSubscriber struct{ s *subscriber }

func (r RawSubscriber) Next(v any)      { r.s.next(v) }
func (r RawSubscriber) Error(err error) { r.s.fail(err) }
func (r RawSubscriber) Complete()       { r.s.done() }
func (r RawSubscriber) Closed() bool    { return r.s.isClosed() }

// OnEnd adds f to the subscription's teardown, or runs it at once if that
// is over: what RxJS does with the function a subscribe function returns.
func (r RawSubscriber) OnEnd(f func()) { r.s.onEnd(f) }
