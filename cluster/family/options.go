package family

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"github.com/rxepic/rxepic/auth"
)

// Option configures NewSession. An option given a value it cannot take
// makes NewSession return an error naming it.
type Option func(*config) error

type config struct {
	bucket         string
	replicas       int
	leaseTTL       time.Duration
	refreshTimeout time.Duration
	key            []byte
	logger         *slog.Logger
	replica        string
	authOpts       []auth.Option
	hook           func(step) // tests only: called at each step of a refresh
}

const (
	// DefaultBucket is the KV bucket of the families unless WithBucket says.
	DefaultBucket = "rxepic_auth"
	// DefaultLeaseTTL is how long a lease lives unless WithLeaseTTL says.
	DefaultLeaseTTL = 10 * time.Second
	// DefaultRefreshTimeout bounds each refresh unless WithRefreshTimeout says.
	DefaultRefreshTimeout = 30 * time.Second
)

var (
	validName   = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	validBucket = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

func newConfig(opts []Option) (config, error) {
	c := config{
		bucket:         DefaultBucket,
		replicas:       1,
		leaseTTL:       DefaultLeaseTTL,
		refreshTimeout: DefaultRefreshTimeout,
		logger:         slog.Default(),
	}
	for i, o := range opts {
		if o == nil {
			return config{}, fmt.Errorf("family: nil option at index %d", i)
		}
		if err := o(&c); err != nil {
			return config{}, err
		}
	}
	if c.replica == "" {
		var b [6]byte
		rand.Read(b[:])
		c.replica = hex.EncodeToString(b[:])
	}
	return c, nil
}

// WithBucket sets the KV bucket that holds the families (default
// DefaultBucket): letters, digits, dashes and underscores.
func WithBucket(name string) Option {
	return func(c *config) error {
		if !validBucket.MatchString(name) {
			return fmt.Errorf("family.WithBucket: %q is not a valid bucket name", name)
		}
		c.bucket = name
		return nil
	}
}

// WithReplicas sets how many servers keep the bucket when NewSession
// creates it (default 1; 3 or 5 on a cluster). An existing bucket is used
// as it is.
func WithReplicas(n int) Option {
	return func(c *config) error {
		if n < 1 || n > 5 {
			return fmt.Errorf("family.WithReplicas: %d, want 1 to 5", n)
		}
		c.replicas = n
		return nil
	}
}

// WithLeaseTTL sets how long the lease of a refreshing replica lives
// (default 10 s, at least 1 s): a replica that dies holding it is taken
// over once it expires. The holder spends at most three quarters of it on
// the token endpoint and the rest writing the result, so the lease
// outlives a live holder's work.
func WithLeaseTTL(d time.Duration) Option {
	return func(c *config) error {
		if d < time.Second {
			return fmt.Errorf("family.WithLeaseTTL: %v, want at least 1s", d)
		}
		c.leaseTTL = d
		return nil
	}
}

// WithRefreshTimeout bounds each refresh a replica asks for (default
// 30 s), waiting for another replica's included: a request waiting for it
// then fails with auth.ErrRefreshFailed and auth.ErrUnavailable, and the
// session stays signed in. d must be positive.
func WithRefreshTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("family.WithRefreshTimeout: %v, want > 0", d)
		}
		c.refreshTimeout = d
		return nil
	}
}

// WithKey encrypts the tokens at rest with AES-256-GCM under key, which
// must be 32 bytes and the same on every replica of the family. Without
// it the tokens are stored in the clear, readable by anyone who can read
// the bucket. The key is copied.
func WithKey(key []byte) Option {
	return func(c *config) error {
		if len(key) != 32 {
			return fmt.Errorf("family.WithKey: a %d-byte key, want 32", len(key))
		}
		c.key = append([]byte(nil), key...)
		return nil
	}
}

// WithLogger sets the logger (default slog.Default()): Debug on the happy
// path, Warn when a refresh fails or NATS cannot be reached. Tokens are
// logged only as fingerprints.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return fmt.Errorf("family.WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithReplicaID names this replica in the family's record and the logs
// (default: random): letters, digits, dashes and underscores.
func WithReplicaID(id string) Option {
	return func(c *config) error {
		if !validName.MatchString(id) {
			return fmt.Errorf("family.WithReplicaID: %q, want letters, digits, - and _", id)
		}
		c.replica = id
		return nil
	}
}

// WithAuthOptions passes options to the auth.Session underneath (expiry
// margin, reauth limit, OnSignOut…). auth.OnTokens is not called: the
// family's record is where the tokens are kept.
func WithAuthOptions(opts ...auth.Option) Option {
	return func(c *config) error {
		for i, o := range opts {
			if o == nil {
				return fmt.Errorf("family.WithAuthOptions: nil option at index %d", i)
			}
		}
		c.authOpts = append(c.authOpts, opts...)
		return nil
	}
}
