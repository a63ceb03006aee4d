package auth_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// A storm of rejected requests on a store of the user's own: the waiters
// share one wait, and the store sees one RefreshRequested, not one per
// request, however many 401s come back while the refresh is under way.
func TestStormDispatchesOneRefreshRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		server := authtest.NewInMemory(authtest.WithTokenLatency(20*time.Millisecond), authtest.WithResourceLatency(time.Millisecond))
		defer server.Close()
		client := server.Client()
		defer client.CloseIdleConnections()

		store := epics.NewStore(auth.Reduce, auth.State{}, struct{}{})
		var requested atomic.Int64
		counting := streams.Subscribe(t.Context(), store.Actions(), streams.Observer{Next: func(a any) {
			if _, ok := a.(auth.RefreshRequested); ok {
				requested.Add(1)
			}
		}})
		ctx, cancel := context.WithCancel(t.Context())
		require.NoError(t, store.Start(ctx, auth.RefreshEpic[auth.State, struct{}](func(s auth.State) auth.State { return s },
			auth.OAuth2Refresh(server.TokenURL(), auth.WithHTTPClient(client)))))
		a := auth.NewAuthenticator(store, store.State)

		pair := server.SignIn("alice")
		require.NoError(t, store.Dispatch(auth.SignedIn{Tokens: auth.TokenPair{AccessToken: auth.Token(pair.AccessToken), RefreshToken: auth.Token(pair.RefreshToken)}}))
		require.NoError(t, server.RevokeAccessToken(pair.AccessToken))

		const n = 200
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				_, errs[i] = streams.Collect(t.Context(), streams.Pipe(httpobs.Get(server.ResourceURL(), httpobs.WithClient(client)), a.Reauth()))
			})
		}
		wg.Wait()
		requireAllOK(t, errs)

		require.EqualValues(t, 1, server.Stats().RefreshCalls)
		require.EqualValues(t, n, server.Stats().ResourceUnauthorized, "every request went out with the revoked token")
		require.EqualValues(t, 1, requested.Load(), "RefreshRequested dispatched")

		require.NoError(t, store.Close())
		cancel()
		store.Wait()
		counting.Wait()
	})
}
