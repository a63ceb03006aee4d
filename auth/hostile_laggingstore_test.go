package auth_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// laggingStore is a store of one's own whose action$ runs behind its
// state, as the Store contract allows (an action is delivered after the
// reducer has seen it, not before the next one): the test sets the state
// and delivers the actions itself. It records what is dispatched to it,
// and counts in fig each refresh requested of the refresh token in its
// state.
type laggingStore struct {
	fig        *hostileFigures
	actions    *streams.Subject
	mu         sync.Mutex
	st         auth.State
	dispatched []any
}

func (l *laggingStore) Dispatch(a any) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dispatched = append(l.dispatched, a)
	if _, ok := a.(auth.RefreshRequested); ok {
		l.fig.present(string(l.st.RefreshToken))
	}
	return nil
}

func (l *laggingStore) Actions() rxgo.Observable { return l.actions.Observable() }

func (l *laggingStore) state() auth.State {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.st
}

func (l *laggingStore) set(s auth.State) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.st = s
}

func (l *laggingStore) requests() []any {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]any(nil), l.dispatched...)
}

// Alice's refresh fails with the token endpoint's bare 401, and bob
// signs in before the failure reaches alice's waiting request. The
// request fails with ErrRefreshFailed: the failure of its wait, which
// wraps a 401, is not a rejection of the token it carried (it carried
// none), and asks for no refresh of bob's new token. The 401 handler
// sees the failures of the waits before a send too, so this guards it.
func TestHostileFailedWaitIsNoRejection(t *testing.T) {
	for _, via := range hostileVias {
		t.Run(via.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fig := newHostileFigures("alice-access", "alice-refresh", "bob-access", "bob-refresh")
				n := newHostileNet(t)
				res := &resource{}
				n.serve("api.test", res.ServeHTTP)
				l := &laggingStore{fig: fig, actions: streams.NewSubject()}
				l.set(auth.State{Status: auth.StatusRefreshing, Generation: 1, AccessToken: "alice-access", RefreshToken: "alice-refresh"})
				a := auth.NewAuthenticator(l, l.state)

				done := make(chan error, 1)
				go func() {
					done <- fig.do(t, func() hostileResult {
						return via.get(context.Background(), a, n, "http://api.test/resource", "")
					}).err
				}()
				synctest.Wait() // the request waits for alice's refresh
				require.Equal(t, []any{auth.RefreshRequested{Generation: 1}}, l.requests())

				l.set(auth.State{Status: auth.StatusSignedIn, Generation: 2, AccessToken: "bob-access", RefreshToken: "bob-refresh"})
				cause := &httpobs.StatusError{StatusCode: http.StatusUnauthorized, Method: http.MethodPost, URL: "http://tokens.test/token"}
				l.actions.Next(auth.RefreshFailed{Err: fmt.Errorf("%w: %w", auth.ErrRefreshFailed, cause), Generation: 1})
				synctest.Wait()

				require.Equal(t, []any{auth.RefreshRequested{Generation: 1}}, l.requests(), "bob's token was refreshed")
				select {
				case err := <-done:
					require.ErrorIs(t, err, auth.ErrRefreshFailed)
				default:
					t.Fatal("the request still waits")
				}
				require.Zero(t, res.sent())
				a.Close()
				fig.report(t, nil, n, hostileCounts{requests: 1, errors: "RefreshFailed+StatusError 401:1", refreshes: 1})
			})
		})
	}
}

// A request reads a token it knows has expired and waits; then action$
// brings the sign-in that made that token, late. It is not a new token:
// the request goes on waiting for the refresh it asked for, and is sent
// once, with the new token.
func TestLateSignInWakesNoWaiter(t *testing.T) {
	for _, via := range hostileVias {
		t.Run(via.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fig := newHostileFigures("old-access", "old-refresh", "new-access", "new-refresh")
				n := newHostileNet(t)
				res := &resource{}
				res.accepts("new-access")
				n.serve("api.test", res.ServeHTTP)
				expired := time.Now().Add(-time.Minute)
				l := &laggingStore{fig: fig, actions: streams.NewSubject()}
				l.set(auth.State{Status: auth.StatusSignedIn, Generation: 1, AccessToken: "old-access", RefreshToken: "old-refresh", Expiry: expired})
				a := auth.NewAuthenticator(l, l.state)

				done := make(chan hostileResult, 1)
				go func() { done <- via.get(context.Background(), a, n, "http://api.test/resource", "") }()
				synctest.Wait()
				require.Equal(t, []any{auth.RefreshRequested{Generation: 1}}, l.requests())

				l.actions.Next(auth.SignedIn{Tokens: auth.TokenPair{AccessToken: "old-access", RefreshToken: "old-refresh", Expiry: expired}})
				synctest.Wait()
				require.Zero(t, res.sent(), "the expired token went out")
				require.Empty(t, done, "the request ended without a new token")

				l.set(auth.State{Status: auth.StatusSignedIn, Generation: 2, AccessToken: "new-access", RefreshToken: "new-refresh"})
				l.actions.Next(auth.RefreshSucceeded{Generation: 1, Tokens: auth.TokenPair{AccessToken: "new-access", RefreshToken: "new-refresh"}})
				got := <-done
				require.NoError(t, got.err)
				require.Equal(t, http.StatusOK, got.status)
				require.Equal(t, 1, res.sent())
				a.Close()
			})
		})
	}
}
