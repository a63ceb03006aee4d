package auth_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// secrets is every token a test has seen issued.
type secrets struct {
	mu     sync.Mutex
	tokens map[string]bool
}

func (s *secrets) add(tokens ...auth.Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tokens == nil {
		s.tokens = map[string]bool{}
	}
	for _, tok := range tokens {
		if tok != "" {
			s.tokens[string(tok)] = true
		}
	}
}

func (s *secrets) addPair(p auth.TokenPair) { s.add(p.AccessToken, p.RefreshToken) }

func (s *secrets) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tokens)
}

// requireAbsent fails if text holds a token, or the signature of a JWT
// one, which would be enough to replay it.
func (s *secrets) requireAbsent(t *testing.T, where, text string) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	require.NotEmpty(t, s.tokens, "no tokens to look for")
	for tok := range s.tokens {
		require.NotContains(t, text, tok, "%s holds a token", where)
		if parts := strings.Split(tok, "."); len(parts) == 3 && len(parts[2]) >= 16 {
			require.NotContains(t, text, parts[2], "%s holds a token's signature", where)
		}
	}
}

// verbs are the fmt verbs a value may be printed with by mistake.
var verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

// requireUnprinted checks that no fmt verb, no slog handler and, if
// withJSON, no JSON encoding prints a token held by v.
func (s *secrets) requireUnprinted(t *testing.T, name string, v any, withJSON bool) {
	t.Helper()
	for _, verb := range verbs {
		s.requireAbsent(t, name+" printed with "+verb, fmt.Sprintf(verb, v))
	}
	if b, err := json.Marshal(v); err == nil && withJSON {
		s.requireAbsent(t, name+" as JSON", string(b))
	}
	var buf bytes.Buffer
	slog.New(teeHandler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)}).Info("value", "v", v)
	s.requireAbsent(t, name+" logged", buf.String())
}

// requireErrorClean checks an error and everything it wraps.
func (s *secrets) requireErrorClean(t *testing.T, name string, err error) {
	t.Helper()
	var walk func(string, error)
	walk = func(path string, err error) {
		if err == nil {
			return
		}
		for _, verb := range verbs[:5] {
			s.requireAbsent(t, path+" printed with "+verb, fmt.Sprintf(verb, err))
		}
		switch e := err.(type) {
		case interface{ Unwrap() error }:
			walk(path+" > "+fmt.Sprintf("%T", e), e.Unwrap())
		case interface{ Unwrap() []error }:
			for _, inner := range e.Unwrap() {
				walk(path+" > "+fmt.Sprintf("%T", e), inner)
			}
		}
	}
	walk(name, err)
}

// teeHandler hands every record to each of its handlers.
type teeHandler []slog.Handler

func (h teeHandler) Enabled(ctx context.Context, l slog.Level) bool {
	for _, x := range h {
		if x.Enabled(ctx, l) {
			return true
		}
	}
	return false
}

func (h teeHandler) Handle(ctx context.Context, r slog.Record) error {
	var errs []error
	for _, x := range h {
		if x.Enabled(ctx, r.Level) {
			errs = append(errs, x.Handle(ctx, r.Clone()))
		}
	}
	return errors.Join(errs...)
}

func (h teeHandler) WithAttrs(as []slog.Attr) slog.Handler {
	out := make(teeHandler, len(h))
	for i, x := range h {
		out[i] = x.WithAttrs(as)
	}
	return out
}

func (h teeHandler) WithGroup(name string) slog.Handler {
	out := make(teeHandler, len(h))
	for i, x := range h {
		out[i] = x.WithGroup(name)
	}
	return out
}

// syncBuffer is a bytes.Buffer for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// capturingLogger logs everything, as text and as JSON, into buf.
func capturingLogger(buf *syncBuffer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelDebug}
	return slog.New(teeHandler{slog.NewTextHandler(buf, opts), slog.NewJSONHandler(buf, opts)})
}

