package auth_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// Secrets with characters that URL-encoding changes, so that a server
// echoing them encoded is not caught by a search for them as they are.
const (
	hostileClientID     = "app one"
	hostileClientSecret = "s3cret/+=&%? value"
	hostileRefresh1     = "rt-1/alice+one=two&three four?"
	hostileRefresh2     = "rt-2/alice+rotated=&%20yes"
	hostileAccess1      = "at-1.alice.first-access-token"
	hostileAccess2      = "at-2.alice.second-access-token"
)

// A token endpoint that echoes everything it was sent in its error
// answers — error, error_description and error_uri; the grant as it came,
// form- or JSON-encoded; the refresh token raw, form-encoded and
// path-encoded; the client secret; the Basic credentials — first in a 503 (tried again, and logged as it is) and
// then in a 400, and a resource that quotes the access token in its
// WWW-Authenticate challenge. No error string, no %v, %+v or %#v of an
// error or of the State, and no log line holds any of them.
func TestHostileNoSecretInErrorsOrLogs(t *testing.T) {
	for _, asJSON := range []bool{false, true} {
		for _, via := range hostileVias {
			t.Run(fmt.Sprintf("JSON body %v via %s", asJSON, via.name), func(t *testing.T) {
				testNoSecretInErrorsOrLogs(t, via, asJSON)
			})
		}
	}
}

func testNoSecretInErrorsOrLogs(t *testing.T, via hostileVia, asJSON bool) {
	synctest.Test(t, func(t *testing.T) {
		fig := newHostileFigures(hostileSecrets()...)
		n := newHostileNet(t)
		var mu sync.Mutex
		calls := 0
		n.serve("tokens.test", fig.tokenEndpoint(func(w http.ResponseWriter, r *http.Request) {
			raw, _ := io.ReadAll(r.Body)
			form, _ := url.ParseQuery(string(raw))
			if asJSON {
				var fields map[string]string
				json.Unmarshal(raw, &fields)
				form = url.Values{"refresh_token": {fields["refresh_token"]}}
			}
			basic := r.Header.Get("Authorization")
			_, secret, _ := r.BasicAuth()
			secret, _ = url.QueryUnescape(secret)
			mu.Lock()
			calls++
			call := calls
			mu.Unlock()
			if call == 1 {
				tokenAnswer(w, hostileAccess2, hostileRefresh2, 3600)
				return
			}
			rt := form.Get("refresh_token")
			status := http.StatusBadRequest
			if call == 2 {
				status = http.StatusServiceUnavailable
				w.Header().Set("Retry-After", "1")
			}
			writeJSON(w, status, map[string]string{
				"error":             "invalid_grant " + string(raw),
				"error_description": fmt.Sprintf("token %s (%s, %s) client secret %s, sent as %s", rt, url.QueryEscape(rt), url.PathEscape(rt), secret, basic),
				"error_uri":         "https://idp.test/e?rt=" + url.QueryEscape(rt) + "&secret=" + url.QueryEscape(secret) + "&auth=" + strings.TrimPrefix(basic, "Basic ") + "&p=" + url.PathEscape(rt),
			})
		}))
		n.serve("api.test", func(w http.ResponseWriter, r *http.Request) {
			tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="api", error="invalid_token", error_description="token %s is revoked", token=%q`, tok, tok))
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, "revoked: "+tok)
		})
		refreshOpts := []auth.RefreshOption{auth.WithHTTPClient(n.client()), auth.WithClientCredentials(hostileClientID, hostileClientSecret)}
		if asJSON {
			refreshOpts = append(refreshOpts, auth.WithJSONBody())
		}
		s := newHostileSession(t, auth.OAuth2Refresh("http://tokens.test/token", refreshOpts...))
		s.signIn(t, hostileAccess1, hostileRefresh1, time.Time{})

		var errs []error
		// A rejection that outlasts the refresh: its 401 quotes both
		// access tokens on the way.
		r := fig.get(t, context.Background(), via, s, n, "http://api.test/resource", "1")
		require.Equal(t, http.StatusUnauthorized, r.status, "%v", r.err)
		errs = append(errs, r.err)
		// A 401 passed on as it is.
		err := fig.do(t, func() hostileResult {
			_, err := streams.Collect(auth.WithoutReauth(context.Background()),
				streams.Pipe(httpobs.Get("http://api.test/resource", httpobs.WithClient(n.client())), s.Reauth()))
			return hostileResult{err: err}
		}).err
		require.Error(t, err)
		errs = append(errs, err)
		// A refresh refused, after a try refused as unavailable: both
		// answers echo the secrets.
		r = fig.get(t, context.Background(), via, s, n, "http://api.test/resource", "2")
		require.ErrorIs(t, r.err, auth.ErrRefreshFailed)
		var oe *auth.OAuthError
		require.True(t, errors.As(r.err, &oe), "%v", r.err)
		errs = append(errs, r.err, oe)
		// And after the sign-out.
		r = fig.get(t, context.Background(), via, s, n, "http://api.test/resource", "3")
		require.ErrorIs(t, r.err, auth.ErrSignedOut)
		errs = append(errs, r.err)

		var printed strings.Builder
		for _, err := range errs {
			for e := err; e != nil; e = errors.Unwrap(e) {
				fmt.Fprintf(&printed, "%s\n%v\n%+v\n%#v\n", e.Error(), e, e, e)
			}
		}
		st := s.State()
		fmt.Fprintf(&printed, "%v\n%+v\n%#v\n%s\n", st, st, st, st.Err)
		for _, reason := range s.signedOut() {
			fmt.Fprintf(&printed, "%v\n%+v\n%#v\n", reason, reason, reason)
		}
		require.Contains(t, printed.String(), "invalid_grant", "the server's words are kept")
		requireNoHostileSecret(t, "an error", printed.String())
		requireNoHostileSecret(t, "the log", s.logs.String())
		require.Contains(t, s.logs.String(), "unavailable", "the 503 was logged")
		require.Equal(t, 3, calls, "the 503 was tried again")
		fig.inspect(printed.String())
		first := "StillUnauthorized+StatusError 401:1"
		if via.name == "Transport" {
			first = "status 401:1"
		}
		// The request after the sign-out fails with its reason, the refusal.
		classes := []string{first, "RefreshFailed+SignedOut+OAuthError 400:2", "StatusError 401:1"}
		slices.Sort(classes)
		fig.report(t, s, n, hostileCounts{requests: 4, errors: strings.Join(classes, ", "), refreshes: 3})
	})
}

// hostileSecrets are the secrets of TestHostileNoSecretInErrorsOrLogs,
// the Basic credentials included.
func hostileSecrets() []string {
	basic := base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(hostileClientID) + ":" + url.QueryEscape(hostileClientSecret)))
	return []string{basic, hostileAccess1, hostileAccess2, hostileClientSecret, hostileRefresh1, hostileRefresh2}
}

// requireNoHostileSecret fails if text holds one of the secrets in any
// form a server might echo it in.
func requireNoHostileSecret(t *testing.T, where, text string) {
	t.Helper()
	for _, form := range newHostileFigures(hostileSecrets()...).forms {
		if i := strings.Index(text, form); i >= 0 {
			t.Fatalf("%s holds the secret %q: ...%s...", where, form, text[max(i-80, 0):min(i+len(form)+20, len(text))])
		}
	}
}
