package auth

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

// Store is what the 401 flow needs from the store that holds the auth
// slice: *epics.Store satisfies it. Dispatch must not block on the store's
// epics, and Actions must be hot and deliver an action only after the
// reducer has seen it.
type Store interface {
	Dispatch(action any) error
	Actions() rxgo.Observable
}

// Authenticator runs the 401 flow for requests against one auth slice:
// Reauth for request observables, Transport for http.Client. It is safe
// for concurrent use and owns no goroutine. The refresh itself is
// RefreshEpic's job: run it on the same store.
type Authenticator struct {
	store Store
	state func() State
	cfg   config

	// The shared refresh-success stream, and what cuts a wait for it off.
	newTokens rxgo.Observable // SignedIn and RefreshSucceeded
	endings   rxgo.Observable // RefreshFailed, SignedOut and closedSignal

	closing *streams.Subject // emits once, at Close

	mu      sync.Mutex
	asked   refreshKey // the refresh last asked for
	closed  bool
	wait    rxgo.Observable // newToken(waitGen)
	waitGen uint64
}

// closedSignal is what closing emits.
type closedSignal struct{}

// refreshKey names one refresh: an attempt of a generation, and the
// refresh token it presents (a store that resets the slice on sign-out
// brings generations round again, and a new sign-in's refresh must not be
// taken for an old one).
type refreshKey struct {
	generation, attempt uint64
	token               [sha256.Size]byte // of the refresh token: never the token itself
}

func keyOf(s State, attempt uint64) refreshKey {
	return refreshKey{s.Generation, attempt, sha256.Sum256([]byte(s.RefreshToken))}
}

// NewAuthenticator returns an Authenticator over store, reading the auth
// slice with state (which must be safe to call from any goroutine).
func NewAuthenticator(store Store, state func() State, opts ...Option) *Authenticator {
	if store == nil || state == nil {
		panic("auth.NewAuthenticator: nil store or state function")
	}
	closing := streams.NewSubject()
	endings := streams.Pipe(store.Actions(), streams.Filter(func(a any) bool {
		switch a.(type) {
		case RefreshFailed, SignedOut:
			return true
		}
		return false
	}))
	return &Authenticator{
		store:   store,
		state:   state,
		closing: closing,
		cfg:     newConfig("NewAuthenticator", opts),
		newTokens: streams.Pipe(store.Actions(), streams.Filter(func(a any) bool {
			switch a.(type) {
			case SignedIn, RefreshSucceeded:
				return true
			}
			return false
		}), streams.Share()),
		endings: streams.Pipe(streams.Merge(endings, closing.Observable()), streams.Share()),
	}
}

// authorize puts the current access token on req and returns its
// generation: the first of the flow's two primitives.
func (a *Authenticator) authorize(req *http.Request) (uint64, error) {
	s := a.state()
	if s.Status == StatusSignedOut || s.AccessToken == "" {
		return 0, signedOut(s.Err)
	}
	req.Header.Set("Authorization", "Bearer "+string(s.AccessToken))
	return s.Generation, nil
}

// waitReplaced blocks until the token of generation gen has been replaced,
// and returns nil, or the error that cut the wait off: refreshed as plain
// code, for Transport.
func (a *Authenticator) waitReplaced(ctx context.Context, gen uint64) error {
	var err error
	streams.Subscribe(ctx, a.refreshed(gen), streams.Observer{Error: func(e error) { err = e }}).Wait()
	if err == nil {
		err = context.Cause(ctx) // nil once the token has been replaced
	}
	return err
}

// askRefresh asks for the token of generation gen to be replaced, once per
// attempt, however many requests wait for it. It returns what the waiter
// reads besides the refresh-success stream: nothing after asking (or when
// another has asked), the new generation if the token has been replaced
// already, an error if the session is signed out or the ask could not be
// dispatched.
func (a *Authenticator) askRefresh(gen uint64) rxgo.Observable {
	return streams.Defer(func(context.Context) rxgo.Observable {
		s := a.state()
		// The refresh to ask for: the next attempt, or, while one is under
		// way, that one, in case it was asked for before RefreshEpic ran
		// (RefreshEpic makes one call per attempt, however often asked).
		next := keyOf(s, s.Attempt)
		if s.Status == StatusSignedIn {
			next = keyOf(s, s.Attempt+1)
		}
		switch {
		case a.isClosed():
			return streams.Throw(errClosedWaiting)
		case s.Status == StatusSignedOut:
			return streams.Throw(signedOut(s.Err))
		case s.Generation != gen:
			return streams.Of(s.Generation) // replaced meanwhile
		case !a.firstToAsk(next):
			return streams.Empty() // asked for already
		}
		if err := a.store.Dispatch(RefreshRequested{Generation: gen}); err != nil {
			return streams.Throw(fmt.Errorf("auth: requesting a refresh: %w", err))
		}
		return streams.Empty()
	})
}

// firstToAsk reports whether no one has asked for the refresh k yet, and
// records that someone has.
func (a *Authenticator) firstToAsk(k refreshKey) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.asked == k {
		return false
	}
	a.asked = k
	return true
}

// Close ends every wait for a refresh, for a Store whose action$ never
// completes (an epics.Store's does when it is closed): a request waiting
// fails, and one that needs a refresh from then on fails, with an error
// matching epics.ErrClosed. Requests that need no refresh go on.
func (a *Authenticator) Close() {
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	a.closing.Next(closedSignal{})
}

func (a *Authenticator) isClosed() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.closed
}

// knownExpired reports whether s's access token is known to be expired,
// or about to be (the margin), when expiry is checked at all.
func (a *Authenticator) knownExpired(s State) bool {
	return a.cfg.expiryCheck && s.expired(time.Now(), a.cfg.expiryMargin)
}

// errClosedWaiting fails requests that need a refresh once the store is
// closed.
var errClosedWaiting = fmt.Errorf("auth: waiting for a refresh: %w", epics.ErrClosed)

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
