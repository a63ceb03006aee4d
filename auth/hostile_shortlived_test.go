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

	"github.com/golang-jwt/jwt/v5"
	"github.com/rxepic/rxepic/auth"
	"github.com/stretchr/testify/require"
)

// shortLived is a token endpoint and a resource for access tokens that
// live 5 s, less than the default expiry margin of 10 s: JWTs with iat
// and exp, and expires_in 5. The resource takes a token it issued until
// its exp.
type shortLived struct {
	fig       *hostileFigures
	refreshes atomic.Int32
	mu        sync.Mutex
	expiry    map[string]time.Time
	rejected  int
}

const shortLife = 5 * time.Second

func (sl *shortLived) issue() string {
	now := time.Now()
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iat": now.Unix(), "exp": now.Add(shortLife).Unix(), "jti": fmt.Sprint(sl.refreshes.Load()),
	}).SignedString([]byte("short-lived test key"))
	if err != nil {
		panic(err) // HS256 with a key does not fail
	}
	return sl.record(tok)
}

// record makes tok one the resource takes for its life from now.
func (sl *shortLived) record(tok string) string {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if sl.expiry == nil {
		sl.expiry = map[string]time.Time{}
	}
	sl.expiry[tok] = time.Now().Add(shortLife)
	sl.fig.know(tok)
	return tok
}

// opaque issues a token that is no JWT: only the expiry its refresher
// gives says how long it lives.
func (sl *shortLived) opaque() string {
	return sl.record(fmt.Sprint("opaque-", sl.refreshes.Load()))
}

// newShortLived serves a shortLived on a new network and signs a session
// in with one of its tokens. refresher names how the session refreshes:
// with OAuth2Refresh from the token endpoint (JWTs with iat, and
// expires_in), or with a RefreshFunc of its own that gives opaque tokens
// and their expiry, and not when they were issued.
func newShortLived(t *testing.T, fig *hostileFigures, refresher string) (*hostileNet, *shortLived, *hostileSession) {
	n := newHostileNet(t)
	sl := &shortLived{fig: fig}
	sl.serve(n)
	refresh := auth.OAuth2Refresh("http://tokens.test/token", auth.WithHTTPClient(n.client()))
	if refresher == "own RefreshFunc" {
		refresh = fig.refreshFunc(func(context.Context, auth.Token) (auth.TokenPair, error) {
			sl.refreshes.Add(1)
			return auth.TokenPair{AccessToken: auth.Token(sl.opaque()), Expiry: time.Now().Add(shortLife)}, nil
		})
	}
	s := newHostileSession(t, refresh)
	s.signIn(t, sl.issue(), "refresh-1", time.Time{})
	return n, sl, s
}

func (sl *shortLived) serve(n *hostileNet) {
	n.serve("tokens.test", sl.fig.tokenEndpoint(func(w http.ResponseWriter, r *http.Request) {
		sl.refreshes.Add(1)
		tokenAnswer(w, sl.issue(), "", 5)
	}))
	n.serve("api.test", func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		sl.mu.Lock()
		exp, ok := sl.expiry[tok]
		ok = ok && time.Now().Before(exp)
		if !ok {
			sl.rejected++
		}
		sl.mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
		}
	})
}

// Tokens living less than the expiry margin are not taken as expired the
// moment they come: the margin shrinks to a quarter of their life. Ten
// requests a second apart over two tokens' lives cost one refresh per
// token that died on the way (at 3.75 s of each one's life), not one per
// request; a burst of 50 requests when the token has died costs one.
// A refreshed token's life is known even when its refresher does not say
// when it was issued: it was obtained at the refresh.
func TestHostileTokensShorterThanTheMargin(t *testing.T) {
	for _, refresher := range []string{"OAuth2Refresh", "own RefreshFunc"} {
		for _, via := range hostileVias {
			testTokensShorterThanTheMargin(t, refresher, via)
		}
	}
}

func testTokensShorterThanTheMargin(t *testing.T, refresher string, via hostileVia) {
	t.Run("sequential via "+via.name+" with "+refresher, func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			fig := newHostileFigures("refresh-1")
			n, sl, s := newShortLived(t, fig, refresher)
			for i := range 10 {
				r := fig.get(t, context.Background(), via, s, n, "http://api.test/resource", "")
				require.NoError(t, r.err, "request %d", i)
				require.Equal(t, http.StatusOK, r.status, "request %d", i)
				time.Sleep(time.Second)
			}
			// Requests at 0..9 s: the first token dies at 3.75 s, its
			// successor (issued at 4 s) at 7.75 s, the next at 11.75 s.
			require.EqualValues(t, 2, sl.refreshes.Load())
			require.Zero(t, sl.rejected, "no request went out with a dead token")
			fig.report(t, s, n, hostileCounts{requests: 10, ok: 10, refreshes: 2})
		})
	})
	t.Run("burst via "+via.name+" with "+refresher, func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			fig := newHostileFigures("refresh-1")
			n, sl, s := newShortLived(t, fig, refresher)
			time.Sleep(4 * time.Second) // the token has died, by the margin
			for burst := range 2 {
				var wg sync.WaitGroup
				errs := make([]error, 50)
				for i := range errs {
					wg.Go(func() {
						r := fig.get(t, context.Background(), via, s, n, "http://api.test/resource", "")
						if errs[i] = r.err; r.err == nil && r.status != http.StatusOK {
							errs[i] = fmt.Errorf("status %d", r.status)
						}
					})
				}
				wg.Wait()
				requireAllOK(t, errs)
				require.EqualValues(t, 1, sl.refreshes.Load(), "after burst %d", burst)
				time.Sleep(time.Second) // the new token is alive
			}
			require.Zero(t, sl.rejected)
			fig.report(t, s, n, hostileCounts{requests: 100, ok: 100, refreshes: 1})
		})
	})
}
