package auth

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/rxepic/rxepic/httpobs"
)

// Option configures an Authenticator, a RefreshEpic or a Session; each
// reads the options that concern it and ignores the rest.
type Option func(*config)

type config struct {
	refreshTimeout time.Duration
	expiryMargin   time.Duration
	expiryCheck    bool
	reauthLimit    int
	reauthOn       func(error) bool
	onTokens       func(TokenPair)
	onSignOut      func(reason error)
	logger         *slog.Logger
}

func newConfig(opts []Option) config {
	c := config{
		refreshTimeout: 30 * time.Second,
		expiryMargin:   10 * time.Second,
		expiryCheck:    true,
		reauthLimit:    1,
		reauthOn:       isUnauthorized,
		logger:         slog.Default(),
	}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithRefreshTimeout bounds each refresh call (default 30 s): a token
// endpoint that hangs becomes a refresh failure instead of a session that
// waits for ever.
func WithRefreshTimeout(d time.Duration) Option {
	return func(c *config) { c.refreshTimeout = d }
}

// WithExpiryMargin sets how long before its known expiry an access token is
// treated as expired (default 10 s), so a request is not sent with a token
// that will expire on its way.
func WithExpiryMargin(d time.Duration) Option {
	return func(c *config) { c.expiryMargin = d }
}

// WithoutExpiryCheck makes requests go out whatever the access token's
// known expiry, so that only a rejection (a 401) starts a refresh — for
// clients whose clock cannot be trusted against the server's.
func WithoutExpiryCheck() Option {
	return func(c *config) { c.expiryCheck = false }
}

// WithReauthLimit sets how many times one request may re-authenticate
// (default 1). A request rejected again after that fails with
// ErrStillUnauthorized instead of looping.
func WithReauthLimit(n int) Option {
	return func(c *config) { c.reauthLimit = n }
}

// WithReauthOn sets which errors mean "this token was rejected" (default:
// an *httpobs.StatusError with status 401). A 403 means the token is valid
// but not allowed, and is not a reason to refresh.
func WithReauthOn(rejected func(error) bool) Option {
	return func(c *config) { c.reauthOn = rejected }
}

// OnTokens sets a function called with every token pair a refresh yields
// (the refresh token is the rotated one, or the old one when the server did
// not rotate it), so it can be persisted. It is called before the new
// tokens are used, from the refresh epic's goroutine: keep it short.
func OnTokens(save func(TokenPair)) Option {
	return func(c *config) { c.onTokens = save }
}

// OnSignOut sets a function a Session calls on every sign-out with its
// reason: nil for SignOut(nil), an error matching ErrRefreshFailed when a
// refresh failed.
func OnSignOut(f func(reason error)) Option {
	return func(c *config) { c.onSignOut = f }
}

// WithLogger sets the logger for refresh and sign-out events (default
// slog.Default()). Tokens are logged only as fingerprints.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

func isUnauthorized(err error) bool {
	var se *httpobs.StatusError
	return errors.As(err, &se) && se.StatusCode == http.StatusUnauthorized
}
