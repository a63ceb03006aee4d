package auth_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/stretchr/testify/require"
)

// A resource redirects to a server of another origin that answers 401
// invalid_token. The token was never sent there, so its 401 says nothing
// of the token: no refresh, through Reauth as through Transport, and the
// 401 is the request's answer as it came. The other origins include the
// two net/http would hand the Authorization header to (a subdomain, and
// the same host on another port).
func TestHostileForeign401CausesNoRefresh(t *testing.T) {
	for _, target := range []string{"http://elsewhere.test/login", "http://evil.api.test/login", "http://api.test:8080/login"} {
		for _, via := range hostileVias {
			t.Run(target+" via "+via.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					fig := newHostileFigures("access-1", "refresh-1", "access-2", "refresh-2")
					n := newHostileNet(t)
					var refreshes atomic.Int32
					n.serve("tokens.test", fig.tokenEndpoint(func(w http.ResponseWriter, r *http.Request) {
						refreshes.Add(1)
						tokenAnswer(w, "access-2", "refresh-2", 3600)
					}))
					var mu sync.Mutex
					var seen []string // the Authorization headers the other origin received
					foreign := func(w http.ResponseWriter, r *http.Request) {
						mu.Lock()
						seen = append(seen, r.Header.Get("Authorization"))
						mu.Unlock()
						w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="expired"`)
						w.WriteHeader(http.StatusUnauthorized)
					}
					n.serve("elsewhere.test", foreign)
					n.serve("evil.api.test", foreign)
					n.serve("api.test:8080", foreign)
					var resourceSends atomic.Int32
					n.serve("api.test", func(w http.ResponseWriter, r *http.Request) {
						resourceSends.Add(1)
						http.Redirect(w, r, target, http.StatusFound)
					})
					s := newHostileSession(t, auth.OAuth2Refresh("http://tokens.test/token", auth.WithHTTPClient(n.client())))
					s.signIn(t, "access-1", "refresh-1", time.Time{})
					before := s.State()

					r := fig.get(t, context.Background(), via, s, n, "http://api.test/resource", "")
					require.Equal(t, http.StatusUnauthorized, r.status)
					if via.name == "Reauth" {
						var se *httpobs.StatusError
						require.True(t, errors.As(r.err, &se), "%v", r.err)
						require.NotErrorIs(t, r.err, auth.ErrStillUnauthorized)
					} else {
						require.NoError(t, r.err)
					}
					require.Zero(t, refreshes.Load(), "a foreign 401 caused a refresh")
					require.Equal(t, before, s.State())
					require.EqualValues(t, 1, resourceSends.Load(), "the request was sent again")
					mu.Lock()
					require.Equal(t, []string{""}, seen, "the other origin saw the token")
					mu.Unlock()
					want := hostileCounts{requests: 1, errors: "StatusError 401:1"}
					if via.name == "Transport" {
						want.errors = "status 401:1"
					}
					fig.report(t, s, n, want)
				})
			})
		}
	}
}
