package bench

import (
	"context"
	"sync"
)

// A burst is n requests ready to go, each on its own goroutine: fire sends
// them all at once and returns every request's error, once each has its
// outcome. A burst is fired once.
type burst struct {
	fire func() []error
}

// burstPreparer is a Client that orchestrates its own bursts: the limit.
type burstPreparer interface {
	prepareBurst(ctx context.Context, n int) burst
}

// prepareBurst starts n goroutines that each call c.Get once fired, so
// that starting goroutines is not part of what is timed.
func prepareBurst(ctx context.Context, c Client, n int) burst {
	if p, ok := c.(burstPreparer); ok {
		return p.prepareBurst(ctx, n)
	}
	start := make(chan struct{})
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = c.Get(ctx)
		})
	}
	return burst{fire: func() []error {
		close(start)
		wg.Wait()
		return errs
	}}
}
