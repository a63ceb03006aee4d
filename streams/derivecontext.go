package streams

import (
	"context"
	"errors"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
)

// DeriveContext subscribes its source under derive(ctx) instead of the
// subscription's own context ctx: the way to hand a source a value or a
// deadline for one subscription. The functions run for the source see
// the derived context's values and deadline, and are still stopped when
// the subscription ends. If the derived context
// ends first (a deadline), the stream fails with its cause. A panic in
// derive, or a nil context, fails that subscription.
func DeriveContext(derive func(ctx context.Context) context.Context) Operator {
	mustNotBeNil("DeriveContext", "function", derive == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("DeriveContext", "source", src == nil)
		return newObservable(func(s *subscriber) {
			ctx := s.context()
			var derived context.Context
			err := panics.Catch("DeriveContext", func() { derived = derive(ctx) })
			if err == nil && derived == nil {
				err = errNilContext
			}
			if err != nil {
				s.fail(err)
				return
			}
			if derived.Done() == ctx.Done() {
				// Only values were added: nothing of its own can end it.
				start(s.childWith(derived, s), src)
				return
			}
			q := serialTo(s)
			stop := context.AfterFunc(derived, func() {
				q.Push(event{kind: failEvent, err: context.Cause(derived)})
			})
			s.onEnd(func() { stop() })
			start(s.childWith(derived, input{q: q}), src)
		})
	}
}

var errNilContext = errors.New("streams.DeriveContext: function returned a nil context")
