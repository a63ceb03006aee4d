package streams

import "github.com/reactivex/rxgo/v2"

// Pairwise emits [previous, current] for every value after the first, as
// RxJS's pairwise: a source of fewer than two values emits nothing. It
// completes and fails with its source.
func Pairwise() Operator {
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Pairwise", "source", src == nil)
		return newObservable(func(s *subscriber) {
			var prev any
			hasPrev := false
			subscribe(s, src, funcs{
				onNext: func(v any) {
					pair := [2]any{prev, v}
					prev = v
					if hasPrev {
						s.next(pair)
					}
					hasPrev = true
				},
				onFail: s.fail,
				onDone: s.done,
			})
		})
	}
}
