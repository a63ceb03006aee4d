package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// Store is what the 401 flow needs from the store that holds the auth
// slice: *epics.Store satisfies it. Dispatch must not block on the store's
// epics, and Actions must be hot.
type Store interface {
	Dispatch(action any) error
	Actions() rxgo.Observable
}

// Authenticator runs the 401 flow for requests against one auth slice:
// Reauth for request observables, Transport for http.Client. It is safe
// for concurrent use. The refresh itself is RefreshEpic's job: run it on
// the same store.
//
// Requests that wait for the same refresh share one wait for its outcome,
// fed from the store's action$ by a goroutine that ends with the outcome,
// when the store closes, or at Close, which waits for it.
type Authenticator struct {
	store      Store
	state      func() State
	cfg        config
	newTokens  rxgo.Observable   // SignedIn and RefreshSucceeded, from now on
	endings    rxgo.Observable   // RefreshFailed and SignedOut, from now on
	authorizer httpobs.Decorator // authorize, made once
	withToken  streams.Operator  // subscribes with the authorize decorator
	reauthOp   streams.Operator  // what Reauth returns, made once
	bearer     atomic.Pointer[bearer]

	// The shared waits' subscriptions to action$ live by feedCtx, which
	// Close cancels.
	feedCtx     context.Context
	cancelFeeds context.CancelFunc

	mu     sync.Mutex
	wait   *refreshWait   // of the latest generation waited for
	waits  []*refreshWait // whose feed may still run, pruned as they end
	closed bool           // Close has been called
}

// bearer is what authorize puts on requests for one access token, made
// once per token rather than once per request.
type bearer struct {
	generation uint64
	token      Token
	header     []string // "Bearer " and the token: a field value shared by every request, never changed
	tag        any      // the generation, as the request's tag
}

// NewAuthenticator returns an Authenticator over store, reading the auth
// slice with state (which must be safe to call from any goroutine).
func NewAuthenticator(store Store, state func() State, opts ...Option) *Authenticator {
	if store == nil || state == nil {
		panic("auth.NewAuthenticator: nil store or state function")
	}
	ctx, cancel := context.WithCancel(context.Background())
	a := &Authenticator{
		store: store,
		state: state,
		cfg:   newConfig(opts),
		newTokens: streams.Pipe(store.Actions(), streams.Filter(func(a any) bool {
			switch a.(type) {
			case SignedIn, RefreshSucceeded:
				return true
			}
			return false
		})),
		endings: streams.Pipe(store.Actions(), streams.Filter(func(a any) bool {
			switch a.(type) {
			case RefreshFailed, SignedOut:
				return true
			}
			return false
		})),
		feedCtx:     ctx,
		cancelFeeds: cancel,
	}
	a.authorizer = a.authorize
	a.withToken = streams.DeriveContext(func(ctx context.Context) context.Context {
		return httpobs.ContextWithDecorator(ctx, a.authorizer)
	})
	a.reauthOp = a.reauth
	return a
}

// Reauth returns the operator that makes a request observable survive
// token expiry. Each subscription of the result is one request:
//
//  1. Before sending, if a refresh is under way or the access token is known
//     to be expired, it waits for the refresh outcome instead of going out
//     with a stale token; signed out, it fails with ErrSignedOut at once.
//  2. It subscribes to the source with a decorator that puts the current
//     access token on every httpobs request and records its generation.
//  3. On a rejection (401 by default, see WithReauthOn) for an older
//     generation than the current one it simply resubscribes; otherwise it
//     subscribes to the stream of new tokens with take(1), cut off with
//     takeUntil by a refresh failure or a sign-out, and only then
//     dispatches RefreshRequested. That subscription is shared by every
//     request waiting for the same token's refresh and replays its outcome
//     to late ones, and while the refresh is under way only the first of
//     them dispatches. A new token resubscribes the source; a
//     cut-off fails the request with an error matching ErrSignedOut and,
//     after a failed refresh, ErrRefreshFailed and its cause.
//  4. A request may wait for WithReauthLimit refreshes (default 1), before
//     sending or after a rejection; a rejection after that fails it with
//     ErrStillUnauthorized, so a server that rejects every token cannot
//     cause a refresh loop.
//
// The source should be deferred (httpobs sources are): each subscription
// must send a new request. Once the store is closed no refresh can happen:
// a request that needs one fails with an error matching epics.ErrClosed.
// A subscription whose context carries WithoutReauth is sent with the
// token but not retried.
func (a *Authenticator) Reauth() streams.Operator { return a.reauthOp }

// reauth is the operator Reauth returns. A request that may go out at
// once is sent with the token under a plain 401 handler; the rest enter
// the flow at once. Under WithoutReauth the request is only authorized.
func (a *Authenticator) reauth(src rxgo.Observable) rxgo.Observable {
	send := a.withToken(src)
	return streams.Defer(func(ctx context.Context) rxgo.Observable {
		if skipReauth(ctx) {
			return send
		}
		if _, ok := a.sendNow(ctx); !ok {
			return (&request{a: a, send: send}).flow()
		}
		return streams.Pipe(send, streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable {
			return a.afterRejection(err, send)
		}))
	})
}

