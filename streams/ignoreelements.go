package streams

import "github.com/reactivex/rxgo/v2"

// IgnoreElements drops every value and mirrors only how its source ends:
// it completes when the source completes and fails with its error.
func IgnoreElements() Operator {
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("IgnoreElements", "source", src == nil)
		return newObservable(func(s *subscriber) {
			subscribe(s, src, funcs{onNext: func(any) {}, onFail: s.fail, onDone: s.done})
		})
	}
}
