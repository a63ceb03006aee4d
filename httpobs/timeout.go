package httpobs

import (
	"context"
	"fmt"
	"time"

	"github.com/rxepic/rxepic/streams"
)

type timeoutKey struct{}

// Timeout returns an operator that gives every request its source makes
// — each attempt of a retry, each request of a fan-out — a deadline d
// from when it starts to be sent, covering the whole exchange, body
// included. A request
// that runs out of time is aborted and fails with a *[RequestError] whose
// Err is a *[TimeoutError]: errors.Is matches both
// context.DeadlineExceeded and streams.ErrTimeout. [Retry] counts it as a
// network error.
//
// The deadline reaches the sources of this package through the
// subscription's context, so Timeout can sit anywhere downstream of them:
// after Retry it still bounds each attempt, not the sum. To bound a whole
// pipeline, give its subscription a context deadline or use
// streams.Timeout. Nested Timeouts: the shortest applies. d must be
// positive.
func Timeout(d time.Duration) streams.Operator {
	if d <= 0 {
		panic(fmt.Sprintf("httpobs.Timeout: d = %v, want > 0", d))
	}
	return streams.DeriveContext(func(ctx context.Context) context.Context {
		if cur, ok := requestTimeout(ctx); ok && cur <= d {
			return ctx
		}
		return context.WithValue(ctx, timeoutKey{}, d)
	})
}

func requestTimeout(ctx context.Context) (time.Duration, bool) {
	d, ok := ctx.Value(timeoutKey{}).(time.Duration)
	return d, ok
}