// Through every flow — refreshes before sending and after a 401, a
// rejection that outlasts the refresh, refreshes failing in every way the
// token endpoint can fail, a user's sign-out, a missing refresh token —
// through Reauth and through Transport: no error, no wrapped cause, no sign-out
// reason and no log line holds a token.
func TestNoTokenInErrorsOrLogs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs syncBuffer
		var seen secrets
		f := newFixture(t, []authtest.Option{authtest.WithTokenLatency(10 * time.Millisecond)},
			auth.WithLogger(capturingLogger(&logs)),
			auth.WithRefreshTimeout(time.Second),
			auth.OnTokens(seen.addPair))
		initial := f.session.State()
		seen.add(initial.AccessToken, initial.RefreshToken)

		var errs []error
		transport := &http.Client{Transport: f.session.Transport(f.client.Transport)}
		viaTransport := func() error {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, f.server.ResourceURL(), nil)
			require.NoError(t, err)
			resp, err := transport.Do(req)
			if err != nil {
				return err
			}
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("status %d, body %q", resp.StatusCode, body)
			}
			return nil
		}
		both := func() (reauth, transport error) {
			reauth, transport = f.one(t.Context()), viaTransport()
			errs = append(errs, reauth, transport)
			return reauth, transport
		}
		signIn := func(withRefreshToken bool) {
			p := f.server.SignIn("alice")
			pair := auth.TokenPair{AccessToken: auth.Token(p.AccessToken), Expiry: p.Expiry}
			if withRefreshToken {
				pair.RefreshToken = auth.Token(p.RefreshToken)
			}
			seen.addPair(pair)
			require.NoError(t, f.session.SignIn(pair))
		}

		// Refreshes that work: before sending, and after a 401.
		time.Sleep(authtest.DefaultAccessTTL + time.Second)
		requireNoErrors(t, both)
		f.server.RevokeAccessTokens()
		requireNoErrors(t, both)

		// A rejection that outlasts the refresh.
		f.server.ResourceFaults().Always(authtest.BearerError(http.StatusUnauthorized, "invalid_token", "rejected"))
		reauth, _ := both()
		require.ErrorIs(t, reauth, auth.ErrStillUnauthorized)
		f.server.ResourceFaults().Clear()

		// Refreshes that fail, each after a fresh sign-in, the token
		// endpoint's error description quoting nothing secret.
		failures := []authtest.Fault{
			authtest.OAuthError(http.StatusBadRequest, "invalid_grant", "refresh token revoked"),
			authtest.OAuthError(http.StatusUnauthorized, "invalid_client", "client authentication failed"),
			authtest.Respond(http.StatusInternalServerError, nil, "boom"),
			authtest.RetryLater(http.StatusServiceUnavailable, time.Minute),
			authtest.Garbage(),
			authtest.EmptyBody(),
			authtest.NoAccessToken(),
			authtest.Reset(),
			authtest.Hang(),
		}
		for _, fault := range failures {
			f.server.TokenFaults().Always(fault)
			for _, send := range []func() error{func() error { return f.one(t.Context()) }, viaTransport} {
				signIn(true)
				f.server.RevokeAccessTokens()
				err := send()
				require.ErrorIs(t, err, auth.ErrRefreshFailed, "fault %v", fault)
				errs = append(errs, err)
			}
		}
		f.server.TokenFaults().Clear()

		// A user's sign-out, and a session without a refresh token.
		signIn(true)
		require.NoError(t, f.session.SignOut(errors.New("user signed out")))
		reauth, transportErr := both()
		require.ErrorIs(t, reauth, auth.ErrSignedOut)
		require.ErrorIs(t, transportErr, auth.ErrSignedOut)
		signIn(false)
		f.server.RevokeAccessTokens()
		reauth, _ = both()
		require.ErrorIs(t, reauth, auth.ErrNoRefreshToken)

		synctest.Wait()
		errs = append(errs, f.signOutReasons()...)
		errs = append(errs, f.session.State().Err)
		require.Greater(t, seen.len(), 2*len(failures), "tokens issued")
		for i, err := range errs {
			seen.requireErrorClean(t, fmt.Sprintf("error %d", i), err)
		}

		out := logs.String()
		seen.requireAbsent(t, "the log", out)
		// The log did record the flows, by fingerprint.
		require.Contains(t, out, "auth: refreshing")
		require.Contains(t, out, "auth: refresh failed, signing out")
		require.Contains(t, out, initial.RefreshToken.Fingerprint())
	})
}

func requireNoErrors(t *testing.T, send func() (error, error)) {
	t.Helper()
	a, b := send()
	require.NoError(t, a)
	require.NoError(t, b)
}

