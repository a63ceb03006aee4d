package bench

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// StormConfig describes one storm: N concurrent requests that start with a
// rejected token.
type StormConfig struct {
	N           int
	Scenario    Scenario
	FailRefresh bool // the token endpoint answers 400 invalid_grant
	// ResourceLatency and TokenLatency are the server's latencies.
	ResourceLatency time.Duration
	TokenLatency    time.Duration
	// Timeout bounds the storm: requests still out then are cancelled
	// and count as failures.
	Timeout time.Duration
	// Around, if set, is called with the function that fires the burst
	// and must call it once: to profile the storm itself, without the
	// set-up around it.
	Around func(fire func()) `json:"-"`
}

func (c StormConfig) check() error {
	switch {
	case c.N < 1:
		return fmt.Errorf("bench: storm of %d requests: N must be at least 1", c.N)
	case c.ResourceLatency < 0 || c.TokenLatency < 0:
		return errors.New("bench: storm: negative latency")
	case c.Timeout <= 0:
		return errors.New("bench: storm: Timeout must be positive")
	}
	return nil
}

// Result is what one storm did.
type Result struct {
	Contender string
	Config    StormConfig

	// What the server saw during the storm.
	RefreshCalls    int64 // requests to the token endpoint
	ReuseDetections int64 // spent refresh tokens presented again
	ResourceCalls   int64
	Rejected        int64 // 401s the resource answered

	// What the requests got.
	Successes int
	Failures  int
	// FirstError is one failure's error, to tell what went wrong.
	FirstError error `json:"-"`

	// Recovery is the wall time from the burst's start until every request
	// had its outcome.
	Recovery time.Duration
	TimedOut bool
	// WarmConns counts the connections the warm-up opened before the
	// storm (N, unless something went wrong), NewConns those opened
	// during the storm.
	WarmConns int64
	NewConns  int64

	// Where the time went, from the burst's start: when the first refresh
	// was sent and when its answer's header arrived (zero if there was no
	// refresh), and when the last resource request was sent.
	RefreshSent     time.Duration
	RefreshAnswered time.Duration
	LastSent        time.Duration
}

// Storm runs one storm: it starts a server on host, opens N keep-alive
// connections to it, builds the contender's client with the starting
// tokens of the scenario, sends N concurrent requests and reports what
// happened. An error means the storm could not be run, not that requests
// failed.
func Storm(ctx context.Context, host Host, c Contender, cfg StormConfig) (Result, error) {
	if err := cfg.check(); err != nil {
		return Result{}, err
	}
	r := Result{Contender: c.Name, Config: cfg}
	var dials atomic.Int64
	tr := NewHTTPTransport(cfg.N+16, &dials)
	defer tr.CloseIdleConnections()
	key := rand.Text() + rand.Text() // 52 characters, over authtest's 32-byte minimum
	srv, err := host.NewServer(ServerConfig{ResourceLatency: cfg.ResourceLatency, TokenLatency: cfg.TokenLatency, SigningKey: []byte(key)})
	if err != nil {
		return r, err
	}
	defer srv.Close()
	tl := &timeline{base: tr}
	raw := &http.Client{Transport: tl}
	if err := warmUp(ctx, srv, raw, cfg.N); err != nil {
		return r, err
	}
	tokens, err := startingTokens(srv, []byte(key), cfg.Scenario)
	if err != nil {
		return r, err
	}
	if cfg.FailRefresh {
		if err := srv.FailRefresh(); err != nil {
			return r, err
		}
	}
	client, err := c.New(Setup{ResourceURL: srv.ResourceURL(), TokenURL: srv.TokenURL(), HTTP: raw, Tokens: tokens})
	if err != nil {
		return r, fmt.Errorf("bench: building %s: %w", c.Name, err)
	}
	defer client.Close()

	before, err := srv.Stats()
	if err != nil {
		return r, err
	}
	stormCtx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	// Nothing may return between preparing the burst and firing it: its
	// goroutines wait for the fire.
	b := prepareBurst(stormCtx, client, cfg.N)
	dialsBefore := dials.Load()
	r.WarmConns = dialsBefore
	var errs []error
	fire := func() {
		start := time.Now()
		tl.arm(start)
		errs = b.fire()
		r.Recovery = time.Since(start)
	}
	if cfg.Around != nil {
		cfg.Around(fire)
	} else {
		fire()
	}
	if errs == nil {
		b.fire() // its goroutines must not be left waiting
		return r, errors.New("bench: StormConfig.Around did not fire the burst")
	}
	r.TimedOut = stormCtx.Err() != nil
	r.NewConns = dials.Load() - dialsBefore
	r.RefreshSent = time.Duration(tl.refreshSent.Load())
	r.RefreshAnswered = time.Duration(tl.refreshAnswered.Load())
	r.LastSent = time.Duration(tl.lastSent.Load())
	after, err := srv.Stats()
	if err != nil {
		return r, err
	}
	r.RefreshCalls = after.RefreshCalls - before.RefreshCalls
	r.ReuseDetections = after.ReuseDetections - before.ReuseDetections
	r.ResourceCalls = after.ResourceCalls - before.ResourceCalls
	r.Rejected = after.ResourceUnauthorized - before.ResourceUnauthorized
	for _, err := range errs {
		if err == nil {
			r.Successes++
			continue
		}
		r.Failures++
		if r.FirstError == nil {
			r.FirstError = err
		}
	}
	return r, nil
}

// warmUpWave is how many connections the warm-up opens at a time, and
// warmUpPause how long it waits between waves, so that the listener's
// backlog never overflows (a dropped SYN costs a second).
const (
	warmUpWave  = 256
	warmUpPause = 5 * time.Millisecond
)

// warmUp opens n keep-alive connections from client to srv: n requests
// without a token, held by the server until all have arrived, so each
// needs a connection of its own.
func warmUp(ctx context.Context, srv Server, client *http.Client, n int) error {
	if err := srv.HoldResource(n); err != nil {
		return err
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		if i > 0 && i%warmUpWave == 0 {
			time.Sleep(warmUpPause)
		}
		wg.Go(func() { errs[i] = getResource(ctx, client, srv.ResourceURL(), "") })
	}
	wg.Wait()
	for _, err := range errs {
		if !isUnauthorized(err) {
			return fmt.Errorf("bench: warm-up request: want a 401, got %v", err)
		}
	}
	return nil
}
