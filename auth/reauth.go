package auth

import (
	"context"
	"errors"
	"fmt"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// Reauth returns the operator that makes a request observable survive
// token expiry. Each subscription of the result is one request:
//
//  1. Signed out, it fails with ErrSignedOut at once. If a refresh is
//     under way or the access token is known to be expired, it first
//     waits for the refresh, instead of going out with a stale token.
//  2. It subscribes to the source with a decorator that puts the current
//     access token on every httpobs request.
//  3. A rejection (a 401 by default, see WithReauthOn) of a token already
//     replaced resubscribes. A rejection of the current token subscribes
//     to the stream of new tokens with take(1), cut off with takeUntil by
//     a refresh failure or a sign-out, and only then asks for the refresh,
//     once for all the requests waiting for it. The new token resubscribes
//     the request; a cut-off fails it with an error matching ErrSignedOut,
//     and ErrRefreshFailed with its cause after a failed refresh.
//  4. It is re-authenticated — waits for a refresh, or is sent again after
//     a stale rejection — at most WithReauthLimit times (default 1); a
//     rejection after that fails it with ErrStillUnauthorized, so a server
//     that rejects every token costs one refresh and no loop.
//
// A rejection from an origin the token was never sent to (after a
// redirect) is passed on as it is. The source should be deferred (httpobs
// sources are): each subscription must send a new request. Under
// WithoutReauth the request is only authorized.
func (a *Authenticator) Reauth() streams.Operator {
	return func(src rxgo.Observable) rxgo.Observable {
		return streams.Defer(func(ctx context.Context) rxgo.Observable {
			r := &request{a: a, src: src}
			if skipReauth(ctx) {
				return r.send()
			}
			if s := a.state(); s.Status == StatusSignedIn && !a.knownExpired(s) {
				// The token is good, as it is for most requests: send it
				// at once; the flow takes over if it is rejected.
				return streams.Pipe(r.send(), streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable {
					return r.caught(err, r.flow())
				}))
			}
			return r.flow()
		})
	}
}

// flow is the request, each attempt under the 401 handler; the handler's
// caught is this same flow, so returning it resubscribes.
func (r *request) flow() rxgo.Observable {
	return streams.Pipe(r.attempt(), streams.CatchError(r.caught))
}

// attempt is one try of the request. Before its first send, or after a
// rejection, it may wait for one refresh: once, so that tokens living
// less than the expiry margin cannot cause a refresh per request.
func (r *request) attempt() rxgo.Observable {
	return streams.Defer(func(context.Context) rxgo.Observable {
		s := r.a.state()
		if s.Status == StatusSignedOut {
			return streams.Throw(signedOut(s.Err))
		}
		if r.waitOnce(s.Status == StatusRefreshing || r.a.knownExpired(s)) && r.spend() {
			return r.after(r.a.refreshed(s.Generation), r.send)
		}
		return r.send()
	})
}

// caught is the 401 handler: what follows the failure err of an attempt.
func (r *request) caught(err error, caught rxgo.Observable) rxgo.Observable {
	gen, ok := r.rejected(err)
	if !ok {
		return streams.Throw(err)
	}
	s := r.a.state()
	switch {
	case s.Status == StatusSignedOut:
		// The refresh failed meanwhile: the same error as its waiters'.
		return streams.Throw(signedOut(s.Err))
	case !r.spend():
		return streams.Throw(fmt.Errorf("%w: %w", ErrStillUnauthorized, err))
	case gen < s.Generation:
		return caught // a stale 401: the token has been replaced since
	}
	r.waitOnce(true) // this wait is the one: the retry goes out after it
	return r.after(r.a.refreshed(gen), func() rxgo.Observable { return caught })
}

// refreshed completes once the token of generation gen has been
// replaced, or fails when its refresh fails or the session signs out
// first. The order is the heart of it: subscribe to the new-token stream
// — take(1), takeUntil(failure or sign-out), throwIfEmpty — before asking
// for the refresh, so that no outcome can be missed; the ask also answers
// at once for a token replaced meanwhile.
func (a *Authenticator) refreshed(gen uint64) rxgo.Observable {
	return streams.Pipe(streams.Merge(a.newToken(gen), a.askRefresh(gen)), streams.Take(1))
}

// newToken emits the first new token after generation gen's, or fails when
// its refresh fails or the session signs out first. The waiters of a
// generation share one subscription, so that a storm is one wait, not one
// per request; one that joins as the token is handed out sees only the
// completion.
func (a *Authenticator) newToken(gen uint64) rxgo.Observable {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.wait == nil || a.waitGen != gen {
		a.wait, a.waitGen = streams.Pipe(a.tokenAfter(gen), streams.Share()), gen
	}
	return a.wait
}

// tokenAfter is newToken, unshared.
func (a *Authenticator) tokenAfter(gen uint64) rxgo.Observable {
	return streams.Defer(func(context.Context) rxgo.Observable {
		// reason is written by the cut-off's filter before TakeUntil
		// completes, and read after: one call at a time touches it.
		var reason error
		cut := false
		cutOff := streams.Pipe(a.endings, streams.Filter(func(act any) bool {
			switch act := act.(type) {
			case RefreshFailed:
				reason, cut = act.Err, act.Generation >= gen
			case SignedOut:
				reason, cut = signedOut(act.Reason), true
			case closedSignal:
				reason, cut = errClosedWaiting, true
			}
			return cut
		}))
		return streams.Pipe(a.newTokens,
			// Not the action's generation but the state's: action$ runs
			// behind the state, and can bring a waiter the very sign-in
			// that made gen, or a success the reducer refused.
			streams.Filter(func(any) bool { return a.state().Generation > gen }),
			streams.Take(1),
			streams.TakeUntil(cutOff),
			streams.ThrowIfEmpty(func() error { return a.cutOffError(cut, reason) }),
		)
	})
}

// cutOffError is what a wait for a new token fails with: the refresh's or
// the sign-out's reason, or the store's closing.
func (a *Authenticator) cutOffError(cut bool, reason error) error {
	switch {
	case !cut:
		return errClosedWaiting // action$ completed: the store closed
	case a.state().Status == StatusSignedOut && !errors.Is(reason, ErrSignedOut):
		return signedOut(reason)
	}
	return reason
}

// after continues with then() once wait has completed.
func (r *request) after(wait rxgo.Observable, then func() rxgo.Observable) rxgo.Observable {
	return streams.Concat(streams.Pipe(wait, streams.IgnoreElements()), streams.Defer(func(context.Context) rxgo.Observable { return then() }))
}
