package auth_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/stretchr/testify/require"
)

// endpointScript is a token endpoint that answers each try with the next
// of its steps, the last one over and over. A nil step refuses the
// connection, as a closed listener does.
type endpointScript struct {
	mu    sync.Mutex
	steps []http.HandlerFunc
	tries []endpointTry
}

// endpointTry is one try at the token endpoint: when, and the refresh
// token it presented ("" if the connection was refused).
type endpointTry struct {
	at      time.Time
	refresh string
}

func newEndpointScript(n *hostileNet, fig *hostileFigures, steps ...http.HandlerFunc) *endpointScript {
	sc := &endpointScript{steps: steps}
	n.serve("tokens.test", fig.tokenEndpoint(sc.answer))
	n.refuseWhen("tokens.test", sc.refuse)
	return sc
}

// then replaces the steps still to come.
func (sc *endpointScript) then(steps ...http.HandlerFunc) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.steps = steps
}

func (sc *endpointScript) refuse() bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.steps[0] != nil {
		return false
	}
	sc.tries = append(sc.tries, endpointTry{at: time.Now()})
	sc.advance()
	return true
}

func (sc *endpointScript) answer(w http.ResponseWriter, r *http.Request) {
	r.ParseForm() // reads the whole grant: it has reached the server
	sc.mu.Lock()
	step := sc.steps[0]
	sc.tries = append(sc.tries, endpointTry{at: time.Now(), refresh: r.PostForm.Get("refresh_token")})
	sc.advance()
	sc.mu.Unlock()
	step(w, r)
}

func (sc *endpointScript) advance() {
	if len(sc.steps) > 1 {
		sc.steps = sc.steps[1:]
	}
}

func (sc *endpointScript) triesSoFar() []endpointTry {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return append([]endpointTry(nil), sc.tries...)
}

// presented counts the tries that presented the refresh token rt.
func (sc *endpointScript) presented(rt string) int {
	count := 0
	for _, try := range sc.triesSoFar() {
		if try.refresh == rt {
			count++
		}
	}
	return count
}

// The steps of a script.
var refused http.HandlerFunc

func unavailable(status int, retryAfter time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", strconv.Itoa(int(retryAfter/time.Second)))
		writeJSON(w, status, map[string]string{"error": "temporarily_unavailable"})
	}
}

func refreshed(w http.ResponseWriter, r *http.Request) { tokenAnswer(w, "access-2", "refresh-2", 3600) }

func refusedGrant(status int, code string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { writeJSON(w, status, map[string]string{"error": code}) }
}

// hang takes the grant and never answers.
func hang(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

// resetMidAnswer takes the grant and drops the connection in the middle
// of a successful answer.
func resetMidAnswer(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"access_token\":\"acc"))
	conn.Close()
}

// resetBeforeAnswer takes the grant and drops the connection.
func resetBeforeAnswer(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}

// hostileEndpointSession is a session refreshing at a script, signed in
// with access-1 and refresh-1, against a resource that takes access-2,
// counted in fig.
func hostileEndpointSession(t *testing.T, fig *hostileFigures, steps []http.HandlerFunc, opts ...auth.Option) (*hostileNet, *endpointScript, *hostileSession) {
	fig.know("access-1", "refresh-1", "access-2", "refresh-2")
	n := newHostileNet(t)
	sc := newEndpointScript(n, fig, steps...)
	res := &resource{}
	res.accepts("access-2")
	n.serve("api.test", res.ServeHTTP)
	s := newHostileSession(t, auth.OAuth2Refresh("http://tokens.test/token", auth.WithHTTPClient(n.client())), opts...)
	s.signIn(t, "access-1", "refresh-1", time.Time{})
	return n, sc, s
}

// fireHostile sends n requests at once and returns what each came to.
func fireHostile(t *testing.T, fig *hostileFigures, via hostileVia, s *hostileSession, n *hostileNet, count int) []hostileResult {
	results := make([]hostileResult, count)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			results[i] = fig.get(t, context.Background(), via, s, n, "http://api.test/resource", strconv.Itoa(i))
		})
	}
	wg.Wait()
	return results
}

