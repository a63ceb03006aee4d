package bench

import (
	"errors"
	"sync"
	"time"

	"github.com/rxepic/rxepic/auth/authtest"
)

// ServerConfig describes one authtest server of a storm.
type ServerConfig struct {
	// ResourceLatency and TokenLatency delay every answer of the
	// protected resource and of the token endpoint.
	ResourceLatency time.Duration
	TokenLatency    time.Duration
	// SigningKey signs the access tokens (at least 32 bytes), so that the
	// storm can make an expired one the server will recognise as its own.
	SigningKey []byte
}

// accessTTL is how long the servers' access tokens live: longer than any
// storm, so that only the tokens a storm rejects on purpose are rejected.
const accessTTL = 10 * time.Minute

// A Server is an authtest server that a storm runs against, in this
// process or in another. Its methods are safe for concurrent use.
type Server interface {
	ResourceURL() string
	TokenURL() string
	// SignIn starts a token family and returns its first pair.
	SignIn() (authtest.TokenPair, error)
	// RevokeAccessToken makes the resource refuse token before it expires.
	RevokeAccessToken(token string) error
	// FailRefresh makes the token endpoint answer every call from now on
	// 400 invalid_grant.
	FailRefresh() error
	// HoldResource makes the next n resource requests wait for each
	// other: none is answered before all n have arrived. A burst of n
	// requests through it opens n connections.
	HoldResource(n int) error
	Stats() (authtest.Stats, error)
	Close() error
}

// A Host starts servers.
type Host interface {
	NewServer(ServerConfig) (Server, error)
	Close() error
}

// LocalHost starts servers in this process.
type LocalHost struct{}

// NewServer starts an authtest server on a loopback socket.
func (LocalHost) NewServer(cfg ServerConfig) (Server, error) {
	return newLocalServer(cfg), nil
}

// Close does nothing: every server is closed on its own.
func (LocalHost) Close() error { return nil }

type localServer struct {
	srv  *authtest.Server
	hold *holdLatency
}

func newLocalServer(cfg ServerConfig) *localServer {
	hold := &holdLatency{fixed: cfg.ResourceLatency, stop: make(chan struct{})}
	srv := authtest.New(
		authtest.WithResourceLatencyFunc(hold.latency),
		authtest.WithTokenLatency(cfg.TokenLatency),
		authtest.WithSigningKey(cfg.SigningKey),
		authtest.WithAccessTTL(accessTTL),
	)
	return &localServer{srv: srv, hold: hold}
}

func (s *localServer) ResourceURL() string { return s.srv.ResourceURL() }
func (s *localServer) TokenURL() string    { return s.srv.TokenURL() }

func (s *localServer) SignIn() (authtest.TokenPair, error) { return s.srv.SignIn("bench"), nil }

func (s *localServer) RevokeAccessToken(token string) error { return s.srv.RevokeAccessToken(token) }

func (s *localServer) FailRefresh() error {
	s.srv.TokenFaults().Always(authtest.OAuthError(400, "invalid_grant", ""))
	return nil
}

func (s *localServer) HoldResource(n int) error { return s.hold.holdNext(n) }

func (s *localServer) Stats() (authtest.Stats, error) { return s.srv.Stats(), nil }

func (s *localServer) Close() error {
	s.hold.stopOnce.Do(func() { close(s.hold.stop) })
	s.srv.Close()
	return nil
}

// holdTimeout bounds how long a held request waits for the others, in case
// fewer arrive than announced.
const holdTimeout = 30 * time.Second

// holdLatency is the resource's latency function: a fixed latency, except
// for the requests of a hold, which wait for each other instead.
type holdLatency struct {
	fixed    time.Duration
	stop     chan struct{} // closed when the server closes
	stopOnce sync.Once

	mu      sync.Mutex
	want    int           // requests of the current hold still to arrive
	arrived chan struct{} // closed when they all have
}

func (h *holdLatency) holdNext(n int) error {
	if n < 1 {
		return errors.New("bench: HoldResource: n must be at least 1")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.want > 0 {
		return errors.New("bench: HoldResource: a hold is already under way")
	}
	h.want, h.arrived = n, make(chan struct{})
	return nil
}

func (h *holdLatency) latency() time.Duration {
	h.mu.Lock()
	if h.want == 0 {
		h.mu.Unlock()
		return h.fixed
	}
	arrived := h.arrived
	if h.want--; h.want == 0 {
		close(arrived)
	}
	h.mu.Unlock()
	t := time.NewTimer(holdTimeout)
	defer t.Stop()
	select {
	case <-arrived:
	case <-t.C:
	case <-h.stop:
	}
	return 0
}
