package streams

import "github.com/reactivex/rxgo/v2"

// DefaultIfEmpty mirrors its source, and emits v before completing if the
// source completed without a value, as RxJS's defaultIfEmpty. A nil v is
// emitted as nil. Errors pass through.
func DefaultIfEmpty(v any) Operator {
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("DefaultIfEmpty", "source", src == nil)
		return newObservable(func(s *subscriber) {
			empty := true
			subscribe(s, src, funcs{
				onNext: func(x any) { empty = false; s.next(x) },
				onFail: s.fail,
				onDone: func() {
					if empty {
						s.next(v)
					}
					s.done()
				},
			})
		})
	}
}