// On a real network: a token endpoint whose listener is closed refuses
// the connection, which OAuth2Refresh reports as unavailable.
func TestHostileClosedListenerIsUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	synctest.Test(t, func(t *testing.T) {
		fig := newHostileFigures("refresh-1")
		err := fig.do(t, func() hostileResult {
			_, err := auth.OAuth2Refresh("http://"+addr+"/token")(context.Background(), "refresh-1")
			return hostileResult{err: err}
		}).err
		require.ErrorIs(t, err, auth.ErrUnavailable)
		var ue *auth.UnavailableError
		require.True(t, errors.As(err, &ue), "%v", err)
		fig.report(t, nil, nil, hostileCounts{requests: 1, errors: "Unavailable:1"})
	})
}

// A token endpoint that cannot have taken the refresh token — the
// connection refused, 429 and 503 with Retry-After — is tried again with
// backoff, each try no sooner than the endpoint asked, within the refresh
// timeout; the session stays signed in throughout, and the waiters get
// the new token.
func TestHostileUnavailableTokenEndpointIsTriedAgain(t *testing.T) {
	for _, via := range hostileVias {
		t.Run(via.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fig := newHostileFigures()
				n, sc, s := hostileEndpointSession(t, fig, []http.HandlerFunc{
					refused, unavailable(http.StatusTooManyRequests, 2*time.Second), unavailable(http.StatusServiceUnavailable, 3*time.Second), refreshed,
				})
				start := time.Now()
				for i, r := range fireHostile(t, fig, via, s, n, 5) {
					require.NoError(t, r.err, "request %d", i)
					require.Equal(t, http.StatusOK, r.status, "request %d", i)
				}
				tries := sc.triesSoFar()
				require.Len(t, tries, 4)
				require.Greater(t, tries[1].at.Sub(tries[0].at), time.Duration(0), "a refused connection is tried again after a backoff")
				require.GreaterOrEqual(t, tries[2].at.Sub(tries[1].at), 2*time.Second, "Retry-After of the 429")
				require.GreaterOrEqual(t, tries[3].at.Sub(tries[2].at), 3*time.Second, "Retry-After of the 503")
				require.Less(t, time.Since(start), 30*time.Second, "within the refresh timeout")
				require.Empty(t, s.signedOut(), "signed out on the way")
				require.Equal(t, auth.Token("access-2"), s.State().AccessToken)
				// The refused connection is a try the endpoint never saw.
				fig.report(t, s, n, hostileCounts{requests: 5, ok: 5, refreshes: 3})
			})
		})
	}
}

// An endpoint still unavailable when the refresh timeout runs out: every
// waiter fails with ErrRefreshFailed and ErrUnavailable, and the session
// stays signed in, so that a later request refreshes once the endpoint is
// back.
func TestHostileUnavailableUntilTheTimeoutStaysSignedIn(t *testing.T) {
	for _, via := range hostileVias {
		t.Run(via.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fig := newHostileFigures()
				n, sc, s := hostileEndpointSession(t, fig, []http.HandlerFunc{unavailable(http.StatusServiceUnavailable, time.Second)},
					auth.WithRefreshTimeout(5*time.Second))
				start := time.Now()
				for i, r := range fireHostile(t, fig, via, s, n, 5) {
					require.ErrorIs(t, r.err, auth.ErrRefreshFailed, "request %d", i)
					require.ErrorIs(t, r.err, auth.ErrUnavailable, "request %d", i)
					require.NotErrorIs(t, r.err, auth.ErrSignedOut, "request %d", i)
				}
				require.LessOrEqual(t, time.Since(start), 5*time.Second)
				require.Greater(t, len(sc.triesSoFar()), 1)
				require.Equal(t, auth.StatusSignedIn, s.State().Status)
				require.Empty(t, s.signedOut())

				sc.then(refreshed)
				r := fig.get(t, context.Background(), via, s, n, "http://api.test/resource", "later")
				require.NoError(t, r.err)
				require.Equal(t, http.StatusOK, r.status)
				fig.report(t, s, n, hostileCounts{requests: 6, ok: 1, errors: "RefreshFailed+Unavailable+OAuthError 503:5", refreshes: len(sc.triesSoFar())})
			})
		})
	}
}

