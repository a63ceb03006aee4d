package auth

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/rxepic/rxepic/httpobs"
)

// Option configures an Authenticator, a RefreshEpic or a Session; each
// reads the options that concern it and ignores the rest. An option given
// a value it cannot take panics when it is made, naming it.
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

func newConfig(op string, opts []Option) config {
	c := config{
		refreshTimeout: 30 * time.Second,
		expiryMargin:   10 * time.Second,
		expiryCheck:    true,
		reauthLimit:    1,
		reauthOn:       isUnauthorized,
		logger:         slog.Default(),
	}
	for i, o := range opts {
		if o == nil {
			panic(fmt.Sprintf("auth.%s: nil option at index %d", op, i))
		}
		o(&c)
	}
	return c
}

// WithRefreshTimeout bounds each refresh (default 30 s), retries of an
// unavailable token endpoint included, even when the RefreshFunc ignores
// its context: every request waiting for it then fails with
// ErrRefreshFailed. d must be positive.
func WithRefreshTimeout(d time.Duration) Option {
	if d <= 0 {
		panic(fmt.Sprintf("auth.WithRefreshTimeout: %v, want > 0", d))
	}
	return func(c *config) { c.refreshTimeout = d }
}

// WithExpiryMargin sets how long before its known expiry an access token is
// treated as expired (default 10 s), so a request is not sent with a token
// that will expire on its way. The margin never exceeds a quarter of a
// token's lifetime, when that is known. d must not be negative.
func WithExpiryMargin(d time.Duration) Option {
	if d < 0 {
		panic(fmt.Sprintf("auth.WithExpiryMargin: negative margin %v", d))
	}
	return func(c *config) { c.expiryMargin = d }
}

// WithoutExpiryCheck makes requests go out whatever the access token's
// known expiry, so that only a rejection (a 401) starts a refresh — for
// clients whose clock cannot be trusted against the server's.
func WithoutExpiryCheck() Option {
	return func(c *config) { c.expiryCheck = false }
}

// WithReauthLimit sets how many times one request may be re-authenticated
// (default 1): wait for a refresh, before sending or after a rejection, or
// be sent again after a rejection of a token already replaced. A request
// rejected once more after that fails with ErrStillUnauthorized, so a
// storm of rejections costs one refresh. n must not be negative.
func WithReauthLimit(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("auth.WithReauthLimit: negative limit %d", n))
	}
	return func(c *config) { c.reauthLimit = n }
}

// WithReauthOn sets which errors mean "this token was rejected" (default:
// an *httpobs.StatusError with status 401). A 403 means the token is valid
// but not allowed, and is not a reason to refresh.
func WithReauthOn(rejected func(error) bool) Option {
	if rejected == nil {
		panic("auth.WithReauthOn: nil function")
	}
	return func(c *config) { c.reauthOn = rejected }
}

// OnTokens sets a function called with every token pair a refresh yields
// once the store has taken it (the refresh token is the rotated one, or
// the old one when the server did not rotate it), so it can be persisted.
// A pair a sign-out or another sign-in made stale is never handed over.
// It runs while the store processes the refresh: keep it short.
func OnTokens(save func(TokenPair)) Option {
	if save == nil {
		panic("auth.OnTokens: nil function")
	}
	return func(c *config) { c.onTokens = save }
}

// OnSignOut sets a function a Session calls on every sign-out with its
// reason: nil for SignOut(nil), an error matching ErrRefreshFailed when a
// refresh failed.
func OnSignOut(f func(reason error)) Option {
	if f == nil {
		panic("auth.OnSignOut: nil function")
	}
	return func(c *config) { c.onSignOut = f }
}

// WithLogger sets the logger for refresh and sign-out events (default
// slog.Default()). Tokens are logged only as fingerprints.
func WithLogger(l *slog.Logger) Option {
	if l == nil {
		panic("auth.WithLogger: nil logger")
	}
	return func(c *config) { c.logger = l }
}

func isUnauthorized(err error) bool {
	var se *httpobs.StatusError
	return errors.As(err, &se) && se.StatusCode == http.StatusUnauthorized
}