// sendNow reports whether a request may go out at once, without a look
// at the refresh: signed in, the token not known to be expired, and not
// WithoutReauth; and the context that carries the token decorator.
func (a *Authenticator) sendNow(ctx context.Context) (context.Context, bool) {
	if skipReauth(ctx) {
		return ctx, false
	}
	s := a.state()
	if s.Status != StatusSignedIn || a.knownExpired(s) {
		return ctx, false
	}
	return httpobs.ContextWithDecorator(ctx, a.authorizer), true
}

// afterRejection is the flow of a request whose first attempt failed
// with err; send is the request, authorized.
func (a *Authenticator) afterRejection(err error, send rxgo.Observable) rxgo.Observable {
	r := &request{a: a, send: send}
	return r.caught(err, r.flow())
}

// knownExpired reports whether s's access token is known to be expired,
// or about to be (the margin), when expiry is checked at all.
func (a *Authenticator) knownExpired(s State) bool {
	// The clock is read only for a token whose expiry is known.
	return a.cfg.expiryCheck && !s.Expiry.IsZero() && s.expired(time.Now(), a.cfg.expiryMargin)
}

// request is one subscription of a Reauth observable, in the flow.
type request struct {
	a    *Authenticator
	send rxgo.Observable // the source, authorized
	// reauths counts the refreshes this request has waited for, before
	// sending or after a rejection: the budget that stops loops. Only one
	// goroutine at a time runs this request's steps.
	reauths int
}

// flow is the request with the 401 handler: each attempt waits for a
// refresh first if need be, and a rejection is caught.
func (r *request) flow() rxgo.Observable {
	return streams.Pipe(r.attempt(), streams.CatchError(r.caught))
}

// caught is the 401 handler: it decides what follows the failure err of
// an attempt; retry is the flow again.
func (r *request) caught(err error, retry rxgo.Observable) rxgo.Observable {
	a := r.a
	gen, rejected := a.rejected(err)
	switch {
	case !rejected:
		return streams.Throw(err)
	case gen < a.state().Generation:
		return retry // a stale 401: the token has been replaced since
	case r.reauths >= a.cfg.reauthLimit:
		return streams.Throw(fmt.Errorf("%w: %w", ErrStillUnauthorized, err))
	}
	r.reauths++
	return streams.Pipe(a.refreshed(gen), streams.SwitchMap(func(any) rxgo.Observable { return retry }))
}

// attempt is one try of the request: it waits for a refresh first when
// the token is being refreshed or known to be expired.
func (r *request) attempt() rxgo.Observable {
	return streams.Defer(func(context.Context) rxgo.Observable {
		a := r.a
		s := a.state()
		switch {
		case s.Status == StatusSignedOut:
			return streams.Throw(signedOut(s.Err))
		case s.Status == StatusRefreshing || a.knownExpired(s):
			// Send after one refresh whatever the new token's expiry: a
			// server that issues tokens shorter-lived than the margin must
			// not cause a refresh loop.
			r.reauths++
			return streams.Pipe(a.refreshed(s.Generation), streams.SwitchMap(func(any) rxgo.Observable { return r.send }))
		}
		return r.send
	})
}

// generation tags a request with the generation of the token it carried.
type generation uint64

// authorize puts the current access token on req.
func (a *Authenticator) authorize(req *http.Request) (any, error) {
	s := a.state()
	if s.Status == StatusSignedOut || s.AccessToken == "" {
		return nil, signedOut(s.Err)
	}
	b := a.bearer.Load()
	if b == nil || b.generation != s.Generation || b.token != s.AccessToken {
		b = &bearer{generation: s.Generation, token: s.AccessToken, header: []string{"Bearer " + string(s.AccessToken)}, tag: generation(s.Generation)}
		a.bearer.Store(b)
	}
	req.Header["Authorization"] = b.header
	return b.tag, nil
}

// rejected reports whether err means the token was rejected, and the
// generation of the token that was.
func (a *Authenticator) rejected(err error) (uint64, bool) {
	if !a.cfg.reauthOn(err) {
		return 0, false
	}
	var se *httpobs.StatusError
	if errors.As(err, &se) {
		for _, tag := range se.Tags {
			if g, ok := tag.(generation); ok {
				return uint64(g), true
			}
		}
	}
	// Not sent through our decorator: take it as a rejection of the
	// current token.
	return a.state().Generation, true
}

// signedOut is the error of a request that meets a signed-out session.
func signedOut(reason error) error {
	if reason == nil {
		return ErrSignedOut
	}
	return fmt.Errorf("%w: %w", ErrSignedOut, reason)
}

type noReauthKey struct{}

// WithoutReauth returns a context under which Reauth and Transport send a
// request with the current token but never refresh or retry it: a 401 is
// passed on as it is.
func WithoutReauth(ctx context.Context) context.Context {
	return context.WithValue(ctx, noReauthKey{}, true)
}

func skipReauth(ctx context.Context) bool {
	skip, _ := ctx.Value(noReauthKey{}).(bool)
	return skip
}

// Format prints the type and never the tokens it reads, under every verb.
func (a *Authenticator) Format(f fmt.State, _ rune) { fmt.Fprint(f, "auth.Authenticator") }
