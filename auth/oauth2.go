package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// OAuthError is a token endpoint's error answer (RFC 6749 §5.2), e.g.
// Code "invalid_grant" when the refresh token is expired, revoked or
// already used.
type OAuthError struct {
	StatusCode  int
	Code        string
	Description string
	URI         string
}

func (e *OAuthError) Error() string {
	msg := fmt.Sprintf("auth: token endpoint answered %d %s", e.StatusCode, e.Code)
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg
}

// RefreshOption configures OAuth2Refresh.
type RefreshOption func(*refreshConfig)

type refreshConfig struct {
	json         bool
	clientID     string
	clientSecret string
	extra        url.Values
	client       *http.Client
	maxBody      int64
}

// WithJSONBody sends the refresh grant as a JSON object instead of a form.
func WithJSONBody() RefreshOption { return func(c *refreshConfig) { c.json = true } }

// WithClientCredentials authenticates the client with HTTP Basic (RFC 6749
// §2.3.1) on every refresh.
func WithClientCredentials(id, secret string) RefreshOption {
	return func(c *refreshConfig) { c.clientID, c.clientSecret = id, secret }
}

// WithExtraFields adds fields (scope, client_id, audience…) to every
// refresh grant.
func WithExtraFields(v url.Values) RefreshOption {
	return func(c *refreshConfig) { c.extra = v }
}

// WithHTTPClient sets the client the refresh call uses. It must not be a
// client whose transport re-authenticates: the refresh call is raw, so that
// a token endpoint that answers 401 cannot start a loop.
func WithHTTPClient(client *http.Client) RefreshOption {
	return func(c *refreshConfig) { c.client = client }
}

// OAuth2Refresh returns a RefreshFunc that speaks the OAuth 2.0 refresh
// grant (RFC 6749 §6) to tokenURL: a form POST with
// grant_type=refresh_token, answered by a JSON token response, read with a
// 1 MiB cap. It follows no redirect: the grant never leaves the endpoint's
// origin. An error answer becomes an *OAuthError; connection refused, 429
// and 503 an *UnavailableError; a timeout or a reset after the grant went
// out an error matching ErrAmbiguous. No error it returns holds the
// refresh token or the client's credentials, even when the server echoes
// them.
func OAuth2Refresh(tokenURL string, opts ...RefreshOption) RefreshFunc {
	c := refreshConfig{maxBody: 1 << 20, client: http.DefaultClient}
	for i, o := range opts {
		if o == nil {
			panic(fmt.Sprintf("auth.OAuth2Refresh: nil option at index %d", i))
		}
		o(&c)
	}
	noRedirects := *c.client
	noRedirects.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return func(ctx context.Context, refreshToken Token) (TokenPair, error) {
		fields := url.Values{}
		for k, vs := range c.extra {
			fields[k] = append([]string(nil), vs...)
		}
		fields.Set("grant_type", "refresh_token")
		fields.Set("refresh_token", string(refreshToken))
		body := httpobs.FormBody(fields)
		if c.json {
			body = httpobs.JSONBody(flatten(fields))
		}
		hopts := []httpobs.Option{httpobs.WithMaxBody(c.maxBody), httpobs.WithHeader("Accept", "application/json"), httpobs.WithClient(&noRedirects)}
		if c.clientID != "" {
			hopts = append(hopts, httpobs.WithDecorator(func(r *http.Request) error {
				r.SetBasicAuth(url.QueryEscape(c.clientID), url.QueryEscape(c.clientSecret))
				return nil
			}))
		}
		values, err := streams.Collect(ctx, httpobs.Post(tokenURL, body, hopts...))
		if err != nil {
			return TokenPair{}, c.secrets(refreshToken).redact(classify(err))
		}
		if len(values) != 1 {
			return TokenPair{}, fmt.Errorf("%w: %d responses, want 1", ErrInvalidTokenResponse, len(values))
		}
		pair, err := parseTokenResponse(values[0].(*httpobs.Response).Body)
		if err == nil {
			pair.Issued = time.Now()
		}
		return pair, err
	}
}

