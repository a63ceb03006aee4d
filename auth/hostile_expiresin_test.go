package auth_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/stretchr/testify/require"
)

// Token endpoints write expires_in in every way JSON allows, and some in
// a string. Each of these is a number of seconds, and gives the expiry
// it says, to the half second.
func TestHostileExpiresInAsAnyNumber(t *testing.T) {
	for _, c := range []struct {
		raw  string
		want time.Duration
	}{
		{`3600.0`, time.Hour},
		{`3.6e3`, time.Hour},
		{`3600.5`, time.Hour + 500*time.Millisecond},
		{`"3600"`, time.Hour},
	} {
		for _, via := range hostileVias {
			t.Run(c.raw+" via "+via.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					fig := newHostileFigures("access-1", "refresh-1", "access-2", "refresh-2")
					n := newHostileNet(t)
					var mu sync.Mutex
					var answered time.Time
					n.serve("tokens.test", fig.tokenEndpoint(func(w http.ResponseWriter, r *http.Request) {
						mu.Lock()
						answered = time.Now()
						mu.Unlock()
						tokenAnswer(w, "access-2", "refresh-2", json.RawMessage(c.raw))
					}))
					res := &resource{}
					res.accepts("access-2")
					n.serve("api.test", res.ServeHTTP)
					s := newHostileSession(t, auth.OAuth2Refresh("http://tokens.test/token", auth.WithHTTPClient(n.client())))
					s.signIn(t, "access-1", "refresh-1", time.Time{})

					r := fig.get(t, context.Background(), via, s, n, "http://api.test/resource", "")
					require.NoError(t, r.err)
					require.Equal(t, http.StatusOK, r.status)
					mu.Lock()
					require.Equal(t, answered.Add(c.want), s.State().Expiry)
					mu.Unlock()
					fig.report(t, s, n, hostileCounts{requests: 1, ok: 1, refreshes: 1})
				})
			})
		}
	}
}

// An expires_in that is no number of seconds fails the refresh as an
// invalid token response. A server may put anything there, the refresh
// tokens included, so the error does not quote it.
func TestHostileGarbageExpiresInIsNotQuoted(t *testing.T) {
	const presented, rotated = "presented-refresh-token-0123456789", "rotated-refresh-token-9876543210"
	for _, raw := range []string{
		`"` + presented + `"`,
		`"` + presented + ` seconds, or ` + rotated + `"`,
		`{"token": "` + presented + `"}`,
		`["` + rotated + `"]`,
		`-1`,
	} {
		for _, via := range hostileVias {
			t.Run(raw+" via "+via.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					fig := newHostileFigures("access-1", presented, "access-2", rotated)
					n := newHostileNet(t)
					n.serve("tokens.test", fig.tokenEndpoint(func(w http.ResponseWriter, r *http.Request) {
						tokenAnswer(w, "access-2", rotated, json.RawMessage(raw))
					}))
					res := &resource{}
					res.accepts("access-2")
					n.serve("api.test", res.ServeHTTP)
					s := newHostileSession(t, auth.OAuth2Refresh("http://tokens.test/token", auth.WithHTTPClient(n.client())))
					s.signIn(t, "access-1", presented, time.Time{})

					r := fig.get(t, context.Background(), via, s, n, "http://api.test/resource", "")
					require.ErrorIs(t, r.err, auth.ErrRefreshFailed)
					require.ErrorIs(t, r.err, auth.ErrInvalidTokenResponse)
					require.Contains(t, r.err.Error(), "expires_in")
					for _, text := range []string{r.err.Error(), s.logs.String()} {
						for _, secret := range []string{presented, rotated} {
							// Nor a piece of one: an error that quotes the
							// value cut short still gives most of it away.
							require.NotContains(t, text, secret[:12])
							require.NotContains(t, text, secret[len(secret)-12:])
						}
						require.False(t, strings.Contains(text, "access-2"))
					}
					fig.report(t, s, n, hostileCounts{requests: 1, errors: "RefreshFailed+SignedOut+InvalidTokenResponse:1", refreshes: 1})
				})
			})
		}
	}
}
