package rxepic_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// The stories the library grew from, end to end across the packages, each
// against a reference auth server whose counters are checked exactly. They
// run on virtual time, with the server in memory.

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// resource is what authtest's protected resource answers.
type resource struct {
	Subject string `json:"subject"`
	Path    string `json:"path"`
}

func signIn(t *testing.T, server *authtest.Server, dispatch func(any) error) {
	t.Helper()
	pair := server.SignIn("alice")
	require.NoError(t, dispatch(auth.SignedIn{Tokens: auth.TokenPair{
		AccessToken:  auth.Token(pair.AccessToken),
		RefreshToken: auth.Token(pair.RefreshToken),
		Expiry:       pair.Expiry,
	}}))
}

// A page fires three requests with a token the server no longer accepts:
// three 401s, one refresh, three retries, and each answer reaches the
// caller that asked for it.
func TestStoryPageWithThreeRequests(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		server := authtest.NewInMemory(authtest.WithResourceLatency(5*time.Millisecond), authtest.WithTokenLatency(20*time.Millisecond))
		defer server.Close()
		client := server.Client()
		defer client.CloseIdleConnections()
		session := auth.NewSession(auth.OAuth2Refresh(server.TokenURL(), auth.WithHTTPClient(client)), auth.WithLogger(quiet))
		defer session.Close()
		signIn(t, server, session.Store().Dispatch)
		server.RevokeAccessTokens()

		paths := []string{"/resource/profile", "/resource/orders", "/resource/settings"}
		got := make([]resource, len(paths))
		var wg sync.WaitGroup
		for i, path := range paths {
			wg.Go(func() {
				req := streams.Pipe(httpobs.GetJSON[resource](server.URL()+path, httpobs.WithClient(client)), session.Reauth())
				values, err := streams.Collect(t.Context(), req)
				require.NoError(t, err)
				require.Len(t, values, 1)
				got[i] = values[0].(resource)
			})
		}
		wg.Wait()

		for i, path := range paths {
			require.Equal(t, path, got[i].Path, "each answer reaches its own caller")
			require.Equal(t, "alice", got[i].Subject)
		}
		st := server.Stats()
		require.EqualValues(t, 3, st.ResourceUnauthorized)
		require.EqualValues(t, 1, st.RefreshCalls)
		require.EqualValues(t, 3, st.ResourceOK)
		require.EqualValues(t, 0, st.ReuseDetections)
	})
}

// Requests issued while a refresh is running wait for it, and go out once,
// with the new token.
func TestStoryRequestsWaitForRunningRefresh(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		server := authtest.NewInMemory(authtest.WithAccessTTL(time.Minute), authtest.WithTokenLatency(300*time.Millisecond))
		defer server.Close()
		client := &http.Client{Transport: nil}
		inner := server.Client()
		defer inner.CloseIdleConnections()
		session := auth.NewSession(auth.OAuth2Refresh(server.TokenURL(), auth.WithHTTPClient(inner)), auth.WithLogger(quiet))
		defer session.Close()
		client.Transport = session.Transport(inner.Transport)
		signIn(t, server, session.Store().Dispatch)
		time.Sleep(2 * time.Minute) // the access token expires

		get := func(i int) {
			resp, err := client.Get(fmt.Sprintf("%s/resource/%d", server.URL(), i))
			require.NoError(t, err)
			defer resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode)
		}
		var wg sync.WaitGroup
		wg.Go(func() { get(0) }) // finds the token expired and starts the refresh
		time.Sleep(100 * time.Millisecond)
		require.Equal(t, auth.StatusRefreshing, session.State().Status)
		for i := 1; i <= 5; i++ {
			wg.Go(func() { get(i) })
		}
		wg.Wait()

		st := server.Stats()
		require.EqualValues(t, 1, st.RefreshCalls)
		require.EqualValues(t, 6, st.ResourceOK)
		require.EqualValues(t, 0, st.ResourceUnauthorized, "nothing went out with the expired token")
	})
}

// The redux-observable story, in a store of the program's own: an epic
// turns FetchUser into a request that re-authenticates through the store's
// auth slice. When the token endpoint itself answers 401, the refresh
// fails once, every request fails with the reason, and nothing loops.
type appState struct {
	Auth   auth.State
	Loaded []string
	Failed []error
}

type fetchUser struct{ ID int }
type userLoaded struct{ Path string }
type userFailed struct{ Err error }

func reduceApp(s appState, action any) appState {
	s.Auth = auth.Reduce(s.Auth, action)
	switch a := action.(type) {
	case userLoaded:
		s.Loaded = append(append([]string(nil), s.Loaded...), a.Path)
	case userFailed:
		s.Failed = append(append([]error(nil), s.Failed...), a.Err)
	}
	return s
}

