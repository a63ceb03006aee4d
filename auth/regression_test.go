package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// Regression tests: each once failed, and shows what its fix must keep.

// A refresh started for one sign-in must not be applied to the next:
// alice's refresh is under way when the user signs out and bob signs in;
// bob's token is rejected and his request asks for a refresh, which waits
// behind alice's (RefreshEpic's ConcatMap). When alice's ends, its
// RefreshSucceeded carries her generation, and the reducer leaves bob's
// session alone: his request is answered as bob.
func TestStaleRefreshResultIsNotAppliedToANewSignIn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t, []authtest.Option{authtest.WithTokenLatency(time.Second)})
		f.server.RevokeAccessTokens()
		alice := make(chan error, 1)
		go func() { alice <- f.one(t.Context()) }()
		synctest.Wait() // alice's refresh is under way
		require.NoError(t, f.session.SignOut(nil))
		require.ErrorIs(t, <-alice, auth.ErrSignedOut)

		bob := f.server.SignIn("bob")
		require.NoError(t, f.session.SignIn(auth.TokenPair{AccessToken: auth.Token(bob.AccessToken), RefreshToken: auth.Token(bob.RefreshToken), Expiry: bob.Expiry}))
		f.server.RevokeAccessTokens()
		values, err := streams.Collect(t.Context(), f.get())
		require.NoError(t, err)
		var answer struct{ Subject string }
		require.NoError(t, json.Unmarshal(values[0].(*httpobs.Response).Body, &answer))
		require.Equal(t, "bob", answer.Subject, "bob's request was answered as someone else")
	})
}

// Session.SignIn must be in effect when it returns, even when the store is
// busy dispatching (epics.Store.Dispatch then queues the action and
// returns at once), as it is while a failed refresh's RefreshFailed
// reaches the waiters; and nothing of the failed refresh may sign the new
// session out afterwards.
func TestSignInRightAfterAFailedRefreshIsInEffect(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t, nil)
		f.server.TokenFaults().Always(authtest.OAuthError(http.StatusBadRequest, "invalid_grant", ""))
		for i := range 200 {
			f.server.RevokeAccessTokens()
			require.ErrorIs(t, f.one(t.Context()), auth.ErrRefreshFailed, "round %d", i)
			before := f.session.State().Generation
			p := f.server.SignIn("alice")
			require.NoError(t, f.session.SignIn(auth.TokenPair{AccessToken: auth.Token(p.AccessToken), RefreshToken: auth.Token(p.RefreshToken), Expiry: p.Expiry}))
			s := f.session.State()
			require.Equal(t, auth.StatusSignedIn, s.Status, "round %d: signed in, yet State says %v (%v)", i, s.Status, s.Err)
			require.Equal(t, before+1, s.Generation, "round %d", i)
			synctest.Wait()
			s = f.session.State()
			require.Equal(t, auth.StatusSignedIn, s.Status, "round %d: signed in after a failed refresh, then signed out by it (%v)", i, s.Err)
		}
	})
}

// Transport must hand back a response whose body outlives RoundTrip:
// RoundTrip collects the flow with streams.Collect, which cancels the
// subscription's context on return, so the request must live by the
// caller's context instead. Otherwise reading the body fails with
// context.Canceled after a few KiB and no connection is ever reused.
func TestTransportResponseBodyOutlivesRoundTrip(t *testing.T) {
	body := bytes.Repeat([]byte("x"), 1<<20)
	var dials atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dials.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	session := auth.NewSession(func(context.Context, auth.Token) (auth.TokenPair, error) {
		return auth.TokenPair{}, errors.New("no refresh expected")
	}, auth.WithLogger(slog.New(slog.DiscardHandler)))
	defer func() { require.NoError(t, session.Close()) }()
	require.NoError(t, session.SignIn(auth.TokenPair{AccessToken: "access", RefreshToken: "refresh"}))
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: session.Transport(base)}

	for i := range 3 {
		resp, err := client.Get(srv.URL)
		require.NoError(t, err)
		got, err := io.ReadAll(resp.Body)
		require.NoError(t, resp.Body.Close())
		require.NoError(t, err, "request %d: reading the body", i)
		require.Len(t, got, len(body), "request %d", i)
	}
	require.EqualValues(t, 1, dials.Load(), "connections dialled for 3 sequential requests")
}

// Decorators carried by the request's context are run by Transport on
// every attempt (Decorate is documented for RoundTrippers), the first one
// included.
func TestTransportRunsCarriedDecoratorsOnTheFirstAttempt(t *testing.T) {
	f := newFixture(t, nil)
	var mu sync.Mutex
	var seen []string
	base := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		seen = append(seen, req.Header.Get("X-Trace"))
		mu.Unlock()
		return f.client.Transport.RoundTrip(req)
	})
	ctx := httpobs.ContextWithDecorator(t.Context(), func(r *http.Request) error {
		r.Header.Set("X-Trace", "abc")
		return nil
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.server.ResourceURL(), nil)
	require.NoError(t, err)
	resp, err := (&http.Client{Transport: f.session.Transport(base)}).Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, []string{"abc"}, seen, "the carried decorator did not run on the first attempt")
}

// With WithoutReauth a 401 is "passed on as it is": for a RoundTripper,
// the 401 response.
func TestTransportWithoutReauthHandsBackThe401(t *testing.T) {
	f := newFixture(t, nil)
	f.server.RevokeAccessTokens()
	req, err := http.NewRequestWithContext(auth.WithoutReauth(context.Background()), http.MethodGet, f.server.ResourceURL(), nil)
	require.NoError(t, err)
	resp, err := (&http.Client{Transport: f.session.Transport(f.client.Transport)}).Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

type closeRecorder struct {
	*strings.Reader
	closed atomic.Bool
}

func (b *closeRecorder) Close() error { b.closed.Store(true); return nil }

// The RoundTripper contract: the request body is closed, even on errors.
func TestTransportClosesTheBodyWhenADecoratorFails(t *testing.T) {
	f := newFixture(t, nil)
	ctx := httpobs.ContextWithDecorator(auth.WithoutReauth(t.Context()), func(*http.Request) error {
		return errors.New("no trace id")
	})
	body := &closeRecorder{Reader: strings.NewReader("payload")}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.server.ResourceURL(), body)
	require.NoError(t, err)
	_, err = f.session.Transport(f.client.Transport).RoundTrip(req)
	require.Error(t, err)
	require.True(t, body.closed.Load(), "the request body was not closed")
}
