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
		return newObservable(func(ctx context.Context) runFunc {
			in := observe(ctx, src)
			return func(ctx context.Context, next chan<- rxgo.Item) {
				empty := true
				for {
					select {
					case item, ok := <-in:
						if !ok {
							if empty && ctx.Err() == nil {
								send(ctx, next, rxgo.Error(emptyError(newErr)))
							}
							return
						}
						if !send(ctx, next, item) || item.Error() {
							return
						}
						empty = false
					case <-ctx.Done():
						return
					}
				}
			}
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
