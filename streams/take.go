package streams

import "github.com/reactivex/rxgo/v2"

// Take emits the first n values and completes at the n-th, ending its
// source at once (rxgo's Take waits for one more item). Take(0) completes
// without subscribing. A negative n panics.
func Take(n int) Operator {
	mustNotBeNegative("Take", "count", n)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Take", "source", src == nil)
		return newObservable(func(s *subscriber) {
			if n == 0 {
				s.done()
				return
			}
			seen := 0
			subscribe(s, src, funcs{
				onNext: func(v any) {
					seen++
					s.next(v)
					if seen == n {
						s.done()
					}
				},
				onFail: s.fail,
				onDone: s.done,
			})
		})
	}
}

// TakeUntil mirrors its source until notifier emits a value, then
// completes. The notifier is subscribed first, as in RxJS, so a notifier
// that fires during subscription is seen and the source is never
// subscribed. A notifier that completes without a value changes nothing;
// a notifier error fails the stream.
func TakeUntil(notifier rxgo.Observable) Operator {
	mustNotBeNil("TakeUntil", "notifier", notifier == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("TakeUntil", "source", src == nil)
		return newObservable(func(s *subscriber) {
			q := serialTo(s)
			subscribe(s, notifier, funcs{
				onNext: func(any) { q.Push(event{kind: doneEvent}) },
				onFail: func(err error) { q.Push(event{kind: failEvent, err: err}) },
				onDone: func() {},
			})
			if !s.isClosed() {
				subscribe(s, src, input{q: q})
			}
		})
	}
}
