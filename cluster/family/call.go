package family

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/internal/panics"
)

// outcome is what a call of the token endpoint came to.
type outcome struct {
	pair auth.TokenPair
	err  error // nil on success
	// retryable: the endpoint cannot have taken the refresh token (it was
	// unavailable, or never called), so the family stays signed in.
	retryable bool
}

// backoff bounds the waits between tries of an unavailable endpoint.
const (
	firstBackoff = 100 * time.Millisecond
	maxBackoff   = 5 * time.Second
)

// call presents token to refresh, raw, until ctx ends: an unavailable
// endpoint is tried again with backoff, honouring its Retry-After; a
// failure after the token may have gone out (a timeout) is ambiguous and
// definitive, as any other error is.
func call(ctx context.Context, refresh auth.RefreshFunc, token auth.Token) outcome {
	if token == "" {
		return outcome{err: auth.ErrNoRefreshToken}
	}
	wait := firstBackoff
	for {
		if err := context.Cause(ctx); err != nil {
			return outcome{err: fmt.Errorf("family: no time left to call the token endpoint: %w", err), retryable: true}
		}
		var pair auth.TokenPair
		var err error
		if perr := panics.Catch("RefreshFunc", func() { pair, err = refresh(ctx, token) }); perr != nil {
			err = perr
		}
		if err == nil {
			// Even past ctx's deadline: the lease still has time for the
			// result, and the token is spent either way.
			if pair.AccessToken == "" {
				return outcome{err: errors.New("family: refresh gave no access token")}
			}
			if pair.RefreshToken == "" {
				pair.RefreshToken = token // not rotated
			}
			return outcome{pair: pair}
		}
		var ue *auth.UnavailableError
		if !errors.As(err, &ue) {
			if ctx.Err() != nil {
				err = fmt.Errorf("%w: no answer in time: %w", auth.ErrAmbiguous, err)
			}
			return outcome{err: err}
		}
		wait = max(wait, ue.RetryAfter)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return outcome{err: err, retryable: true}
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return outcome{err: err, retryable: true}
		}
		wait = min(2*wait, maxBackoff)
	}
}
