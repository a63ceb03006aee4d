package authtest

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"
)

// Server is a reference OAuth 2.0 server: a token endpoint at POST /token and
// a protected resource at /resource and every path under it. Its methods are
// safe for concurrent use, also while requests are being served.
type Server struct {
	cfg     config
	handler http.Handler

	// mu guards the token records.
	mu       sync.Mutex
	families map[string]*family
	refresh  map[string]*refreshRecord // by refresh token
	access   map[string]*accessRecord  // by jti
	sweepAt  int

	tokenFaults    Faults
	resourceFaults Faults
	stats          counters
	onEvent        atomic.Pointer[func(Event)]

	url    string
	client *http.Client
	stop   func() // shuts down the mode's listener and connections

	// gate guards closing so that inflight.Add never races inflight.Wait.
	gate      sync.Mutex
	closing   bool
	inflight  sync.WaitGroup
	closed    chan struct{}
	closeOnce sync.Once
}

// New starts a Server on a loopback TCP socket (through
// net/http/httptest) and returns it. The caller must call [Server.Close].
// It panics if an option is invalid.
func New(opts ...Option) *Server {
	s := newServer(opts)
	ts := httptest.NewServer(s.handler)
	s.url = ts.URL
	s.client = ts.Client()
	s.stop = ts.Close
	return s
}

// NewInMemory starts a Server that serves over in-memory connections and
// returns it. Only the client from [Server.Client] reaches it; its
// [Server.URL] is http://authtest.invalid, a name that never resolves. As
// nothing in it touches the network, it can run inside a testing/synctest
// bubble, where expiries, latencies and hangs run on virtual time; create and
// close it inside the same bubble. The caller must call [Server.Close].
// It panics if an option is invalid.
func NewInMemory(opts ...Option) *Server {
	s := newServer(opts)
	l := newPipeListener()

	// conns counts connections until their goroutine finishes, so that Close
	// can wait for them: http.Server.Close only closes them. open holds them
	// too, for Close to close one that http.Server.Close missed because it
	// was accepted as Close began.
	var (
		conns  sync.WaitGroup
		openMu sync.Mutex
		open   = make(map[net.Conn]struct{})
	)
	hs := &http.Server{
		Handler: s.handler,
		ConnState: func(c net.Conn, state http.ConnState) {
			switch state {
			case http.StateNew:
				conns.Add(1)
				openMu.Lock()
				open[c] = struct{}{}
				openMu.Unlock()
			case http.StateHijacked, http.StateClosed:
				openMu.Lock()
				delete(open, c)
				openMu.Unlock()
				conns.Done()
			}
		},
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = hs.Serve(l) // always http.ErrServerClosed, after Close
	}()

	tr := &http.Transport{
		DialContext:         l.dial,
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 256,
	}
	s.url = "http://" + inMemoryHost
	s.client = &http.Client{Transport: tr}
	s.stop = func() {
		_ = hs.Close()
		<-served
		// Serve has returned, so no connection is added any more.
		openMu.Lock()
		for c := range open {
			_ = c.Close()
		}
		openMu.Unlock()
		tr.CloseIdleConnections()
		conns.Wait()
	}
	return s
}

func newServer(opts []Option) *Server {
	s := &Server{
		cfg:      defaultConfig(),
		families: make(map[string]*family),
		refresh:  make(map[string]*refreshRecord),
		access:   make(map[string]*accessRecord),
		sweepAt:  minSweep,
		closed:   make(chan struct{}),
	}
	for _, opt := range opts {
		if opt == nil {
			panic("authtest: nil Option")
		}
		opt(&s.cfg)
	}
	if s.cfg.key == nil {
		s.cfg.key = make([]byte, 32)
		_, _ = rand.Read(s.cfg.key) // crypto/rand.Read never fails
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/token", s.serveToken)
	mux.HandleFunc("/resource", s.serveResource)
	mux.HandleFunc("/resource/", s.serveResource)
	s.handler = s.track(mux)
	return s
}

// URL returns the server's base URL, without a trailing slash: the token
// endpoint is URL()+"/token" and the resource URL()+"/resource".
func (s *Server) URL() string { return s.url }

// String names the server by its URL. The server holds tokens and its
// signing key, so no fmt verb prints more than this (see Format).
func (s *Server) String() string { return "authtest.Server(" + s.url + ")" }

// Format writes the server's String form for every verb.
func (s *Server) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue names the server by its URL for log/slog.
func (s *Server) LogValue() slog.Value { return slog.StringValue(s.String()) }

// TokenURL returns the token endpoint's URL.
func (s *Server) TokenURL() string { return s.url + "/token" }

// ResourceURL returns the protected resource's URL.
func (s *Server) ResourceURL() string { return s.url + "/resource" }

// Client returns an HTTP client that reaches the server: for an in-memory
// server, the only one that can. The same client is returned every time;
// [Server.Close] closes its idle connections.
func (s *Server) Client() *http.Client { return s.client }

// Handler returns the server's endpoints as a handler, to be served by a
// server of one's own. It shares the server's tokens, faults, counters and
// events. After [Server.Close] it answers every request 503.
//
// Faults that abort a connection ([Reset], [LostResponse], a [Hang] or
// [SlowBody] cut short) panic with http.ErrAbortHandler, as net/http
// expects; use them through an http.Server, not a ResponseRecorder.
func (s *Server) Handler() http.Handler { return s.handler }

// Close shuts the server down and returns once every handler goroutine,
// and every connection goroutine of the server New or NewInMemory started,
// has ended. Requests
// still waiting on a latency, a [Hang] or a [SlowBody] are cut off: their
// connection is closed without an answer. Close can be called more than once
// and from several goroutines; every call returns after the shutdown.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.gate.Lock()
		s.closing = true
		s.gate.Unlock()
		close(s.closed)
		s.stop()
		s.inflight.Wait()
	})
}

// track counts handler calls in inflight so that Close can wait for them,
// and refuses calls that arrive after Close began.
func (s *Server) track(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.gate.Lock()
		if s.closing {
			s.gate.Unlock()
			w.Header().Set("Connection", "close")
			http.Error(w, "authtest: server closed", http.StatusServiceUnavailable)
			return
		}
		s.inflight.Add(1)
		s.gate.Unlock()
		defer s.inflight.Done()
		next.ServeHTTP(w, r)
	})
}

// pause waits d, and reports false if the request ended or the server closed
// first.
func (s *Server) pause(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closed:
		return false
	}
}

// waitEnd blocks until the request ends or the server closes.
func (s *Server) waitEnd(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-s.closed:
	}
}

func latency(f func() time.Duration) time.Duration {
	if f == nil {
		return 0
	}
	return f()
}