// No fmt verb, JSON encoding or slog handler prints a token held by one of
// our values.
func TestNoTokenInPrintedValues(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var seen secrets
		f := newFixture(t, []authtest.Option{authtest.WithTokenLatency(10 * time.Millisecond)}, auth.OnTokens(seen.addPair))
		state := f.session.State()
		seen.add(state.AccessToken, state.RefreshToken)
		serverPair := f.server.SignIn("bob")
		pair := auth.TokenPair{AccessToken: auth.Token(serverPair.AccessToken), RefreshToken: auth.Token(serverPair.RefreshToken), Expiry: serverPair.Expiry}
		seen.addPair(pair)

		// A 401 for the current token, as the flow sees it.
		f.server.RevokeAccessTokens()
		_, rejected := streams.Collect(auth.WithoutReauth(t.Context()), f.get())
		var statusErr *httpobs.StatusError
		require.ErrorAs(t, rejected, &statusErr)
		require.Equal(t, http.StatusUnauthorized, statusErr.StatusCode)
		// A response to a refreshed token.
		values, err := streams.Collect(t.Context(), f.get())
		require.NoError(t, err)
		resp := values[0].(*httpobs.Response)
		refreshed := f.session.State()
		require.EqualValues(t, 2, refreshed.Generation)

		failure := fmt.Errorf("%w: %w", auth.ErrRefreshFailed, &auth.OAuthError{StatusCode: 400, Code: "invalid_grant"})
		printed := map[string]any{
			"auth.Token":            pair.AccessToken,
			"auth.TokenPair":        pair,
			"*auth.TokenPair":       &pair,
			"auth.State":            state,
			"auth.State refreshed":  refreshed,
			"*auth.State":           &refreshed,
			"auth.State failed":     auth.State{AccessToken: pair.AccessToken, RefreshToken: pair.RefreshToken, Status: auth.StatusSignedOut, Err: failure},
			"auth.SignedIn":         auth.SignedIn{Tokens: pair},
			"auth.RefreshSucceeded": auth.RefreshSucceeded{Tokens: pair},
			"auth.RefreshRequested": auth.RefreshRequested{Generation: 2},
			"auth.RefreshFailed":    auth.RefreshFailed{Err: failure},
			"auth.SignedOut":        auth.SignedOut{Reason: failure},
			"[]any of actions":      []any{auth.SignedIn{Tokens: pair}, auth.RefreshSucceeded{Tokens: pair}},
			"*auth.OAuthError":      &auth.OAuthError{StatusCode: 400, Code: "invalid_grant", Description: "refresh token revoked"},
			"*httpobs.StatusError":  statusErr,
			"*httpobs.Response":     resp,
			"*authtest.Server":      f.server,
			"authtest.TokenPair":    serverPair,
			"*auth.Session":         f.session,
			"*auth.Authenticator":   f.session.Authenticator,
			"*auth.Transport":       f.session.Transport(nil),
			"*epics.Store":          f.session.Store(),
		}
		for name, v := range printed {
			// authtest.TokenPair is the server's answer, made of plain
			// strings to be used: only its printed forms are redacted.
			seen.requireUnprinted(t, name, v, !strings.HasPrefix(name, "authtest."))
		}
	})
}

// redirectTargets are where the first hop of a request redirects it, and
// whether the target may see the token.
var redirectTargets = []struct {
	name      string
	target    func(origin, other string) string
	authorize bool
}{
	{"same origin", func(origin, _ string) string { return origin + "/landing" }, true},
	{"other port", func(_, other string) string { return other + "/landing" }, false},
	{"other host", func(_, other string) string { return strings.Replace(other, "127.0.0.1", "localhost", 1) + "/landing" }, false},
	{"other port, then back", func(origin, other string) string {
		return other + "/bounce?to=" + url.QueryEscape(origin+"/landing")
	}, false},
}

