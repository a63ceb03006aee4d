package auth_test

// The kit of the hostile tests (hostile_*_test.go): servers written to
// misbehave, in memory, so that every test runs in a testing/synctest
// bubble on virtual time. Each server is an http.Server of the test's own
// handler, served over net.Pipe connections; a host may also refuse its
// connections, as a closed port does.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// hostileNet is a network of in-memory hosts, each "name:port" served by
// a handler of the test's. Its transport opens a connection per request,
// so that a refused dial is a refused try.
type hostileNet struct {
	mu        sync.Mutex
	hosts     map[string]*hostileHost
	transport *http.Transport
}

type hostileHost struct {
	ln     *memListener
	srv    *http.Server
	refuse func() bool // asked on each dial: true refuses it
}

func newHostileNet(t *testing.T) *hostileNet {
	n := &hostileNet{hosts: map[string]*hostileHost{}}
	n.transport = &http.Transport{DialContext: n.dial, DisableKeepAlives: true}
	t.Cleanup(n.close)
	return n
}

// serve makes addr ("name" for port 80, or "name:port") a host answered
// by h.
func (n *hostileNet) serve(addr string, h http.HandlerFunc) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		addr += ":80"
	}
	host := &hostileHost{ln: newMemListener(), srv: &http.Server{Handler: h}}
	n.mu.Lock()
	n.hosts[addr] = host
	n.mu.Unlock()
	go host.srv.Serve(host.ln)
}

// refuseWhen makes addr's dials ask refuse first, and fail as a closed
// port's do when it says so.
func (n *hostileNet) refuseWhen(addr string, refuse func() bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.hosts[addr+":80"].refuse = refuse
}

func (n *hostileNet) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	n.mu.Lock()
	host := n.hosts[addr]
	n.mu.Unlock()
	if host == nil {
		return nil, &net.DNSError{Err: "no such host", Name: addr, IsNotFound: true}
	}
	if host.refuse != nil && host.refuse() {
		return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}
	return host.ln.dial(ctx)
}

// client is a plain client of the network: no re-authentication.
func (n *hostileNet) client() *http.Client { return &http.Client{Transport: n.transport} }

func (n *hostileNet) close() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, h := range n.hosts {
		h.srv.Close() // cancels the handlers' contexts
	}
	n.transport.CloseIdleConnections()
}

// memListener is a net.Listener of net.Pipe connections.
type memListener struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func newMemListener() *memListener {
	return &memListener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

func (l *memListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *memListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *memListener) Addr() net.Addr { return memAddr{} }

func (l *memListener) dial(ctx context.Context) (net.Conn, error) {
	server, client := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-ctx.Done():
	case <-l.closed:
	}
	server.Close()
	client.Close()
	return nil, &net.OpError{Op: "dial", Net: "pipe", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
}

type memAddr struct{}

func (memAddr) Network() string { return "pipe" }
func (memAddr) String() string  { return "memory" }

// hostileSession is a Session under test, recording what it hands to its
// hooks and what it logs.
type hostileSession struct {
	*auth.Session
	logs     syncBuffer
	mu       sync.Mutex
	signOuts []error
	saved    []auth.TokenPair

	closeOnce sync.Once
	closeErr  error
}

func newHostileSession(t *testing.T, refresh auth.RefreshFunc, opts ...auth.Option) *hostileSession {
	s := &hostileSession{}
	opts = append([]auth.Option{
		auth.WithLogger(capturingLogger(&s.logs)),
		auth.OnSignOut(func(reason error) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.signOuts = append(s.signOuts, reason)
		}),
		auth.OnTokens(func(p auth.TokenPair) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.saved = append(s.saved, p)
		}),
	}, opts...)
	s.Session = auth.NewSession(refresh, opts...)
	t.Cleanup(func() { require.NoError(t, s.close()) })
	return s
}

// close closes the session once, however often called.
func (s *hostileSession) close() error {
	s.closeOnce.Do(func() { s.closeErr = s.Close() })
	return s.closeErr
}

func (s *hostileSession) signIn(t *testing.T, access, refresh string, expiry time.Time) {
	t.Helper()
	require.NoError(t, s.SignIn(auth.TokenPair{AccessToken: auth.Token(access), RefreshToken: auth.Token(refresh), Expiry: expiry}))
}

func (s *hostileSession) signedOut() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]error(nil), s.signOuts...)
}

func (s *hostileSession) savedPairs() []auth.TokenPair {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]auth.TokenPair(nil), s.saved...)
}

// hostileVia is one way to send an authenticated GET: through Reauth or
// through Transport. id goes in the X-Request-Id header of every send, so
// that the server can count a request's sends.
type hostileVia struct {
	name string
	get  func(ctx context.Context, s *hostileSession, n *hostileNet, url, id string) hostileResult
}

// hostileResult is what a request came to: the status of its last answer
// (0 if none), its body, and its error. Through Transport, a non-2xx
// answer is a status and no error.
type hostileResult struct {
	status int
	body   string
	err    error
}

var hostileVias = []hostileVia{
	{"Reauth", func(ctx context.Context, s *hostileSession, n *hostileNet, url, id string) hostileResult {
		src := httpobs.Get(url, httpobs.WithClient(n.client()), httpobs.WithHeader("X-Request-Id", id))
		values, err := streams.Collect(ctx, streams.Pipe(src, s.Reauth()))
		if err != nil {
			var se *httpobs.StatusError
			if errors.As(err, &se) {
				return hostileResult{status: se.StatusCode, body: string(se.Body), err: err}
			}
			return hostileResult{err: err}
		}
		if len(values) != 1 {
			return hostileResult{err: fmt.Errorf("%d values, want 1", len(values))}
		}
		resp := values[0].(*httpobs.Response)
		return hostileResult{status: resp.StatusCode, body: string(resp.Body)}
	}},
	{"Transport", func(ctx context.Context, s *hostileSession, n *hostileNet, url, id string) hostileResult {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return hostileResult{err: err}
		}
		req.Header.Set("X-Request-Id", id)
		resp, err := (&http.Client{Transport: s.Transport(n.transport)}).Do(req)
		if err != nil {
			return hostileResult{err: err}
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return hostileResult{status: resp.StatusCode, body: string(body), err: err}
	}},
}

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// tokenAnswer is a token endpoint's success answer.
func tokenAnswer(w http.ResponseWriter, access, refresh string, expiresIn any) {
	body := map[string]any{"access_token": access, "token_type": "Bearer"}
	if refresh != "" {
		body["refresh_token"] = refresh
	}
	if expiresIn != nil {
		body["expires_in"] = expiresIn
	}
	writeJSON(w, http.StatusOK, body)
}

// resource answers 200 to requests carrying the one token it accepts and
// 401 invalid_token to the others, and counts what it is sent.
type resource struct {
	mu     sync.Mutex
	accept string
	sends  int
}

func (res *resource) accepts(token string) {
	res.mu.Lock()
	defer res.mu.Unlock()
	res.accept = token
}

func (res *resource) sent() int {
	res.mu.Lock()
	defer res.mu.Unlock()
	return res.sends
}

func (res *resource) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	res.mu.Lock()
	res.sends++
	ok := res.accept != "" && r.Header.Get("Authorization") == "Bearer "+res.accept
	res.mu.Unlock()
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	io.WriteString(w, "ok")
}

// within runs f and fails the test if it has not returned after d of
// virtual time: a hang is a failure, not a deadlocked bubble.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s: still running after %v", what, d)
	}
}
