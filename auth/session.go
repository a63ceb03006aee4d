package auth

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

// Session is a ready-made auth store for programs that have no store of
// their own: it owns a store holding the auth State, runs RefreshEpic on
// it, and authenticates requests against it (Reauth, Transport). Programs
// with their own store mount Reduce and RefreshEpic there and use
// NewAuthenticator instead.
//
// A Session is safe for concurrent use. Close it when done.
type Session struct {
	auth      *Authenticator
	store     *epics.Store[State, struct{}]
	signOuts  rxgo.Observable
	cancel    context.CancelFunc
	listening *streams.Subscription // OnSignOut's, or nil
}

// NewSession starts a signed-out session that refreshes with refresh
// (OAuth2Refresh, or a function of your own). Sign in with SignIn.
func NewSession(refresh RefreshFunc, opts ...Option) *Session {
	if refresh == nil {
		panic("auth.NewSession: nil refresh function")
	}
	return NewSessionWith(RefreshEpic[State, struct{}](func(s State) State { return s }, refresh, opts...), opts...)
}

// NewSessionWith starts a signed-out session whose refreshes are made by
// refresher instead of RefreshEpic: for refreshes coordinated elsewhere,
// such as across the replicas of a service. refresher answers
// RefreshRequested with RefreshSucceeded or RefreshFailed as RefreshEpic
// does, and may emit the tokens obtained elsewhere as RefreshSucceeded
// and a sign-out decided elsewhere as SignedOut. OnTokens is RefreshEpic's
// option: a refresher of one's own keeps the tokens it obtains itself.
func NewSessionWith(refresher epics.Epic[State, struct{}], opts ...Option) *Session {
	if refresher == nil {
		panic("auth.NewSessionWith: nil refresher")
	}
	cfg := newConfig("NewSession", opts)
	last := &lastState{}
	last.p.Store(&State{})
	store := epics.NewStore(last.reduce, State{}, struct{}{}, epics.WithLogger(cfg.logger))
	ctx, cancel := context.WithCancel(context.Background())
	s := &Session{
		auth:     NewAuthenticator(store, last.state, opts...),
		store:    store,
		signOuts: signOuts(store),
		cancel:   cancel,
	}
	if cfg.onSignOut != nil {
		s.listening = streams.Subscribe(ctx, s.signOuts, streams.Observer{
			Next: func(v any) { cfg.onSignOut(v.(SignedOut).Reason) },
		})
	}
	if err := store.Start(ctx, refresher); err != nil {
		panic("auth.NewSession: starting the refresh epic: " + err.Error()) // a new store is never closed
	}
	return s
}

// lastState keeps the state the Session's reducer produced last where the
// Authenticator reads it without the store's lock: every request reads it
// at least twice, from every goroutine, and it changes only with a
// sign-in, a refresh or a sign-out (other actions dispatched to the store
// leave it as it is, at the cost of one small allocation each). The store
// reduces one action at a time and takes the state the reducer returns,
// so the two never differ once an action is reduced; the pointer has it a
// moment before the store does, and before action$ delivers the action.
type lastState struct{ p atomic.Pointer[State] }

func (l *lastState) reduce(s State, action any) State {
	s = Reduce(s, action)
	l.p.Store(&s)
	return s
}

func (l *lastState) state() State { return *l.p.Load() }

// Reauth is the Authenticator's Reauth: the operator that makes a request
// observable survive token expiry.
func (s *Session) Reauth() streams.Operator { return s.auth.Reauth() }

// Transport is the Authenticator's Transport, sending through base
// (http.DefaultTransport if nil).
func (s *Session) Transport(base http.RoundTripper) *Transport { return s.auth.Transport(base) }

// Authenticator returns the session's Authenticator.
func (s *Session) Authenticator() *Authenticator { return s.auth }

// SignIn stores a fresh token pair, signs in, and wakes any request waiting
// for a token. The sign-in is in effect when SignIn returns: State reports
// it and a request made then uses the new token. Do not call it from
// inside an epic's operators, which run while the store is dispatching.
func (s *Session) SignIn(tokens TokenPair) error { return s.apply(SignedIn{Tokens: tokens}) }

// SignOut clears the tokens; waiting requests fail with ErrSignedOut
// wrapping reason. Like SignIn, it is in effect when it returns.
func (s *Session) SignOut(reason error) error { return s.apply(SignedOut{Reason: reason}) }

// apply dispatches action and waits until the store has reduced it: the
// store queues an action dispatched while it is busy, and returns at once.
// action$ delivers an action only after the reducer has seen it.
func (s *Session) apply(action any) error {
	reduced := false
	sub := streams.Subscribe(context.Background(),
		streams.Pipe(s.store.Actions(), streams.Filter(func(a any) bool { return sameAction(a, action) }), streams.Take(1)),
		streams.Observer{Next: func(any) { reduced = true }})
	if err := s.store.Dispatch(action); err != nil {
		sub.Unsubscribe()
		sub.Wait()
		return err
	}
	sub.Wait()
	if !reduced {
		return fmt.Errorf("auth: %w before the action was reduced", epics.ErrClosed)
	}
	return nil
}

// State returns the current auth state.
func (s *Session) State() State { return s.store.State() }

// SignOuts is a hot stream of SignedOut values, one for every time the
// session goes from signed in to signed out from now on, with the reason:
// nil for SignOut(nil), an error matching ErrRefreshFailed when a refresh
// failed.
func (s *Session) SignOuts() rxgo.Observable { return s.signOuts }

// signOuts watches state$ for the moments the session signs out.
func signOuts(store *epics.Store[State, struct{}]) rxgo.Observable {
	return streams.Defer(func(context.Context) rxgo.Observable {
		// state$ replays the current state first: that is where we start
		// from, not a sign-out. One call at a time touches was.
		was, first := StatusSignedOut, true
		return streams.Pipe(store.States(),
			streams.Filter(func(st State) bool {
				out := !first && was != StatusSignedOut && st.Status == StatusSignedOut
				was, first = st.Status, false
				return out
			}),
			streams.Map(func(st State) any { return SignedOut{Reason: st.Err} }),
		)
	})
}

// Store returns the session's store, to dispatch to or observe.
func (s *Session) Store() *epics.Store[State, struct{}] { return s.store }

// Close stops the refresh epic and closes the store; requests still
// waiting for a refresh fail with an error matching epics.ErrClosed. It
// waits for the session's own goroutines — the refresh epic's and
// OnSignOut's — so it must not be called from an OnSignOut function. A
// RefreshFunc still running past the refresh timeout, because it ignores
// its context, is not waited for: its result is dropped when it returns.
func (s *Session) Close() error {
	err := s.store.Close()
	s.cancel()
	s.store.Wait()
	s.auth.Close()
	if s.listening != nil {
		s.listening.Wait()
	}
	return err
}

// Format prints the session's status and never its tokens, under every
// verb.
func (s *Session) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "auth.Session(%v)", s.State().Status)
}

// sameAction reports whether a is the action apply dispatched: a sign-in
// of the same tokens, or any sign-out (a reason need not be comparable).
func sameAction(a, dispatched any) bool {
	switch d := dispatched.(type) {
	case SignedIn:
		in, ok := a.(SignedIn)
		return ok && in.Tokens == d.Tokens
	case SignedOut:
		_, ok := a.(SignedOut)
		return ok
	}
	return false
}