// requireNoCrossOriginAuthorization sends requests through send to an
// origin server on loopback that checks the token and redirects them,
// and checks that no other origin — another port, another host name, or
// the origin again after the chain left it — sees the token. send is
// given the session and a base transport to use, and the URL.
func requireNoCrossOriginAuthorization(t *testing.T, send func(s *auth.Session, base *http.Transport, url string) (int, error)) {
	idp := authtest.New()
	defer idp.Close()
	session := auth.NewSession(auth.OAuth2Refresh(idp.TokenURL(), auth.WithHTTPClient(idp.Client())),
		auth.WithLogger(slog.New(slog.DiscardHandler)))
	defer func() { require.NoError(t, session.Close()) }()
	p := idp.SignIn("alice")
	require.NoError(t, session.SignIn(auth.TokenPair{AccessToken: auth.Token(p.AccessToken), RefreshToken: auth.Token(p.RefreshToken), Expiry: p.Expiry}))
	bearer := "Bearer " + p.AccessToken

	type seenRequest struct {
		where, authorization, everything string
	}
	var mu sync.Mutex
	var requests []seenRequest
	record := func(where string, r *http.Request) {
		var all strings.Builder
		fmt.Fprintf(&all, "%s %s\n", r.Method, r.URL)
		for k, vs := range r.Header {
			fmt.Fprintf(&all, "%s: %s\n", k, strings.Join(vs, ", "))
		}
		body, _ := io.ReadAll(r.Body)
		all.Write(body)
		mu.Lock()
		defer mu.Unlock()
		requests = append(requests, seenRequest{where, r.Header.Get("Authorization"), all.String()})
	}
	redirect := func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	}
	originMux := http.NewServeMux()
	originMux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		record("origin /redirect", r)
		redirect(w, r)
	})
	originMux.HandleFunc("/landing", func(w http.ResponseWriter, r *http.Request) {
		record("origin /landing", r)
		io.WriteString(w, "landed")
	})
	origin := httptest.NewServer(originMux)
	defer origin.Close()
	otherMux := http.NewServeMux()
	otherMux.HandleFunc("/landing", func(w http.ResponseWriter, r *http.Request) {
		record("other /landing", r)
		io.WriteString(w, "landed")
	})
	otherMux.HandleFunc("/bounce", func(w http.ResponseWriter, r *http.Request) {
		record("other /bounce", r)
		redirect(w, r)
	})
	other := httptest.NewServer(otherMux)
	defer other.Close()

	for _, tc := range redirectTargets {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			requests = nil
			mu.Unlock()
			base := &http.Transport{}
			defer base.CloseIdleConnections()
			status, err := send(session, base, origin.URL+"/redirect?to="+url.QueryEscape(tc.target(origin.URL, other.URL)))
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, status)

			mu.Lock()
			defer mu.Unlock()
			require.GreaterOrEqual(t, len(requests), 2)
			require.Equal(t, "origin /redirect", requests[0].where)
			require.Equal(t, bearer, requests[0].authorization, "the first hop is authorized")
			for _, r := range requests[1:] {
				if tc.authorize {
					require.Equal(t, bearer, r.authorization, "%s, within the origin", r.where)
					continue
				}
				require.Empty(t, r.authorization, "%s saw Authorization", r.where)
				require.NotContains(t, r.everything, p.AccessToken, "%s saw the token", r.where)
			}
		})
	}
}

// Reauth: the token goes to the origin of the request, and never on to
// another origin a redirect leads to.
func TestReauthAuthorizationStaysWithItsOrigin(t *testing.T) {
	requireNoCrossOriginAuthorization(t, func(s *auth.Session, base *http.Transport, u string) (int, error) {
		values, err := streams.Collect(t.Context(), streams.Pipe(httpobs.Get(u, httpobs.WithClient(&http.Client{Transport: base})), s.Reauth()))
		if err != nil {
			return 0, err
		}
		return values[0].(*httpobs.Response).StatusCode, nil
	})
}

// Transport: the token goes to the origin of the request, and never on to
// another origin a redirect leads to, although http.Client calls the
// Transport again for every hop.
func TestTransportAuthorizationStaysWithItsOrigin(t *testing.T) {
	requireNoCrossOriginAuthorization(t, func(s *auth.Session, base *http.Transport, u string) (int, error) {
		resp, err := (&http.Client{Transport: s.Transport(base)}).Get(u)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, err = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, err
	})
}

// A token endpoint that echoes the refresh token it was given in its
// error description ("refresh token X is revoked") gets it into no
// request's error and no log line.
func TestEchoedRefreshTokenIsRedacted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs syncBuffer
		f := newFixture(t, nil, auth.WithLogger(capturingLogger(&logs)))
		s := f.session.State()
		var seen secrets
		seen.add(s.AccessToken, s.RefreshToken)
		f.server.TokenFaults().Always(authtest.OAuthError(http.StatusBadRequest, "invalid_grant",
			"refresh token "+string(s.RefreshToken)+" is revoked"))
		f.server.RevokeAccessTokens()

		err := f.one(t.Context())
		require.ErrorIs(t, err, auth.ErrRefreshFailed)
		var oe *auth.OAuthError
		require.ErrorAs(t, err, &oe)
		require.Equal(t, "refresh token "+s.RefreshToken.Fingerprint()+" is revoked", oe.Description)
		seen.requireErrorClean(t, "the request's error", err)
		synctest.Wait()
		seen.requireAbsent(t, "the log", logs.String())
		require.Contains(t, logs.String(), s.RefreshToken.Fingerprint())
	})
}

