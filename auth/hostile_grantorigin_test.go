package auth_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/stretchr/testify/require"
)

// A token endpoint that answers the refresh grant with a 307 or 308 to
// another origin would have net/http send the grant there again, refresh
// token and all (a 307 and a 308 keep the method and the body). The other
// origin, which answers like a token endpoint to lure the client on,
// receives nothing, and the error says the redirect was not followed.
func TestHostileRefreshGrantStaysWithItsOrigin(t *testing.T) {
	for _, code := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for _, target := range []string{"http://elsewhere.test/token", "http://tokens.test:8443/token", "http://evil.tokens.test/token"} {
			for _, via := range hostileVias {
				t.Run(fmt.Sprintf("%d to %s via %s", code, target, via.name), func(t *testing.T) {
					synctest.Test(t, func(t *testing.T) {
						fig := newHostileFigures("access-1", "refresh-1", "access-2", "refresh-2", "app-secret")
						n := newHostileNet(t)
						n.serve("tokens.test", fig.tokenEndpoint(func(w http.ResponseWriter, r *http.Request) {
							http.Redirect(w, r, target, code)
						}))
						var mu sync.Mutex
						var lured []string
						lure := func(w http.ResponseWriter, r *http.Request) {
							body, _ := io.ReadAll(r.Body)
							mu.Lock()
							lured = append(lured, r.Method+" "+r.URL.Path+" "+string(body)+" "+r.Header.Get("Authorization"))
							mu.Unlock()
							tokenAnswer(w, "access-2", "refresh-2", 3600)
						}
						n.serve("elsewhere.test", lure)
						n.serve("tokens.test:8443", lure)
						n.serve("evil.tokens.test", lure)
						res := &resource{}
						res.accepts("access-2")
						n.serve("api.test", res.ServeHTTP)
						s := newHostileSession(t, auth.OAuth2Refresh("http://tokens.test/token",
							auth.WithHTTPClient(n.client()), auth.WithClientCredentials("app", "app-secret")))
						s.signIn(t, "access-1", "refresh-1", time.Time{})

						r := fig.get(t, context.Background(), via, s, n, "http://api.test/resource", "")
						require.ErrorIs(t, r.err, auth.ErrRefreshFailed)
						require.Regexp(t, fmt.Sprintf(`answered %d, a redirect, which the refresh grant does not follow`, code), r.err.Error())
						mu.Lock()
						require.Empty(t, lured, "the refresh grant followed the redirect")
						mu.Unlock()
						fig.report(t, s, n, hostileCounts{requests: 1, errors: fmt.Sprintf("RefreshFailed+SignedOut+StatusError %d:1", code), refreshes: 1})
					})
				})
			}
		}
	}
}