// A definitive refusal of the grant, after a 503 that was tried again,
// signs out at once: no further try.
func TestHostileRefusedGrantSignsOut(t *testing.T) {
	for _, c := range []struct {
		status int
		code   string
	}{{http.StatusBadRequest, "invalid_grant"}, {http.StatusUnauthorized, "invalid_client"}} {
		for _, via := range hostileVias {
			t.Run(c.code+" via "+via.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					fig := newHostileFigures()
					n, sc, s := hostileEndpointSession(t, fig, []http.HandlerFunc{
						unavailable(http.StatusServiceUnavailable, time.Second), refusedGrant(c.status, c.code),
					})
					for i, r := range fireHostile(t, fig, via, s, n, 5) {
						require.ErrorIs(t, r.err, auth.ErrRefreshFailed, "request %d", i)
						require.ErrorIs(t, r.err, auth.ErrSignedOut, "request %d", i)
						var oe *auth.OAuthError
						require.True(t, errors.As(r.err, &oe), "request %d: %v", i, r.err)
						require.Equal(t, c.code, oe.Code)
					}
					require.Len(t, sc.triesSoFar(), 2)
					require.Equal(t, auth.StatusSignedOut, s.State().Status)
					synctest.Wait() // OnSignOut runs on the session's goroutine
					require.Len(t, s.signedOut(), 1)
					fig.report(t, s, n, hostileCounts{requests: 5, errors: fmt.Sprintf("RefreshFailed+SignedOut+OAuthError %d:5", c.status), refreshes: 2})
				})
			})
		}
	}
}

// A token endpoint that may have taken the refresh token without its
// answer arriving — no answer within the refresh timeout, the connection
// dropped before or in the middle of the answer — fails every waiter
// with ErrAmbiguous and signs out: the refresh token, perhaps spent, is
// never presented again, however many requests follow.
func TestHostileAmbiguousRefreshSignsOut(t *testing.T) {
	for _, c := range []struct {
		name   string
		step   http.HandlerFunc
		errors string // the figures' error classes, the requests after the sign-out's included
	}{
		{"no answer", hang, "RefreshFailed+SignedOut+Ambiguous+DeadlineExceeded:10"},
		{"reset in the answer", resetMidAnswer, "RefreshFailed+SignedOut+Ambiguous:10"},
		{"reset before the answer", resetBeforeAnswer, "RefreshFailed+SignedOut+Ambiguous:10"},
	} {
		for _, via := range hostileVias {
			t.Run(c.name+" via "+via.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					fig := newHostileFigures()
					n, sc, s := hostileEndpointSession(t, fig, []http.HandlerFunc{c.step}, auth.WithRefreshTimeout(2*time.Second))
					start := time.Now()
					for i, r := range fireHostile(t, fig, via, s, n, 5) {
						require.ErrorIs(t, r.err, auth.ErrRefreshFailed, "request %d", i)
						require.ErrorIs(t, r.err, auth.ErrAmbiguous, "request %d", i)
						require.ErrorIs(t, r.err, auth.ErrSignedOut, "request %d", i)
					}
					require.LessOrEqual(t, time.Since(start), 2*time.Second)
					for i, r := range fireHostile(t, fig, via, s, n, 5) {
						require.ErrorIs(t, r.err, auth.ErrSignedOut, "request %d after", i)
					}
					require.Equal(t, 1, sc.presented("refresh-1"))
					require.Len(t, sc.triesSoFar(), 1)
					require.Equal(t, auth.StatusSignedOut, s.State().Status)
					fig.report(t, s, n, hostileCounts{requests: 10, errors: c.errors, refreshes: 1})
				})
			})
		}
	}
}
