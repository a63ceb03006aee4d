package bench

import (
	"context"
	"fmt"
	"sync"
)

// limit is the reference a client's recovery time is measured against: every
// request goes out with the rejected token at once and is answered 401;
// then one refresh round trip; then every request goes out again with the
// new token at once. Nothing waits longer than it must and no library is
// in the way: a barrier between the bursts is all the coordination there
// is.
//
// With knownExpiry, the first burst is skipped: a client that knows the
// token has expired can refresh before sending anything, so its floor is
// one refresh round trip and one burst.
type limit struct {
	setup       Setup
	knownExpiry bool
}

// NewLimit returns the limit as a Client. Its bursts are orchestrated as a
// whole (see above); a single Get is a burst of one.
func NewLimit(s Setup) (Client, error) { return &limit{setup: s}, nil }

// NewKnownExpiryLimit returns the limit of a client that knows the token
// has expired: one refresh round trip, then one burst with the new token.
func NewKnownExpiryLimit(s Setup) (Client, error) { return &limit{setup: s, knownExpiry: true}, nil }

func (l *limit) Get(ctx context.Context) error {
	return l.prepareBurst(ctx, 1).fire()[0]
}

func (l *limit) Close() error { return nil }

func (l *limit) prepareBurst(ctx context.Context, n int) burst {
	start, retry := make(chan struct{}), make(chan struct{})
	errs := make([]error, n)
	var tokens Tokens    // written before retry is closed, read after
	var refreshErr error // likewise
	var rejected, done sync.WaitGroup
	if !l.knownExpiry {
		rejected.Add(n)
	}
	for i := range n {
		done.Go(func() {
			var first error
			if !l.knownExpiry {
				<-start
				first = getResource(ctx, l.setup.HTTP, l.setup.ResourceURL, l.setup.Tokens.Access)
				rejected.Done()
			}
			<-retry
			switch {
			case !l.knownExpiry && !isUnauthorized(first):
				errs[i] = fmt.Errorf("bench: limit: first request: want a 401, got %v", first)
			case refreshErr != nil:
				errs[i] = refreshErr
			default:
				errs[i] = getResource(ctx, l.setup.HTTP, l.setup.ResourceURL, tokens.Access)
			}
		})
	}
	return burst{fire: func() []error {
		close(start)
		rejected.Wait()
		tokens, refreshErr = refreshGrant(ctx, l.setup.HTTP, l.setup.TokenURL, l.setup.Tokens.Refresh)
		close(retry)
		done.Wait()
		return errs
	}}
}
