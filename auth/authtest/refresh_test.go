package authtest_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxepic/rxepic/auth/authtest"
)

func TestRefreshRotatesAndReuseRevokesFamily(t *testing.T) {
	modes(t, func(t *testing.T, newServer func(...authtest.Option) *authtest.Server) {
		srv := newServer()
		defer srv.Close()
		first := srv.SignIn("alice", "read")

		a := refresh(t, srv, first.RefreshToken)
		assert.Equal(t, "no-store", a.header.Get("Cache-Control"))
		assert.Equal(t, "application/json", a.header.Get("Content-Type"))
		second := decodeTokens(t, a)
		assert.Equal(t, "Bearer", second.TokenType)
		assert.Equal(t, int64(60), second.ExpiresIn)
		assert.Equal(t, "read", second.Scope)
		assert.NotEqual(t, first.AccessToken, second.AccessToken)
		assert.NotEqual(t, first.RefreshToken, second.RefreshToken, "the refresh token rotates")
		assert.Equal(t, 2, decodeResource(t, access(t, srv, "/resource", second.AccessToken)).Generation)
		// Rotation alone does not revoke the previous access token.
		assert.Equal(t, 1, decodeResource(t, access(t, srv, "/resource", first.AccessToken)).Generation)

		third := decodeTokens(t, refresh(t, srv, second.RefreshToken))
		assert.Equal(t, 3, decodeResource(t, access(t, srv, "/resource", third.AccessToken)).Generation)

		// The spent first refresh token comes back: reuse. The family is
		// revoked, the newest tokens with it.
		a = refresh(t, srv, first.RefreshToken)
		assert.Equal(t, "refresh token already used; token family revoked", requireError(t, a, http.StatusBadRequest, "invalid_grant"))
		for _, tok := range []string{first.AccessToken, second.AccessToken, third.AccessToken} {
			a = access(t, srv, "/resource", tok)
			assert.Equal(t, "token family revoked", requireError(t, a, http.StatusUnauthorized, "invalid_token"))
		}
		a = refresh(t, srv, third.RefreshToken)
		assert.Equal(t, "token family revoked", requireError(t, a, http.StatusBadRequest, "invalid_grant"))
		// Every presentation of a spent token is a reuse.
		requireError(t, refresh(t, srv, second.RefreshToken), http.StatusBadRequest, "invalid_grant")

		// Other families are untouched.
		bob := srv.SignIn("bob")
		assert.Equal(t, http.StatusOK, access(t, srv, "/resource", bob.AccessToken).status)

		assert.Equal(t, authtest.Stats{
			SignIns:              2,
			RefreshCalls:         5,
			Refreshes:            2,
			RefreshDenied:        1,
			ReuseDetections:      2,
			ResourceCalls:        7,
			ResourceOK:           4,
			ResourceUnauthorized: 3,
		}, srv.Stats())
	})
}

func TestUnknownRefreshTokenIsNotReuse(t *testing.T) {
	srv := authtest.New()
	defer srv.Close()
	a := refresh(t, srv, "never-issued")
	assert.Equal(t, "unknown refresh token", requireError(t, a, http.StatusBadRequest, "invalid_grant"))
	assert.Zero(t, srv.Stats().ReuseDetections)
	assert.Equal(t, int64(1), srv.Stats().RefreshDenied)
}

func TestRefreshTokenTTL(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := authtest.NewInMemory(authtest.WithRefreshTTL(time.Hour))
		defer srv.Close()
		early := srv.SignIn("early")
		late := srv.SignIn("late")

		time.Sleep(time.Hour - time.Nanosecond)
		decodeTokens(t, refresh(t, srv, early.RefreshToken))
		time.Sleep(time.Nanosecond)
		a := refresh(t, srv, late.RefreshToken)
		assert.Equal(t, "refresh token expired", requireError(t, a, http.StatusBadRequest, "invalid_grant"))
		assert.Zero(t, srv.Stats().ReuseDetections)
	})
}

// Concurrent presentations of one refresh token: the first to reach the
// server rotates it, every other one is reuse, and the family — the
// winner's new tokens included — is revoked.
func TestConcurrentRefreshWithOneToken(t *testing.T) {
	const n = 100
	check := func(t *testing.T, srv *authtest.Server) {
		pair := srv.SignIn("alice")
		answers := make([]answer, n)
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				answers[i], errs[i] = trySend(srv.Client(), refreshRequest(context.Background(), srv, pair.RefreshToken))
			})
		}
		close(start)
		wg.Wait()

		var winners []tokenBody
		for i := range n {
			require.NoError(t, errs[i])
			if answers[i].status == http.StatusOK {
				winners = append(winners, decodeTokens(t, answers[i]))
				continue
			}
			assert.Equal(t, "refresh token already used; token family revoked",
				requireError(t, answers[i], http.StatusBadRequest, "invalid_grant"))
		}
		require.Len(t, winners, 1)
		assert.Equal(t, authtest.Stats{SignIns: 1, RefreshCalls: n, Refreshes: 1, ReuseDetections: n - 1}, srv.Stats())

		a := access(t, srv, "/resource", winners[0].AccessToken)
		assert.Equal(t, "token family revoked", requireError(t, a, http.StatusUnauthorized, "invalid_token"))
		a = refresh(t, srv, winners[0].RefreshToken)
		assert.Equal(t, "token family revoked", requireError(t, a, http.StatusBadRequest, "invalid_grant"))
	}
	t.Run("loopback", func(t *testing.T) {
		srv := authtest.New()
		defer srv.Close()
		check(t, srv)
	})
	t.Run("in-memory", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			srv := authtest.NewInMemory(authtest.WithTokenLatency(10 * time.Millisecond))
			defer srv.Close()
			check(t, srv)
		})
	})
}

