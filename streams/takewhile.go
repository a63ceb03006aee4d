package streams

import "github.com/reactivex/rxgo/v2"

// TakeWhile mirrors values while take holds for them and completes at the
// first for which it does not, ending its source at once; with inclusive,
// that value is emitted before completing. A value that is not a T fails
// the stream with a *TypeError; a panic in take fails it with a
// *PanicError.
func TakeWhile[T any](take func(T) bool, inclusive bool) Operator {
	mustNotBeNil("TakeWhile", "predicate", take == nil)
	t := newTypeOf[T]("TakeWhile")
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("TakeWhile", "source", src == nil)
		return newObservable(func(s *subscriber) {
			subscribe(s, src, funcs{
				onNext: func(v any) {
					taken, err := holds(t, take, v)
					switch {
					case err != nil:
						s.fail(err)
					case taken:
						s.next(v)
					default:
						if inclusive {
							s.next(v)
						}
						s.done()
					}
				},
				onFail: s.fail,
				onDone: s.done,
			})
		})
	}
}
