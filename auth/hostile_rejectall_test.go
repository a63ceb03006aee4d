package auth_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/stretchr/testify/require"
)

// A resource that rejects every token, under a storm of 200 requests all
// sent with the first token: with WithReauthLimit(1) the storm costs one
// refresh, and no request is sent more than twice, as counted by the
// server from each request's id. In the stale variant the resource holds
// the 401s of half the requests until the refreshed token has reached it,
// so that they arrive as stale 401s: they go out again with the new token
// without another refresh.
func TestHostileRejectEveryTokenStorm(t *testing.T) {
	const requests = 200
	for _, stale := range []bool{false, true} {
		for _, via := range hostileVias {
			t.Run(fmt.Sprintf("stale %v via %s", stale, via.name), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					fig := newHostileFigures("access-1", "refresh-1", "access-2", "refresh-2")
					n := newHostileNet(t)
					var refreshes atomic.Int32
					n.serve("tokens.test", fig.tokenEndpoint(func(w http.ResponseWriter, r *http.Request) {
						if refreshes.Add(1) > 1 {
							writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
							return
						}
						tokenAnswer(w, "access-2", "refresh-2", 3600)
					}))
					var mu sync.Mutex
					sends := map[string]int{}
					gate := make(chan struct{})      // opened once all first sends are in
					refreshed := make(chan struct{}) // closed when access-2 first arrives
					var refreshedOnce sync.Once
					n.serve("api.test", func(w http.ResponseWriter, r *http.Request) {
						id := r.Header.Get("X-Request-Id")
						mu.Lock()
						sends[id]++
						mu.Unlock()
						if r.Header.Get("Authorization") == "Bearer access-2" {
							refreshedOnce.Do(func() { close(refreshed) })
						} else {
							<-gate
							if stale && strings.HasSuffix(id, "b") {
								<-refreshed
							}
						}
						w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
						w.WriteHeader(http.StatusUnauthorized)
					})
					s := newHostileSession(t, auth.OAuth2Refresh("http://tokens.test/token", auth.WithHTTPClient(n.client())),
						auth.WithReauthLimit(1))
					s.signIn(t, "access-1", "refresh-1", time.Time{})

					results := make([]hostileResult, requests)
					var wg sync.WaitGroup
					for i := range requests {
						id := fmt.Sprintf("r%d%c", i, "ab"[i%2])
						wg.Go(func() { results[i] = fig.get(t, context.Background(), via, s, n, "http://api.test/resource", id) })
					}
					synctest.Wait()
					mu.Lock()
					require.Len(t, sends, requests, "every request is at the resource with the first token")
					mu.Unlock()
					close(gate)
					wg.Wait()

					require.EqualValues(t, 1, refreshes.Load())
					for i, r := range results {
						require.Equal(t, http.StatusUnauthorized, r.status, "request %d: %v", i, r.err)
						if via.name == "Reauth" {
							require.ErrorIs(t, r.err, auth.ErrStillUnauthorized, "request %d", i)
						} else {
							require.NoError(t, r.err, "request %d", i)
						}
					}
					mu.Lock()
					for id, c := range sends {
						require.Equal(t, 2, c, "sends of request %s", id)
					}
					mu.Unlock()
					require.Equal(t, auth.StatusSignedIn, s.State().Status)
					want := hostileCounts{requests: requests, errors: fmt.Sprintf("StillUnauthorized+StatusError 401:%d", requests), refreshes: 1}
					if via.name == "Transport" {
						want.errors = fmt.Sprintf("status 401:%d", requests)
					}
					fig.report(t, s, n, want)
				})
			})
		}
	}
}