func TestTokenRequestFormats(t *testing.T) {
	srv := authtest.New()
	defer srv.Close()

	post := func(contentType, body string) answer {
		req, err := http.NewRequest(http.MethodPost, srv.TokenURL(), strings.NewReader(body))
		require.NoError(t, err)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		return send(t, srv.Client(), req)
	}
	form := func(rt string) string {
		return url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}.Encode()
	}

	t.Run("form", func(t *testing.T) {
		pair := srv.SignIn("alice")
		decodeTokens(t, post("application/x-www-form-urlencoded; charset=utf-8", form(pair.RefreshToken)))
	})
	t.Run("JSON", func(t *testing.T) {
		pair := srv.SignIn("alice")
		decodeTokens(t, post("application/json", `{"grant_type":"refresh_token","refresh_token":"`+pair.RefreshToken+`","extra":1}`))
	})

	pair := srv.SignIn("alice")
	cases := []struct {
		name, contentType, body string
		status                  int
		code, description       string
	}{
		{"no content type", "", form(pair.RefreshToken), 400, "invalid_request",
			"content type must be application/x-www-form-urlencoded or application/json"},
		{"text", "text/plain", form(pair.RefreshToken), 400, "invalid_request",
			"content type must be application/x-www-form-urlencoded or application/json"},
		{"malformed JSON", "application/json", `{"grant_type":`, 400, "invalid_request", "malformed JSON body"},
		{"JSON of wrong types", "application/json", `{"grant_type":1}`, 400, "invalid_request", "malformed JSON body"},
		{"malformed form", "application/x-www-form-urlencoded", "grant_type=%zz", 400, "invalid_request", "malformed form body"},
		{"missing grant_type", "application/x-www-form-urlencoded", "refresh_token=x", 400, "invalid_request", "missing grant_type"},
		{"password grant", "application/x-www-form-urlencoded", "grant_type=password&username=a&password=b", 400,
			"unsupported_grant_type", "only grant_type refresh_token is supported"},
		{"missing refresh_token", "application/x-www-form-urlencoded", "grant_type=refresh_token", 400, "invalid_request",
			"missing refresh_token"},
		{"repeated parameter", "application/x-www-form-urlencoded", form(pair.RefreshToken) + "&refresh_token=x", 400,
			"invalid_request", "parameter refresh_token given more than once"},
		{"too large", "application/x-www-form-urlencoded", form(pair.RefreshToken) + "&pad=" + strings.Repeat("x", authtest.MaxBodyBytes),
			413, "invalid_request", "request body exceeds 65536 bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := post(tc.contentType, tc.body)
			assert.Equal(t, tc.description, requireError(t, a, tc.status, tc.code))
		})
	}
	t.Run("parameters in the query are ignored", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodPost, srv.TokenURL()+"?"+form(pair.RefreshToken), nil)
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		requireError(t, send(t, srv.Client(), req), http.StatusBadRequest, "invalid_request")
	})
	t.Run("GET", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodGet, srv.TokenURL(), nil)
		require.NoError(t, err)
		a := send(t, srv.Client(), req)
		requireError(t, a, http.StatusMethodNotAllowed, "invalid_request")
		assert.Equal(t, "POST", a.header.Get("Allow"))
	})

	// None of the refused requests spent the token.
	decodeTokens(t, refresh(t, srv, pair.RefreshToken))
	st := srv.Stats()
	assert.Equal(t, int64(len(cases)+2), st.RefreshDenied)
	assert.Equal(t, int64(3), st.Refreshes)
	assert.Zero(t, st.ReuseDetections)
}

func TestClientCredentials(t *testing.T) {
	srv := authtest.New(authtest.WithClientCredentials("app", "s3cr:t"))
	defer srv.Close()

	request := func(pair authtest.TokenPair, extra url.Values, basic bool) answer {
		form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {pair.RefreshToken}}
		for k, v := range extra {
			form[k] = v
		}
		req, err := http.NewRequest(http.MethodPost, srv.TokenURL(), strings.NewReader(form.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if basic {
			// RFC 6749 §2.3.1: form-encode, then Basic.
			req.SetBasicAuth(url.QueryEscape("app"), url.QueryEscape("s3cr:t"))
		}
		return send(t, srv.Client(), req)
	}

	decodeTokens(t, request(srv.SignIn("a"), nil, true))
	decodeTokens(t, request(srv.SignIn("b"), url.Values{"client_id": {"app"}, "client_secret": {"s3cr:t"}}, false))

	pair := srv.SignIn("c")
	a := request(pair, nil, false)
	assert.Equal(t, "client authentication required", requireError(t, a, http.StatusUnauthorized, "invalid_client"))
	assert.Equal(t, `Basic realm="authtest"`, a.header.Get("WWW-Authenticate"))

	a = request(pair, url.Values{"client_id": {"app"}, "client_secret": {"wrong"}}, false)
	assert.Equal(t, "client authentication failed", requireError(t, a, http.StatusUnauthorized, "invalid_client"))

	a = request(pair, url.Values{"client_id": {"app"}, "client_secret": {"s3cr:t"}}, true)
	assert.Equal(t, "client authenticated more than once", requireError(t, a, http.StatusBadRequest, "invalid_request"))

	// The refused requests did not spend the token.
	decodeTokens(t, request(pair, nil, true))
}
