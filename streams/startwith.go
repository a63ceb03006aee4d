package streams

import "github.com/reactivex/rxgo/v2"

// StartWith emits values, in order, as soon as it is subscribed, then
// subscribes its source and mirrors it, as RxJS's startWith. The source
// is not subscribed if the subscription ends among the values.
func StartWith(values ...any) Operator {
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("StartWith", "source", src == nil)
		return newObservable(func(s *subscriber) {
			if emitAll(s, values) {
				subscribe(s, src, funcs{onNext: s.next, onFail: s.fail, onDone: s.done})
			}
		})
	}
}

// EndWith mirrors its source and, when the source completes, emits
// values in order before it completes, as RxJS's endWith. A source that
// fails or never completes is followed by nothing.
func EndWith(values ...any) Operator {
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("EndWith", "source", src == nil)
		return newObservable(func(s *subscriber) {
			subscribe(s, src, funcs{
				onNext: s.next,
				onFail: s.fail,
				onDone: func() {
					if emitAll(s, values) {
						s.done()
					}
				},
			})
		})
	}
}

// emitAll passes values on to s while it is open, and reports whether it
// still is.
func emitAll(s *subscriber, values []any) bool {
	for _, v := range values {
		if s.isClosed() {
			return false
		}
		s.next(v)
	}
	return !s.isClosed()
}