func flatten(v url.Values) map[string]string {
	m := make(map[string]string, len(v))
	for k := range v {
		m[k] = v.Get(k)
	}
	return m
}

// classify says what a failed token request means for the refresh token:
// not taken (UnavailableError), perhaps taken (ErrAmbiguous), or refused
// (an OAuthError, or the error as it is).
func classify(err error) error {
	var se *httpobs.StatusError
	if errors.As(err, &se) {
		switch {
		case se.StatusCode == http.StatusTooManyRequests || se.StatusCode == http.StatusServiceUnavailable:
			return &UnavailableError{Err: oauthError(se), RetryAfter: retryAfter(se.Header, time.Now())}
		case se.StatusCode >= 300 && se.StatusCode <= 399:
			return fmt.Errorf("auth: the token endpoint answered %d, a redirect, which the refresh grant does not follow: %w", se.StatusCode, err)
		case se.StatusCode >= 500:
			return fmt.Errorf("%w: %w", ErrAmbiguous, err)
		}
		return oauthError(se)
	}
	var re *httpobs.RequestError
	if errors.As(err, &re) {
		var dns *net.DNSError
		if errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &dns) {
			return &UnavailableError{Err: err}
		}
		if !errors.Is(err, context.Canceled) {
			return fmt.Errorf("%w: %w", ErrAmbiguous, err)
		}
	}
	return err
}

// oauthError reads a token endpoint's error answer (RFC 6749 §5.2) into
// an *OAuthError, or returns se when it is not one.
func oauthError(se *httpobs.StatusError) error {
	var body struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
		URI         string `json:"error_uri"`
	}
	if json.Unmarshal(se.Body, &body) != nil || body.Error == "" {
		return se
	}
	return &OAuthError{StatusCode: se.StatusCode, Code: body.Error, Description: body.Description, URI: body.URI}
}

// parseTokenResponse reads an RFC 6749 §5.1 token response.
func parseTokenResponse(b []byte) (TokenPair, error) {
	var r struct {
		AccessToken  string          `json:"access_token"`
		RefreshToken string          `json:"refresh_token"`
		ExpiresIn    json.RawMessage `json:"expires_in"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return TokenPair{}, fmt.Errorf("%w: not valid JSON: %w", ErrInvalidTokenResponse, err)
	}
	if r.AccessToken == "" {
		return TokenPair{}, fmt.Errorf("%w: no access_token", ErrInvalidTokenResponse)
	}
	pair := TokenPair{AccessToken: Token(r.AccessToken), RefreshToken: Token(r.RefreshToken)}
	if d, ok, err := expiresIn(r.ExpiresIn); err != nil {
		return TokenPair{}, err
	} else if ok {
		pair.Expiry = time.Now().Add(d)
	}
	return pair, nil
}

// expiresIn reads expires_in: any JSON number of seconds (3600, 3600.0,
// 3.6e3, 3600.5), or one in a string, as some servers send it.
func expiresIn(raw json.RawMessage) (time.Duration, bool, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, false, nil
	}
	s := string(raw)
	if uq, err := strconv.Unquote(s); err == nil {
		s = strings.TrimSpace(uq)
	}
	secs, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(secs) || secs < 0 || secs > 1<<31 {
		// The value is not quoted: a server may put anything there.
		return 0, false, fmt.Errorf("%w: expires_in is not a number of seconds from 0 to 2^31", ErrInvalidTokenResponse)
	}
	return time.Duration(secs * float64(time.Second)), true, nil
}

// retryAfter reads a Retry-After header (RFC 9110 §10.2.3): seconds or an
// HTTP date; zero if there is none or it does not parse.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if secs, err := strconv.ParseUint(v, 10, 31); err == nil {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}
