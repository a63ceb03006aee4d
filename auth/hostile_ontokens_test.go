package auth_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/stretchr/testify/require"
)

// A slow token endpoint holds alice's refresh while she signs out and bob
// signs in. When alice's new pair comes back at last, the state drops it,
// and so must OnTokens: persisting it would put alice's tokens where
// bob's belong. Bob's session is left as his sign-in made it.
func TestHostileOnTokensNeverGetsADiscardedPair(t *testing.T) {
	for _, via := range hostileVias {
		t.Run(via.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fig := newHostileFigures("alice-access-1", "alice-refresh-1", "alice-access-2", "alice-refresh-2", "bob-access", "bob-refresh")
				n := newHostileNet(t)
				var calls atomic.Int32
				var arrivedOnce sync.Once
				arrived, release := make(chan struct{}), make(chan struct{})
				n.serve("tokens.test", fig.tokenEndpoint(func(w http.ResponseWriter, r *http.Request) {
					calls.Add(1)
					r.ParseForm()
					arrivedOnce.Do(func() { close(arrived) })
					select {
					case <-release:
					case <-r.Context().Done():
						return
					}
					tokenAnswer(w, "alice-access-2", "alice-refresh-2", 3600)
				}))
				res := &resource{}
				res.accepts("bob-access")
				n.serve("api.test", res.ServeHTTP)
				s := newHostileSession(t, auth.OAuth2Refresh("http://tokens.test/token", auth.WithHTTPClient(n.client())))
				s.signIn(t, "alice-access-1", "alice-refresh-1", time.Time{})

				alices := make(chan hostileResult, 1)
				go func() { alices <- fig.get(t, context.Background(), via, s, n, "http://api.test/resource", "alice") }()
				<-arrived // alice's 401 started a refresh; the endpoint holds it
				require.NoError(t, s.SignOut(nil))
				require.ErrorIs(t, (<-alices).err, auth.ErrSignedOut)
				require.NoError(t, s.SignIn(auth.TokenPair{AccessToken: "bob-access", RefreshToken: "bob-refresh"}))
				bobs := s.State()

				close(release)
				synctest.Wait() // alice's refresh has come back and been dealt with

				require.Empty(t, s.savedPairs(), "OnTokens was handed a pair the state discarded")
				require.Equal(t, bobs, s.State(), "bob's session changed")
				r := fig.get(t, context.Background(), via, s, n, "http://api.test/resource", "bob")
				require.NoError(t, r.err)
				require.Equal(t, http.StatusOK, r.status)
				require.EqualValues(t, 1, calls.Load(), "bob's request needed no refresh")
				fig.report(t, s, n, hostileCounts{requests: 2, ok: 1, errors: "SignedOut:1", refreshes: 1})
			})
		})
	}
}
