package authtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// DefaultAccessTTL is how long an access token is accepted unless
// [WithAccessTTL] says otherwise.
const DefaultAccessTTL = time.Minute

// MaxBodyBytes caps the request body the token endpoint reads. A larger body
// is answered 413 with error invalid_request.
const MaxBodyBytes = 64 << 10

// An Option configures a [Server] at construction. Options panic on values
// that cannot work, naming the option and the value, as a bad test set-up is a
// programmer error.
type Option func(*config)

type config struct {
	accessTTL       time.Duration
	refreshTTL      time.Duration
	tokenLatency    func() time.Duration
	resourceLatency func() time.Duration
	clientID        string
	clientSecret    string
	requireClient   bool
	key             []byte
	scopeRules      []scopeRule
	noChallenge     bool
}

// scopeRule requires scope for paths at or under prefix.
type scopeRule struct {
	prefix string
	scope  string
}

func defaultConfig() config {
	return config{accessTTL: DefaultAccessTTL}
}

// WithAccessTTL sets how long an access token is accepted after it is issued
// (default [DefaultAccessTTL]). It panics if ttl is not positive.
func WithAccessTTL(ttl time.Duration) Option {
	if ttl <= 0 {
		panic(fmt.Sprintf("authtest: WithAccessTTL: ttl must be positive, got %v", ttl))
	}
	return func(c *config) { c.accessTTL = ttl }
}

// WithRefreshTTL sets how long a refresh token can be used after it is
// issued. By default refresh tokens do not expire; they end only by being
// used or revoked. An expired refresh token is answered 400 invalid_grant
// and is not reuse. It panics if ttl is not positive.
func WithRefreshTTL(ttl time.Duration) Option {
	if ttl <= 0 {
		panic(fmt.Sprintf("authtest: WithRefreshTTL: ttl must be positive, got %v", ttl))
	}
	return func(c *config) { c.refreshTTL = ttl }
}

// WithTokenLatency delays every answer of the token endpoint by d, whatever
// the answer, injected faults included. It panics if d is negative.
func WithTokenLatency(d time.Duration) Option {
	mustNotBeNegative("WithTokenLatency", d)
	return WithTokenLatencyFunc(func() time.Duration { return d })
}

// WithTokenLatencyFunc delays every answer of the token endpoint by what f
// returns, called once per request from the request's goroutine, so f must
// be safe for concurrent use. Negative durations count as zero. It panics if
// f is nil.
func WithTokenLatencyFunc(f func() time.Duration) Option {
	if f == nil {
		panic("authtest: WithTokenLatencyFunc: nil func")
	}
	return func(c *config) { c.tokenLatency = f }
}

// WithResourceLatency delays every answer of the protected resource by d.
// It panics if d is negative.
func WithResourceLatency(d time.Duration) Option {
	mustNotBeNegative("WithResourceLatency", d)
	return WithResourceLatencyFunc(func() time.Duration { return d })
}

// WithResourceLatencyFunc delays every answer of the protected resource by
// what f returns, called once per request from the request's goroutine, so f
// must be safe for concurrent use. Negative durations count as zero. It
// panics if f is nil.
func WithResourceLatencyFunc(f func() time.Duration) Option {
	if f == nil {
		panic("authtest: WithResourceLatencyFunc: nil func")
	}
	return func(c *config) { c.resourceLatency = f }
}

// UniformLatency returns a latency func for [WithTokenLatencyFunc] or
// [WithResourceLatencyFunc] drawing durations uniformly from [min, max).
// It is safe for concurrent use. It panics if min is negative or max is not
// greater than min.
func UniformLatency(min, max time.Duration) func() time.Duration {
	if min < 0 || max <= min {
		panic(fmt.Sprintf("authtest: UniformLatency: need 0 <= min < max, got min %v, max %v", min, max))
	}
	return func() time.Duration { return min + rand.N(max-min) }
}

// WithClientCredentials makes the token endpoint require client
// authentication (RFC 6749 §2.3.1) with this client id and secret, given
// either with HTTP Basic authentication or as client_id and client_secret in
// the body, but not both. A missing or wrong credential is answered 401
// invalid_client. It panics if id is empty.
func WithClientCredentials(id, secret string) Option {
	if id == "" {
		panic("authtest: WithClientCredentials: empty client id")
	}
	return func(c *config) {
		c.clientID, c.clientSecret, c.requireClient = id, secret, true
	}
}

// WithSigningKey sets the HMAC key that signs and verifies access tokens,
// instead of a random one per server, so that a test can forge tokens the
// server would accept the signature of. It panics if key is shorter than 32
// bytes. The key is copied.
func WithSigningKey(key []byte) Option {
	if len(key) < 32 {
		panic(fmt.Sprintf("authtest: WithSigningKey: key must be at least 32 bytes, got %d", len(key)))
	}
	k := append([]byte(nil), key...)
	return func(c *config) { c.key = k }
}

// WithRequiredScope makes requests for pathPrefix, or any path under it,
// need scope among the access token's scopes (see [Server.SignIn]); a valid
// token without it is answered 403 with WWW-Authenticate error
// "insufficient_scope" (RFC 6750 §3.1). The option can be given several times;
// a path must satisfy every rule that covers it. It panics if pathPrefix is
// not /resource or a path under it, or if scope is not a valid scope token.
func WithRequiredScope(pathPrefix, scope string) Option {
	prefix := strings.TrimSuffix(pathPrefix, "/")
	if prefix != "/resource" && !strings.HasPrefix(prefix, "/resource/") {
		panic(fmt.Sprintf("authtest: WithRequiredScope: path prefix %q is not under /resource", pathPrefix))
	}
	if err := checkScope(scope); err != nil {
		panic("authtest: WithRequiredScope: " + err.Error())
	}
	return func(c *config) { c.scopeRules = append(c.scopeRules, scopeRule{prefix: prefix, scope: scope}) }
}

// WithoutWWWAuthenticate makes the protected resource answer 401 and 403
// without a WWW-Authenticate header, as some servers do, so that a client's
// handling of a bare 401 can be tested.
func WithoutWWWAuthenticate() Option {
	return func(c *config) { c.noChallenge = true }
}

func mustNotBeNegative(option string, d time.Duration) {
	if d < 0 {
		panic(fmt.Sprintf("authtest: %s: duration must not be negative, got %v", option, d))
	}
}

// checkScope reports whether s is a scope-token of RFC 6749 §3.3.
func checkScope(s string) error {
	if s == "" {
		return fmt.Errorf("empty scope")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x21 || c == '"' || c == '\\' || c > 0x7e {
			return fmt.Errorf("scope %q has a character not allowed in a scope at byte %d", s, i)
		}
	}
	return nil
}
