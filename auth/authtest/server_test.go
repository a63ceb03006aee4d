package authtest_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxepic/rxepic/auth/authtest"
)

// modes runs a test against a loopback server and an in-memory one.
func modes(t *testing.T, test func(t *testing.T, newServer func(...authtest.Option) *authtest.Server)) {
	t.Run("loopback", func(t *testing.T) { test(t, authtest.New) })
	t.Run("in-memory", func(t *testing.T) { test(t, authtest.NewInMemory) })
}

func TestSignInAndAccess(t *testing.T) {
	modes(t, func(t *testing.T, newServer func(...authtest.Option) *authtest.Server) {
		srv := newServer()
		defer srv.Close()

		pair := srv.SignIn("alice")
		require.NotEmpty(t, pair.AccessToken)
		require.NotEmpty(t, pair.RefreshToken)
		assert.WithinDuration(t, time.Now().Add(authtest.DefaultAccessTTL), pair.Expiry, time.Second)

		for _, path := range []string{"/resource", "/resource/", "/resource/orders/42"} {
			got := decodeResource(t, access(t, srv, path, pair.AccessToken))
			assert.Equal(t, resourceBody{Subject: "alice", Path: path, Generation: 1}, got)
		}

		head, err := http.NewRequest(http.MethodHead, srv.ResourceURL(), nil)
		require.NoError(t, err)
		head.Header.Set("Authorization", "bearer "+pair.AccessToken) // the scheme is case-insensitive
		assert.Equal(t, http.StatusOK, send(t, srv.Client(), head).status)

		assert.Equal(t, http.StatusNotFound, access(t, srv, "/elsewhere", pair.AccessToken).status)

		st := srv.Stats()
		assert.Equal(t, authtest.Stats{SignIns: 1, ResourceCalls: 4, ResourceOK: 4}, st)
	})
}

func TestInMemoryURLNeverResolves(t *testing.T) {
	srv := authtest.NewInMemory()
	defer srv.Close()
	assert.Equal(t, "http://authtest.invalid", srv.URL())
	assert.Equal(t, "http://authtest.invalid/token", srv.TokenURL())
	assert.Equal(t, "http://authtest.invalid/resource", srv.ResourceURL())
}

func TestResourceRefusals(t *testing.T) {
	srv := authtest.New()
	defer srv.Close()
	pair := srv.SignIn("alice")

	t.Run("no token", func(t *testing.T) {
		a := access(t, srv, "/resource", "")
		assert.Equal(t, http.StatusUnauthorized, a.status)
		// RFC 6750 §3.1: no error code when no credentials were sent.
		assert.Equal(t, `Bearer realm="authtest"`, a.header.Get("WWW-Authenticate"))
	})
	t.Run("other scheme", func(t *testing.T) {
		req := resourceRequest(context.Background(), srv, "/resource", "")
		req.SetBasicAuth("alice", "secret")
		a := send(t, srv.Client(), req)
		assert.Equal(t, http.StatusUnauthorized, a.status)
		assert.Equal(t, `Bearer realm="authtest"`, a.header.Get("WWW-Authenticate"))
	})
	t.Run("empty bearer", func(t *testing.T) {
		req := resourceRequest(context.Background(), srv, "/resource", "")
		req.Header.Set("Authorization", "Bearer ")
		a := send(t, srv.Client(), req)
		assert.Equal(t, "empty bearer token", requireError(t, a, http.StatusUnauthorized, "invalid_token"))
		assert.Equal(t, `Bearer realm="authtest", error="invalid_token", error_description="empty bearer token"`,
			a.header.Get("WWW-Authenticate"))
	})
	t.Run("method", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodPost, srv.ResourceURL(), nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+pair.AccessToken)
		a := send(t, srv.Client(), req)
		requireError(t, a, http.StatusMethodNotAllowed, "invalid_request")
		assert.Equal(t, "GET, HEAD", a.header.Get("Allow"))
	})

	st := srv.Stats()
	assert.Equal(t, int64(4), st.ResourceCalls)
	assert.Equal(t, int64(3), st.ResourceUnauthorized)
	assert.Equal(t, int64(1), st.ResourceOther)
	assert.Zero(t, st.ResourceOK)
}

