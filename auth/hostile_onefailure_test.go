package auth_test

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/stretchr/testify/require"
)

// A token endpoint that answers the grant with a bare 401 (no body, no
// challenge) fails the one refresh. Requests started at varied times,
// whose own 401s come back at varied times — before the refresh, while
// it is under way, after it failed — all fail alike: ErrRefreshFailed
// and ErrSignedOut, never ErrStillUnauthorized, which would say a
// refreshed token was refused.
func TestHostileOneFailedRefreshOneErrorClass(t *testing.T) {
	for _, via := range hostileVias {
		t.Run(via.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fig := newHostileFigures("access-1", "refresh-1")
				n := newHostileNet(t)
				var refreshes atomic.Int32
				n.serve("tokens.test", fig.tokenEndpoint(func(w http.ResponseWriter, r *http.Request) {
					refreshes.Add(1)
					select {
					case <-time.After(50 * time.Millisecond):
					case <-r.Context().Done():
						return
					}
					w.WriteHeader(http.StatusUnauthorized)
				}))
				n.serve("api.test", func(w http.ResponseWriter, r *http.Request) {
					i, _ := strconv.Atoi(r.Header.Get("X-Request-Id"))
					select {
					case <-time.After(time.Duration(i%7) * 15 * time.Millisecond):
					case <-r.Context().Done():
						return
					}
					w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
					w.WriteHeader(http.StatusUnauthorized)
				})
				s := newHostileSession(t, auth.OAuth2Refresh("http://tokens.test/token", auth.WithHTTPClient(n.client())))
				s.signIn(t, "access-1", "refresh-1", time.Time{})

				results := make([]hostileResult, 60)
				var wg sync.WaitGroup
				for i := range results {
					wg.Go(func() {
						time.Sleep(time.Duration(i) * 3 * time.Millisecond)
						results[i] = fig.get(t, context.Background(), via, s, n, "http://api.test/resource", strconv.Itoa(i))
					})
				}
				wg.Wait()
				for i, r := range results {
					require.ErrorIs(t, r.err, auth.ErrRefreshFailed, "request %d", i)
					require.ErrorIs(t, r.err, auth.ErrSignedOut, "request %d", i)
					require.NotErrorIs(t, r.err, auth.ErrStillUnauthorized, "request %d", i)
				}
				require.EqualValues(t, 1, refreshes.Load())
				fig.report(t, s, n, hostileCounts{requests: 60, errors: "RefreshFailed+SignedOut+StatusError 401:60", refreshes: 1})
			})
		})
	}
}