// hugeBody is how much the hostile endpoints below offer to send.
const hugeBody = 50 << 20

// serveHuge answers status with an endless-looking body of hugeBody bytes,
// written from one small buffer so that the server itself allocates
// nothing in proportion.
func serveHuge(status int) http.HandlerFunc {
	chunk := bytes.Repeat([]byte("a"), 32<<10)
	prefix := []byte(`{"access_token":"`)
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		if _, err := w.Write(prefix); err != nil {
			return
		}
		for n := len(prefix); n < hugeBody; n += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the client stopped reading
			}
		}
	}
}

// heapGrowth returns how many bytes were allocated while f ran.
func heapGrowth(f func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A token endpoint that answers with a 50 MiB body fails the refresh with
// a clear error after reading at most the cap, success and error answers
// alike; nothing near the body's size is ever allocated.
func TestRefreshResponseBodyIsCapped(t *testing.T) {
	cases := []struct {
		name   string
		status int
		check  func(t *testing.T, err error)
	}{
		{"200", http.StatusOK, func(t *testing.T, err error) {
			require.ErrorIs(t, err, httpobs.ErrBodyTooLarge)
		}},
		{"400", http.StatusBadRequest, func(t *testing.T, err error) {
			var se *httpobs.StatusError
			require.ErrorAs(t, err, &se)
			require.Equal(t, http.StatusBadRequest, se.StatusCode)
			require.LessOrEqual(t, len(se.Body), 1<<10, "the error keeps an excerpt")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			idp := httptest.NewServer(serveHuge(c.status))
			defer idp.Close()
			base := &http.Transport{}
			defer base.CloseIdleConnections()
			session := auth.NewSession(auth.OAuth2Refresh(idp.URL, auth.WithHTTPClient(&http.Client{Transport: base})),
				auth.WithLogger(slog.New(slog.DiscardHandler)))
			defer func() { require.NoError(t, session.Close()) }()
			require.NoError(t, session.SignIn(auth.TokenPair{AccessToken: "expired-access", RefreshToken: "refresh", Expiry: time.Now().Add(-time.Hour)}))

			// The token is known to be expired, so the request waits for
			// the refresh and is never sent.
			var err error
			grew := heapGrowth(func() {
				_, err = streams.Collect(t.Context(), streams.Pipe(httpobs.Get(idp.URL+"/never"), session.Reauth()))
			})
			require.ErrorIs(t, err, auth.ErrRefreshFailed)
			c.check(t, err)
			require.Less(t, grew, uint64(16<<20), "bytes allocated while refusing a %d MiB body", hugeBody>>20)
			require.Equal(t, auth.StatusSignedOut, session.State().Status)
		})
	}
}

// A resource that answers 401 with a 50 MiB body: Reauth and Transport
// read a bounded part of it, refresh, and succeed on the retry, without
// allocating anything near the body's size.
func TestRejectionBodyIsCapped(t *testing.T) {
	huge := strings.Repeat("a", hugeBody)
	sends := map[string]func(f *fixture) (int, error){
		"Reauth": func(f *fixture) (int, error) {
			values, err := streams.Collect(t.Context(), f.get())
			if err != nil {
				return 0, err
			}
			return values[0].(*httpobs.Response).StatusCode, nil
		},
		"Transport": func(f *fixture) (int, error) {
			resp, err := (&http.Client{Transport: f.session.Transport(f.client.Transport)}).Get(f.server.ResourceURL())
			if err != nil {
				return 0, err
			}
			defer resp.Body.Close()
			_, err = io.Copy(io.Discard, resp.Body)
			return resp.StatusCode, err
		},
	}
	for name, send := range sends {
		t.Run(name, func(t *testing.T) {
			f := newLoopbackFixture(t)
			f.server.ResourceFaults().Next(authtest.Respond(http.StatusUnauthorized, http.Header{"Content-Type": {"text/plain"}}, huge), 1)
			var status int
			var err error
			grew := heapGrowth(func() { status, err = send(f) })
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, status)
			require.EqualValues(t, 1, f.server.Stats().RefreshCalls)
			require.Less(t, grew, uint64(16<<20), "bytes allocated while reading a %d MiB 401", hugeBody>>20)
		})
	}
}

