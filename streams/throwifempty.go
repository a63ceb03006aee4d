package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
)

// ThrowIfEmpty mirrors its source, but fails with newErr() when the source
// completes without emitting a value. Put it after TakeUntil to turn a
// silent cut-off into an error, so that a waiting request is answered
// instead of lost. A nil result from newErr fails with ErrEmpty.
func ThrowIfEmpty(newErr func() error) Operator {
	mustNotBeNil("ThrowIfEmpty", "error factory", newErr == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("ThrowIfEmpty", "source", src == nil)
		return newObservable(func(ctx context.Context, o observer) {
			empty := true
			subscribe(ctx, src, funcs{
				onNext: func(v any) { empty = false; o.next(v) },
				onFail: o.fail,
				onDone: func() {
					if empty {
						o.fail(emptyError(newErr))
						return
					}
					o.done()
				},
			})
		})
	}
}

func emptyError(newErr func() error) (err error) {
	defer catch("ThrowIfEmpty", &err)
	if err = newErr(); err == nil {
		err = ErrEmpty
	}
	return err
}