// fetchUserEpic loads users from api, each request re-authenticating
// through reauth.
func fetchUserEpic(api string, client *http.Client, reauth streams.Operator) epics.Epic[appState, struct{}] {
	return func(actions rxgo.Observable, _ *epics.StateObservable[appState], _ struct{}) rxgo.Observable {
		return streams.Pipe(actions,
			epics.OfType[fetchUser](),
			streams.MergeMap(func(a fetchUser) rxgo.Observable {
				return streams.Pipe(
					httpobs.GetJSON[resource](fmt.Sprintf("%s/resource/users/%d", api, a.ID), httpobs.WithClient(client)),
					reauth,
					streams.Map(func(r resource) any { return userLoaded{Path: r.Path} }),
					streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable { return streams.Of(userFailed{Err: err}) }),
				)
			}, 0),
		)
	}
}

func TestStoryEpicWithFailingRefreshEndpoint(t *testing.T) {
	for _, tokenEndpoint := range []struct {
		name  string
		fault authtest.Fault
	}{
		{"answers 401", authtest.OAuthError(http.StatusUnauthorized, "invalid_client", "")},
		{"answers 400 invalid_grant", authtest.OAuthError(http.StatusBadRequest, "invalid_grant", "")},
	} {
		t.Run(tokenEndpoint.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				server := authtest.NewInMemory(authtest.WithResourceLatency(5 * time.Millisecond))
				defer server.Close()
				client := server.Client()
				defer client.CloseIdleConnections()

				store := epics.NewStore(reduceApp, appState{}, struct{}{}, epics.WithLogger(quiet))
				authn := auth.NewAuthenticator(store, func() auth.State { return store.State().Auth }, auth.WithLogger(quiet))
				ctx, cancel := context.WithCancel(t.Context())
				defer func() { cancel(); store.Close(); store.Wait(); authn.Close() }()
				require.NoError(t, store.Start(ctx,
					auth.RefreshEpic[appState, struct{}](func(s appState) auth.State { return s.Auth },
						auth.OAuth2Refresh(server.TokenURL(), auth.WithHTTPClient(client)), auth.WithLogger(quiet)),
					epics.Named("fetchUser", fetchUserEpic(server.URL(), client, authn.Reauth())),
				))
				signIn(t, server, store.Dispatch)
				server.TokenFaults().Always(tokenEndpoint.fault)
				server.RevokeAccessTokens()

				for id := range 4 {
					require.NoError(t, store.Dispatch(fetchUser{ID: id}))
				}
				time.Sleep(time.Second)
				synctest.Wait()

				s := store.State()
				require.Empty(t, s.Loaded)
				require.Len(t, s.Failed, 4)
				for _, err := range s.Failed {
					require.ErrorIs(t, err, auth.ErrRefreshFailed)
					var oe *auth.OAuthError
					require.ErrorAs(t, err, &oe)
				}
				require.Equal(t, auth.StatusSignedOut, s.Auth.Status)
				st := server.Stats()
				require.EqualValues(t, 1, st.RefreshCalls, "a refresh endpoint that answers 401 is never retried")
				require.EqualValues(t, 4, st.ResourceUnauthorized)
				require.EqualValues(t, 0, st.ResourceOK)
			})
		})
	}
}

// A failed refresh fans out: every waiting request fails with the reason,
// the sign-out is announced once, and later requests fail at once without
// reaching the server.
func TestStorySignOutFanOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		server := authtest.NewInMemory(authtest.WithResourceLatency(5*time.Millisecond), authtest.WithTokenLatency(50*time.Millisecond))
		defer server.Close()
		client := server.Client()
		defer client.CloseIdleConnections()
		var mu sync.Mutex
		var reasons []error
		session := auth.NewSession(auth.OAuth2Refresh(server.TokenURL(), auth.WithHTTPClient(client)), auth.WithLogger(quiet),
			auth.OnSignOut(func(reason error) {
				mu.Lock()
				defer mu.Unlock()
				reasons = append(reasons, reason)
			}))
		defer session.Close()
		signIn(t, server, session.Store().Dispatch)
		server.TokenFaults().Always(authtest.OAuthError(http.StatusBadRequest, "invalid_grant", "refresh token revoked"))
		server.RevokeAccessTokens()

		const n = 20
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				_, errs[i] = streams.Collect(t.Context(), streams.Pipe(httpobs.Get(server.ResourceURL(), httpobs.WithClient(client)), session.Reauth()))
			})
		}
		wg.Wait()
		synctest.Wait()

		for _, err := range errs {
			require.ErrorIs(t, err, auth.ErrRefreshFailed)
			require.ErrorIs(t, err, auth.ErrSignedOut)
		}
		mu.Lock()
		require.Len(t, reasons, 1)
		require.ErrorIs(t, reasons[0], auth.ErrRefreshFailed)
		mu.Unlock()

		before := server.Stats().ResourceCalls
		_, err := streams.Collect(t.Context(), streams.Pipe(httpobs.Get(server.ResourceURL(), httpobs.WithClient(client)), session.Reauth()))
		require.ErrorIs(t, err, auth.ErrSignedOut)
		st := server.Stats()
		require.Equal(t, before, st.ResourceCalls, "signed out, nothing is sent")
		require.EqualValues(t, 1, st.RefreshCalls)
	})
}
