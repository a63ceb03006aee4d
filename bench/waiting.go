package bench

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/rxepic/rxepic/auth/authtest"
)

// WaitingConfig describes a measure of what waiting requests cost.
type WaitingConfig struct {
	N        int
	Scenario Scenario
	// ResourceLatency is the resource's latency; TokenLatency must be long
	// enough for all N requests to reach their wait, and be measured,
	// before the refresh answers.
	ResourceLatency time.Duration
	TokenLatency    time.Duration
	// HeapProfile, if set, receives a heap profile taken while the
	// requests wait, to tell what their memory is.
	HeapProfile io.Writer `json:"-"`
}

// WaitingResult is what N requests waiting for one refresh cost the
// client's process, beyond what it had before they started: the
// transport's warm connections and their goroutines were already there.
type WaitingResult struct {
	Contender string
	Config    WaitingConfig
	// Goroutines counts goroutines beyond the N callers' own, per waiter.
	Goroutines float64
	// Heap is live heap bytes per waiter, after a collection.
	Heap float64
	// Stack is goroutine stack bytes per waiter, the callers' own stacks
	// included: a caller is the request, and its stack is what it costs
	// to wait on it.
	Stack float64
	// Successes counts the requests that succeeded once the refresh
	// answered.
	Successes int
}

// settle is how long the goroutine count must hold still for the requests
// to be taken as all waiting.
const settle = 200 * time.Millisecond

// MeasureWaiting sends N requests that must all wait for one slow refresh,
// and measures goroutines and memory while they wait. The server must run
// in another process (a RemoteHost) for the figures to be the client's
// alone.
func MeasureWaiting(ctx context.Context, host Host, c Contender, cfg WaitingConfig) (WaitingResult, error) {
	res := WaitingResult{Contender: c.Name, Config: cfg}
	if cfg.N < 1 {
		return res, fmt.Errorf("bench: waiting measure of %d requests: N must be at least 1", cfg.N)
	}
	tr := NewHTTPTransport(cfg.N+16, nil)
	defer tr.CloseIdleConnections()
	key := rand.Text() + rand.Text()
	srv, err := host.NewServer(ServerConfig{ResourceLatency: cfg.ResourceLatency, TokenLatency: cfg.TokenLatency, SigningKey: []byte(key)})
	if err != nil {
		return res, err
	}
	defer srv.Close()
	raw := &http.Client{Transport: tr}
	if err := warmUp(ctx, srv, raw, cfg.N); err != nil {
		return res, err
	}
	tokens, err := startingTokens(srv, []byte(key), cfg.Scenario)
	if err != nil {
		return res, err
	}
	client, err := c.New(Setup{ResourceURL: srv.ResourceURL(), TokenURL: srv.TokenURL(), HTTP: raw, Tokens: tokens})
	if err != nil {
		return res, fmt.Errorf("bench: building %s: %w", c.Name, err)
	}
	defer client.Close()
	before, err := srv.Stats()
	if err != nil {
		return res, err
	}

	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	g0 := runtime.NumGoroutine()

	errs := make([]error, cfg.N)
	var wg sync.WaitGroup
	for i := range cfg.N {
		wg.Go(func() { errs[i] = client.Get(ctx) })
	}
	waitErr := waitUntilWaiting(ctx, srv, before, g0+cfg.N)
	runtime.GC()
	runtime.ReadMemStats(&m1)
	g1 := runtime.NumGoroutine()
	var profErr error
	if cfg.HeapProfile != nil {
		profErr = pprof.Lookup("heap").WriteTo(cfg.HeapProfile, 0)
	}
	during, statsErr := srv.Stats()
	wg.Wait()
	if waitErr != nil {
		return res, waitErr
	}
	if statsErr != nil {
		return res, statsErr
	}
	if profErr != nil {
		return res, profErr
	}
	if during.Refreshes != before.Refreshes || during.RefreshDenied != before.RefreshDenied {
		return res, fmt.Errorf("bench: %s: the refresh answered before the waiters were measured; make TokenLatency longer", c.Name)
	}
	n := float64(cfg.N)
	res.Goroutines = float64(g1-g0-cfg.N) / n
	res.Heap = (float64(m1.HeapAlloc) - float64(m0.HeapAlloc)) / n
	res.Stack = (float64(m1.StackInuse) - float64(m0.StackInuse)) / n
	for _, err := range errs {
		if err == nil {
			res.Successes++
		}
	}
	return res, nil
}

// waitUntilWaiting returns once a refresh call has reached the server and
// the goroutine count, at least want, has held still for settle.
func waitUntilWaiting(ctx context.Context, srv Server, before authtest.Stats, want int) error {
	deadline := time.Now().Add(time.Minute)
	last, still := -1, time.Now()
	for {
		st, err := srv.Stats()
		if err != nil {
			return err
		}
		if g := runtime.NumGoroutine(); g != last {
			last, still = g, time.Now()
		}
		if st.RefreshCalls > before.RefreshCalls && last >= want && time.Since(still) >= settle {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("bench: requests not all waiting after a minute: %d goroutines, want %d; %d refresh calls",
				last, want, st.RefreshCalls-before.RefreshCalls)
		}
		t := time.NewTimer(20 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
