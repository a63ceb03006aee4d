package auth_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/stretchr/testify/require"
)

// An error answer whose body stalls: the status, a few bytes, then
// nothing, the connection left open. The caller's context has no
// deadline, yet the request ends with what came: the error answer's
// excerpt is waited for 100 ms at most, once per answer read. A 500
// fails the request at once; a 401 is read twice, before and after the
// refresh, through Reauth as an ErrStillUnauthorized and through
// Transport as the last 401, whose body reads the excerpt and ends.
func TestHostileStalledErrorBody(t *testing.T) {
	for _, c := range []struct {
		status  int
		via     hostileVia
		answers time.Duration // the excerpt waits the request makes
	}{
		{http.StatusInternalServerError, hostileVias[0], 1},
		{http.StatusUnauthorized, hostileVias[0], 2},
		{http.StatusUnauthorized, hostileVias[1], 2},
	} {
		t.Run(http.StatusText(c.status)+" via "+c.via.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fig := newHostileFigures("access-1", "refresh-1", "access-2", "refresh-2")
				n := newHostileNet(t)
				n.serve("tokens.test", fig.tokenEndpoint(func(w http.ResponseWriter, r *http.Request) {
					tokenAnswer(w, "access-2", "refresh-2", 3600)
				}))
				stop := make(chan struct{})
				n.serve("api.test", func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
					w.WriteHeader(c.status)
					w.Write([]byte(`{"err`))
					http.NewResponseController(w).Flush()
					select {
					case <-r.Context().Done():
					case <-stop:
					}
				})
				s := newHostileSession(t, auth.OAuth2Refresh("http://tokens.test/token", auth.WithHTTPClient(n.client())))
				s.signIn(t, "access-1", "refresh-1", time.Time{})

				start := time.Now()
				r := fig.get(t, context.Background(), c.via, s, n, "http://api.test/resource", "")
				require.LessOrEqual(t, time.Since(start), c.answers*110*time.Millisecond)
				require.Equal(t, c.status, r.status)
				require.Equal(t, `{"err`, r.body)
				if c.via.name == "Reauth" {
					var se *httpobs.StatusError
					require.True(t, errors.As(r.err, &se), "%v", r.err)
					require.Equal(t, c.status == http.StatusUnauthorized, errors.Is(r.err, auth.ErrStillUnauthorized))
				} else {
					require.NoError(t, r.err)
				}
				close(stop)
				want := hostileCounts{requests: 1, errors: "StatusError 500:1"}
				switch {
				case c.via.name == "Transport":
					want = hostileCounts{requests: 1, errors: "status 401:1", refreshes: 1}
				case c.status == http.StatusUnauthorized:
					want = hostileCounts{requests: 1, errors: "StillUnauthorized+StatusError 401:1", refreshes: 1}
				}
				fig.report(t, s, n, want)
			})
		})
	}
}
