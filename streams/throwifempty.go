package streams

import (
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
)

// ThrowIfEmpty mirrors its source, but fails with newErr() when the source
// completes without emitting a value. Put it after TakeUntil to turn a
// silent cut-off into an error, so that whoever waits is answered
// instead of left waiting. A nil result from newErr fails with ErrEmpty,
// a panic in it with a *PanicError.
func ThrowIfEmpty(newErr func() error) Operator {
	mustNotBeNil("ThrowIfEmpty", "error factory", newErr == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("ThrowIfEmpty", "source", src == nil)
		return newObservable(func(s *subscriber) {
			empty := true
			subscribe(s, src, funcs{
				onNext: func(v any) { empty = false; s.next(v) },
				onFail: s.fail,
				onDone: func() {
					if !empty {
						s.done()
						return
					}
					var err error
					if perr := panics.Catch("ThrowIfEmpty", func() { err = newErr() }); perr != nil {
						err = perr
					}
					if err == nil {
						err = ErrEmpty
					}
					s.fail(err)
				},
			})
		})
	}
}