func TestRequiredScope(t *testing.T) {
	srv := authtest.New(authtest.WithRequiredScope("/resource/admin/", "admin"))
	defer srv.Close()
	user := srv.SignIn("alice", "read")
	admin := srv.SignIn("root", "read", "admin")

	a := access(t, srv, "/resource/admin", user.AccessToken)
	assert.Equal(t, "token lacks scope admin", requireError(t, a, http.StatusForbidden, "insufficient_scope"))
	assert.Equal(t, `Bearer realm="authtest", error="insufficient_scope", error_description="token lacks scope admin", scope="admin"`,
		a.header.Get("WWW-Authenticate"))
	requireError(t, access(t, srv, "/resource/admin/users", user.AccessToken), http.StatusForbidden, "insufficient_scope")

	// The rule covers the prefix as a path segment, not as a string.
	assert.Equal(t, http.StatusOK, access(t, srv, "/resource/administrator", user.AccessToken).status)
	assert.Equal(t, http.StatusOK, access(t, srv, "/resource/admin/users", admin.AccessToken).status)

	// Scopes survive a refresh.
	tb := decodeTokens(t, refresh(t, srv, admin.RefreshToken))
	assert.Equal(t, "read admin", tb.Scope)
	assert.Equal(t, http.StatusOK, access(t, srv, "/resource/admin", tb.AccessToken).status)

	st := srv.Stats()
	assert.Equal(t, int64(2), st.ResourceForbidden)
	assert.Equal(t, int64(3), st.ResourceOK)
}

func TestWithoutWWWAuthenticate(t *testing.T) {
	srv := authtest.New(authtest.WithoutWWWAuthenticate(), authtest.WithRequiredScope("/resource/admin", "admin"))
	defer srv.Close()
	pair := srv.SignIn("alice")

	a := access(t, srv, "/resource", "not-a-jwt")
	requireError(t, a, http.StatusUnauthorized, "invalid_token")
	assert.Empty(t, a.header.Values("WWW-Authenticate"))

	a = access(t, srv, "/resource/admin", pair.AccessToken)
	requireError(t, a, http.StatusForbidden, "insufficient_scope")
	assert.Empty(t, a.header.Values("WWW-Authenticate"))
}

func TestHandlerServesFromAnotherServer(t *testing.T) {
	srv := authtest.NewInMemory()
	defer srv.Close()
	own := httptest.NewServer(srv.Handler())
	defer own.Close()

	pair := srv.SignIn("alice")
	req := resourceRequest(context.Background(), srv, "/resource", pair.AccessToken)
	req.URL.Scheme, req.URL.Host = "http", strings.TrimPrefix(own.URL, "http://")
	assert.Equal(t, "alice", decodeResource(t, send(t, own.Client(), req)).Subject)
	assert.Equal(t, int64(1), srv.Stats().ResourceOK, "the handler shares the server's counters")
}

func TestHandlerAfterClose(t *testing.T) {
	srv := authtest.New()
	pair := srv.SignIn("alice")
	srv.Close()

	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/resource", nil)
	req.Header.Set("Authorization", "Bearer "+pair.AccessToken)
	srv.Handler().ServeHTTP(rec, req)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Zero(t, srv.Stats().ResourceCalls)

	_, err := trySend(srv.Client(), resourceRequest(context.Background(), srv, "/resource", pair.AccessToken))
	assert.Error(t, err, "the listener is closed")
}

func TestCloseIsIdempotentAndConcurrent(t *testing.T) {
	modes(t, func(t *testing.T, newServer func(...authtest.Option) *authtest.Server) {
		srv := newServer()
		var wg sync.WaitGroup
		for range 5 {
			wg.Go(srv.Close)
		}
		wg.Wait()
		srv.Close()
	})
}

// Close must not wait for a hanging request's client: it cuts the request
// off, and the client sees its connection end.
func TestCloseCutsOffHangingRequests(t *testing.T) {
	modes(t, func(t *testing.T, newServer func(...authtest.Option) *authtest.Server) {
		arrived := make(chan struct{}, 2)
		signal := func() time.Duration { arrived <- struct{}{}; return 0 }
		srv := newServer(authtest.WithTokenLatencyFunc(signal), authtest.WithResourceLatencyFunc(signal))
		pair := srv.SignIn("alice")
		srv.TokenFaults().Always(authtest.Hang())
		srv.ResourceFaults().Always(authtest.SlowBody(time.Hour))

		errs := make(chan error, 2)
		go func() {
			_, err := trySend(srv.Client(), refreshRequest(context.Background(), srv, pair.RefreshToken))
			errs <- err
		}()
		go func() {
			_, err := trySend(srv.Client(), resourceRequest(context.Background(), srv, "/resource", pair.AccessToken))
			errs <- err
		}()
		<-arrived
		<-arrived
		srv.Close()
		for range 2 {
			err := <-errs
			require.Error(t, err)
			assert.False(t, errors.Is(err, context.Canceled))
		}
	})
}

