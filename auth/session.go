package auth

import (
	"context"
	"fmt"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

// Session is a ready-made auth store for programs that have no store of
// their own: it owns a store holding the auth State, runs RefreshEpic on
// it, and is an Authenticator for it. Programs with their own store mount
// Reduce and RefreshEpic there and use NewAuthenticator instead.
//
// A Session is safe for concurrent use. Close it when done.
type Session struct {
	*Authenticator
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
	cfg := newConfig(opts)
	store := epics.NewStore(Reduce, State{}, struct{}{}, epics.WithLogger(cfg.logger))
	ctx, cancel := context.WithCancel(context.Background())
	s := &Session{
		Authenticator: NewAuthenticator(store, store.State, opts...),
		store:         store,
		signOuts:      streams.Pipe(store.Actions(), streams.OfType[SignedOut]()),
		cancel:        cancel,
	}
	if cfg.onSignOut != nil {
		s.listening = streams.Subscribe(ctx, s.signOuts, streams.Observer{
			Next: func(v any) { cfg.onSignOut(v.(SignedOut).Reason) },
		})
	}
	if err := store.Start(ctx, RefreshEpic[State, struct{}](func(s State) State { return s }, refresh, opts...)); err != nil {
		panic("auth.NewSession: starting the refresh epic: " + err.Error()) // a new store is never closed
	}
	return s
}

// SignIn stores a fresh token pair, signs in, and wakes any request waiting
// for a token.
func (s *Session) SignIn(tokens TokenPair) error { return s.store.Dispatch(SignedIn{Tokens: tokens}) }

// SignOut clears the tokens; waiting requests fail with ErrSignedOut
// wrapping reason.
func (s *Session) SignOut(reason error) error { return s.store.Dispatch(SignedOut{Reason: reason}) }

// State returns the current auth state.
func (s *Session) State() State { return s.store.State() }

// SignOuts is a hot stream of SignedOut actions, one for every sign-out
// from now on, with its reason.
func (s *Session) SignOuts() rxgo.Observable { return s.signOuts }

// Store returns the session's store, to dispatch to or observe.
func (s *Session) Store() *epics.Store[State, struct{}] { return s.store }

// Close stops the refresh epic and closes the store; requests still
// waiting for a refresh fail with an error matching epics.ErrClosed. It
// waits for every goroutine of the session to end.
func (s *Session) Close() error {
	err := s.store.Close()
	s.cancel()
	s.store.Wait()
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