// newLoopbackFixture is a fixture over a loopback authtest server, for
// tests that measure the heap, where a synctest bubble would not matter.
func newLoopbackFixture(t *testing.T) *fixture {
	f := &fixture{t: t, server: authtest.New()}
	f.client = f.server.Client()
	f.session = auth.NewSession(auth.OAuth2Refresh(f.server.TokenURL(), auth.WithHTTPClient(f.client)),
		auth.WithLogger(slog.New(slog.DiscardHandler)))
	t.Cleanup(func() {
		require.NoError(t, f.session.Close())
		f.server.Close()
		f.client.CloseIdleConnections()
	})
	p := f.server.SignIn("alice")
	require.NoError(t, f.session.SignIn(auth.TokenPair{AccessToken: auth.Token(p.AccessToken), RefreshToken: auth.Token(p.RefreshToken), Expiry: p.Expiry}))
	return f
}

// authtest refuses forged access tokens. TestForgedAccessTokensAreRefused
// in authtest/tokens_test.go covers alg none (either case), HS384/HS512
// with the right key, RS256 and ES256 (no HS/RS confusion), HS256 signed
// with the RSA public key, a wrong key, a stripped signature, an expired
// or expiry-less token, a future iat and forged jti, gen or fam claims;
// TestAccessTokenExpiresOnVirtualTime covers expiry by the clock. These
// are the tricks it leaves out, each answered 401 invalid_token and never
// 200.
func TestAuthtestRefusesMoreForgeries(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	srv := authtest.New(authtest.WithSigningKey(key))
	defer srv.Close()
	pair := srv.SignIn("alice")
	real := jwt.MapClaims{}
	_, _, err := jwt.NewParser().ParseUnverified(pair.AccessToken, real)
	require.NoError(t, err)
	parts := strings.Split(pair.AccessToken, ".")
	signWith := func(header map[string]any, claims jwt.MapClaims, sign func(string) string) string {
		h, err := json.Marshal(header)
		require.NoError(t, err)
		c, err := json.Marshal(claims)
		require.NoError(t, err)
		unsigned := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
		return unsigned + "." + sign(unsigned)
	}
	hs256 := func(s string) string {
		sig, err := jwt.SigningMethodHS256.Sign(s, key)
		require.NoError(t, err)
		return base64.RawURLEncoding.EncodeToString(sig)
	}
	with := func(k string, v any) jwt.MapClaims {
		c := jwt.MapClaims{}
		for ck, cv := range real {
			c[ck] = cv
		}
		c[k] = v
		return c
	}
	cases := []struct{ name, token string }{
		{"alg none with the genuine signature", signWith(map[string]any{"alg": "none", "typ": "JWT"}, real, func(string) string { return parts[2] })},
		{"alg nOnE", signWith(map[string]any{"alg": "nOnE"}, real, func(string) string { return "" })},
		{"alg hs256 in lower case", signWith(map[string]any{"alg": "hs256"}, real, hs256)},
		{"alg missing", signWith(map[string]any{"typ": "JWT"}, real, hs256)},
		{"kid pointing elsewhere", signWith(map[string]any{"alg": "HS256", "kid": "../../dev/null"}, real, func(s string) string {
			sig, err := jwt.SigningMethodHS256.Sign(s, []byte("\x00"))
			require.NoError(t, err)
			return base64.RawURLEncoding.EncodeToString(sig)
		})},
		{"exp extended", signWith(map[string]any{"alg": "HS256", "typ": "JWT"}, with("exp", time.Now().Add(24*time.Hour).Unix()), func(string) string {
			return parts[2] // the genuine signature, over other claims
		})},
		{"header and claims swapped", parts[1] + "." + parts[0] + "." + parts[2]},
		{"genuine token with a trailing segment", pair.AccessToken + ".x"},
		{"genuine token with spaces", " " + pair.AccessToken + " x"},
	}
	client := srv.Client()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, srv.ResourceURL(), nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+tc.token)
			resp, err := client.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			_, _ = io.Copy(io.Discard, resp.Body)
			require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			c, err := httpobs.ParseChallenge(resp.Header.Get("WWW-Authenticate"))
			require.NoError(t, err)
			require.Equal(t, "invalid_token", c.Error)
		})
	}
	st := srv.Stats()
	require.Zero(t, st.ResourceOK)
	require.EqualValues(t, len(cases), st.ResourceUnauthorized)
}
