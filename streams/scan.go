package streams

import (
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
)

// Scan emits, for every value v, the accumulation f(acc, v), where acc
// starts at seed and is each result in turn, as RxJS's scan with a seed.
// Each subscription accumulates from seed afresh. A value that is not a T
// fails the stream with a *TypeError, a panic in f with a *PanicError.
func Scan[T, A any](f func(acc A, v T) A, seed A) Operator {
	return accumulate("Scan", f, seed, true)
}

// Reduce is Scan that emits only the last accumulation, when the source
// completes: seed itself for a source that completes without a value, as
// RxJS's reduce with a seed. A source that fails or never completes
// emits nothing.
func Reduce[T, A any](f func(acc A, v T) A, seed A) Operator {
	return accumulate("Reduce", f, seed, false)
}

func accumulate[T, A any](op string, f func(A, T) A, seed A, each bool) Operator {
	mustNotBeNil(op, "accumulator", f == nil)
	t := newTypeOf[T](op)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil(op, "source", src == nil)
		return newObservable(func(s *subscriber) {
			acc := seed
			subscribe(s, src, funcs{
				onNext: func(v any) {
					x, err := t.mustAs(v)
					if err == nil {
						err = panics.Catch(op, func() { acc = f(acc, x) })
					}
					switch {
					case err != nil:
						s.fail(err)
					case each:
						s.next(acc)
					}
				},
				onFail: s.fail,
				onDone: func() {
					if !each {
						s.next(acc)
					}
					s.done()
				},
			})
		})
	}
}
