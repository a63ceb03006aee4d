package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// RefreshFunc exchanges a refresh token for new tokens. It is called by the
// refresh epic, at most once at a time, with a context that ends at the
// refresh timeout. An error fails the refresh and signs out.
type RefreshFunc func(ctx context.Context, refreshToken Token) (TokenPair, error)

// OAuthError is a token endpoint's error answer (RFC 6749 §5.2), e.g.
// Code "invalid_grant" when the refresh token is expired, revoked or
// already used.
type OAuthError struct {
	StatusCode  int
	Code        string
	Description string
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
// grant_type=refresh_token, answered by a JSON token response. The response
// is read with a 1 MiB cap. An error answer becomes an *OAuthError wrapped
// in the returned error.
func OAuth2Refresh(tokenURL string, opts ...RefreshOption) RefreshFunc {
	c := refreshConfig{maxBody: 1 << 20}
	for _, o := range opts {
		o(&c)
	}
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
		hopts := []httpobs.Option{httpobs.WithMaxBody(c.maxBody), httpobs.WithHeader("Accept", "application/json")}
		if c.client != nil {
			hopts = append(hopts, httpobs.WithClient(c.client))
		}
		if c.clientID != "" {
			hopts = append(hopts, httpobs.WithDecorator(func(r *http.Request) (any, error) {
				r.SetBasicAuth(url.QueryEscape(c.clientID), url.QueryEscape(c.clientSecret))
				return nil, nil
			}))
		}
		values, err := streams.Collect(ctx, httpobs.Post(tokenURL, body, hopts...))
		if err != nil {
			return TokenPair{}, oauthError(err, refreshToken)
		}
		if len(values) != 1 {
			return TokenPair{}, fmt.Errorf("%w: %d responses, want 1", ErrInvalidTokenResponse, len(values))
		}
		return parseTokenResponse(values[0].(*httpobs.Response).Body)
	}
}

func flatten(v url.Values) map[string]string {
	m := make(map[string]string, len(v))
	for k := range v {
		m[k] = v.Get(k)
	}
	return m
}

// oauthError turns a token endpoint's error answer into an *OAuthError.
// The server's words are its own: a refresh token it echoes back is
// replaced by its fingerprint, so it reaches no error string or log.
func oauthError(err error, presented Token) error {
	var se *httpobs.StatusError
	if !errors.As(err, &se) {
		return err
	}
	var body struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(se.Body, &body) != nil || body.Error == "" {
		return err
	}
	oe := &OAuthError{StatusCode: se.StatusCode, Code: body.Error, Description: body.Description}
	if presented != "" {
		redact := strings.NewReplacer(string(presented), presented.Fingerprint())
		oe.Code, oe.Description = redact.Replace(oe.Code), redact.Replace(oe.Description)
	}
	return oe
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
	if secs, ok, err := expiresIn(r.ExpiresIn); err != nil {
		return TokenPair{}, err
	} else if ok {
		pair.Expiry = time.Now().Add(time.Duration(secs) * time.Second)
	}
	return pair, nil
}

// expiresIn reads expires_in, which servers send as a number or a string.
func expiresIn(raw json.RawMessage) (int64, bool, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, false, nil
	}
	s := string(raw)
	if uq, err := strconv.Unquote(s); err == nil {
		s = uq
	}
	secs, err := strconv.ParseInt(s, 10, 64)
	if err != nil || secs < 0 || secs > 1<<31 {
		return 0, false, fmt.Errorf("%w: bad expires_in %.20q", ErrInvalidTokenResponse, string(raw))
	}
	return secs, true, nil
}