// Inside a synctest bubble, an in-memory server and every goroutine it and
// its client started must be gone when Close returns: the bubble fails the
// test otherwise. The hang and the slow body would take virtual hours.
func TestInMemoryCloseInsideBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := authtest.NewInMemory(authtest.WithResourceLatency(time.Second))
		pair := srv.SignIn("alice")
		assert.Equal(t, http.StatusOK, access(t, srv, "/resource", pair.AccessToken).status)

		srv.TokenFaults().Always(authtest.Hang())
		srv.ResourceFaults().Always(authtest.SlowBody(time.Hour))
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				_, err := trySend(srv.Client(), refreshRequest(context.Background(), srv, pair.RefreshToken))
				assert.Error(t, err)
			})
			wg.Go(func() {
				_, err := trySend(srv.Client(), resourceRequest(context.Background(), srv, "/resource", pair.AccessToken))
				assert.Error(t, err)
			})
		}
		time.Sleep(2 * time.Second) // past the resource latency, into the slow body
		synctest.Wait()
		start := time.Now()
		srv.Close()
		wg.Wait()
		assert.Equal(t, start, time.Now(), "Close waits for nothing on the clock")
		st := srv.Stats()
		assert.Equal(t, int64(3), st.TokenFaults)
		assert.Equal(t, int64(4), st.ResourceOK, "slow bodies still count as what the resource did")
	})
}

func TestOptionsRejectBadValues(t *testing.T) {
	for name, build := range map[string]func(){
		"WithAccessTTL":             func() { authtest.WithAccessTTL(0) },
		"WithRefreshTTL":            func() { authtest.WithRefreshTTL(-time.Second) },
		"WithTokenLatency":          func() { authtest.WithTokenLatency(-1) },
		"WithResourceLatency":       func() { authtest.WithResourceLatency(-1) },
		"WithTokenLatencyFunc":      func() { authtest.WithTokenLatencyFunc(nil) },
		"WithResourceLatencyFunc":   func() { authtest.WithResourceLatencyFunc(nil) },
		"UniformLatency":            func() { authtest.UniformLatency(time.Second, time.Second) },
		"WithClientCredentials":     func() { authtest.WithClientCredentials("", "secret") },
		"WithSigningKey":            func() { authtest.WithSigningKey([]byte("short")) },
		"WithRequiredScope":         func() { authtest.WithRequiredScope("/other", "admin") },
		"WithRequiredScope: scope":  func() { authtest.WithRequiredScope("/resource", `a"b`) },
		"SignIn":                    func() { signInOnce("") },
		"SignIn: scope":             func() { signInOnce("alice", "two words") },
		"nil Option":                func() { authtest.New(nil) },
		"Respond":                   func() { authtest.Respond(42, nil, "") },
		"SlowBody":                  func() { authtest.SlowBody(-time.Second) },
		"Faults.Next":               func() { new(authtest.Faults).Next(authtest.Hang(), 0) },
		"Faults.Next: zero Fault":   func() { new(authtest.Faults).Next(authtest.Fault{}, 1) },
		"Faults.Always: zero Fault": func() { new(authtest.Faults).Always(authtest.Fault{}) },
	} {
		t.Run(name, func(t *testing.T) {
			method, _, _ := strings.Cut(name, ":")
			defer func() {
				r := recover()
				require.NotNil(t, r, "%s did not panic", name)
				assert.Contains(t, r, "authtest: "+method)
			}()
			build()
		})
	}
}

func signInOnce(subject string, scopes ...string) {
	srv := authtest.NewInMemory()
	defer srv.Close()
	srv.SignIn(subject, scopes...)
}

func TestInMemoryDialAfterClose(t *testing.T) {
	srv := authtest.NewInMemory()
	client := srv.Client()
	srv.Close()
	_, err := trySend(client, resourceRequest(context.Background(), srv, "/resource", ""))
	require.ErrorIs(t, err, net.ErrClosed)
}

func TestInMemoryDialCancelled(t *testing.T) {
	srv := authtest.NewInMemory()
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := trySend(srv.Client(), resourceRequest(ctx, srv, "/resource", ""))
	require.ErrorIs(t, err, context.Canceled)
}

// Faults that abort a connection cannot do so through a ResponseRecorder;
// they abort the handler as net/http expects.
func TestAbortingFaultWithoutConnection(t *testing.T) {
	srv := authtest.NewInMemory()
	defer srv.Close()
	srv.ResourceFaults().Next(authtest.Reset(), 1)
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() {
		srv.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/resource", nil))
	})
	assert.Equal(t, int64(1), srv.Stats().ResourceFaults)
}

// Records of long-expired access tokens are swept as tokens are issued;
// such a token is still refused as expired, and is unknown to revocation.
func TestExpiredRecordsAreSwept(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := authtest.NewInMemory(authtest.WithAccessTTL(time.Second))
		defer srv.Close()
		first := srv.SignIn("first")
		time.Sleep(time.Minute)
		for range 2000 {
			srv.SignIn("alice")
		}
		a := access(t, srv, "/resource", first.AccessToken)
		assert.Equal(t, "token expired", requireError(t, a, http.StatusUnauthorized, "invalid_token"))
		require.ErrorIs(t, srv.RevokeAccessToken(first.AccessToken), authtest.ErrUnknownToken)
		// The family and its refresh token are kept: refresh still works.
		decodeTokens(t, refresh(t, srv, first.RefreshToken))
	})
}
