package auth_test

// The kit of the hostile tests (hostile_*_test.go): servers written to
// misbehave, in memory, so that every test runs in a testing/synctest
// bubble on virtual time. Each server is an http.Server of the test's own
// handler, served over net.Pipe connections; a host may also refuse its
// connections, as a closed port does.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
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
	get  func(ctx context.Context, s authorizing, n *hostileNet, url, id string) hostileResult
}

// authorizing is what a hostileVia sends through: a Session or an
// Authenticator of one's own.
type authorizing interface {
	Reauth() streams.Operator
	Transport(base http.RoundTripper) *auth.Transport
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
	{"Reauth", func(ctx context.Context, s authorizing, n *hostileNet, url, id string) hostileResult {
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
	{"Transport", func(ctx context.Context, s authorizing, n *hostileNet, url, id string) hostileResult {
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

// hostileFigures is the tally of one hostile scenario, filled from what it
// observed: the requests and what they came to, the calls at the token
// endpoint and the refresh tokens presented there again, and, at its end,
// the goroutines left and the secrets found in its errors and logs.
type hostileFigures struct {
	baseline int // the bubble's goroutines when the scenario began
	forms    []string

	mu        sync.Mutex
	requests  int
	ok        int
	running   int
	hung      int
	errors    map[string]int
	texts     []string // the errors seen, under %v and %+v
	refreshes int
	reuses    int
	spent     map[string]bool // refresh tokens the token endpoint took
}

// hostileCounts are the figures a scenario reports, and expects.
type hostileCounts struct {
	requests, ok                             int
	errors                                   string // "class:count, ..."
	hung, refreshes, reuses, leaked, secrets int
}

// anyCount, as an expected count, is not compared.
const anyCount = -1

// hostileBound is how long a request may run, in virtual time, before it
// counts as hung.
const hostileBound = time.Minute

// newHostileFigures starts the tally of a scenario that knows secrets; it
// is called in the scenario's bubble before anything of it runs.
func newHostileFigures(secrets ...string) *hostileFigures {
	f := &hostileFigures{baseline: bubbleGoroutines(), errors: map[string]int{}, spent: map[string]bool{}}
	f.know(secrets...)
	return f
}

// know adds secrets to those searched for, in every form a server might
// echo them in.
func (f *hostileFigures) know(secrets ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, secret := range secrets {
		quoted, _ := json.Marshal(secret)
		for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret), strings.Trim(string(quoted), `"`)} {
			if !slices.Contains(f.forms, form) {
				f.forms = append(f.forms, form)
			}
		}
	}
}

// get sends one request via via and counts what it came to. A request
// still running after hostileBound counts as hung and fails the test.
func (f *hostileFigures) get(t *testing.T, ctx context.Context, via hostileVia, s *hostileSession, n *hostileNet, url, id string) hostileResult {
	return f.do(t, func() hostileResult { return via.get(ctx, s, n, url, id) })
}

func (f *hostileFigures) do(t *testing.T, send func() hostileResult) hostileResult {
	f.mu.Lock()
	f.running++
	f.mu.Unlock()
	done := make(chan hostileResult, 1)
	go func() { done <- send() }()
	bound := time.NewTimer(hostileBound)
	defer bound.Stop()
	var r hostileResult
	select {
	case r = <-done:
	case <-bound.C:
		f.mu.Lock()
		defer f.mu.Unlock()
		f.requests++
		f.hung++
		t.Errorf("a request still runs after %v", hostileBound)
		return hostileResult{err: errors.New("hung")}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.running--
	f.requests++
	if r.err == nil && r.status/100 == 2 {
		f.ok++
	} else {
		f.errors[errorClass(r)]++
	}
	if r.err != nil {
		f.texts = append(f.texts, fmt.Sprintf("%v\n%+v", r.err, r.err))
	}
	return r
}

// errorClass names what a request that did not succeed came to: the
// errors it matches with errors.Is and errors.As, or the status of an
// answer passed on without an error.
func errorClass(r hostileResult) string {
	if r.err == nil {
		return fmt.Sprintf("status %d", r.status)
	}
	var names []string
	for _, c := range []struct {
		name   string
		target error
	}{
		{"RefreshFailed", auth.ErrRefreshFailed},
		{"SignedOut", auth.ErrSignedOut},
		{"StillUnauthorized", auth.ErrStillUnauthorized},
		{"Unavailable", auth.ErrUnavailable},
		{"Ambiguous", auth.ErrAmbiguous},
		{"InvalidTokenResponse", auth.ErrInvalidTokenResponse},
		{"DeadlineExceeded", context.DeadlineExceeded},
		{"Canceled", context.Canceled},
	} {
		if errors.Is(r.err, c.target) {
			names = append(names, c.name)
		}
	}
	var oe *auth.OAuthError
	var se *httpobs.StatusError
	switch {
	case errors.As(r.err, &oe):
		names = append(names, fmt.Sprintf("OAuthError %d", oe.StatusCode))
	case errors.As(r.err, &se):
		names = append(names, fmt.Sprintf("StatusError %d", se.StatusCode))
	}
	if len(names) == 0 {
		names = append(names, fmt.Sprintf("%T", r.err))
	}
	return strings.Join(names, "+")
}

// tokenEndpoint wraps a token endpoint's handler to count its calls and
// the refresh tokens presented to it again after it took them.
func (f *hostileFigures) tokenEndpoint(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(raw))
		var rt string
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			var fields map[string]any
			json.Unmarshal(raw, &fields)
			rt, _ = fields["refresh_token"].(string)
		} else {
			form, _ := url.ParseQuery(string(raw))
			rt = form.Get("refresh_token")
		}
		f.present(rt)
		rec := &answerRecorder{ResponseWriter: w}
		h(rec, r)
		var answer struct {
			RefreshToken string `json:"refresh_token"`
		}
		json.Unmarshal(rec.body.Bytes(), &answer)
		switch rec.status {
		case http.StatusTooManyRequests, http.StatusServiceUnavailable:
			f.keep(rt)
		case http.StatusOK:
			if answer.RefreshToken == "" || answer.RefreshToken == rt {
				f.keep(rt)
			}
		}
	}
}

// refreshFunc wraps a RefreshFunc as tokenEndpoint wraps a handler.
func (f *hostileFigures) refreshFunc(refresh auth.RefreshFunc) auth.RefreshFunc {
	return func(ctx context.Context, rt auth.Token) (auth.TokenPair, error) {
		f.present(string(rt))
		p, err := refresh(ctx, rt)
		if errors.Is(err, auth.ErrUnavailable) || err == nil && (p.RefreshToken == "" || p.RefreshToken == rt) {
			f.keep(string(rt))
		}
		return p, err
	}
}

// present counts a call presenting rt, and a reuse if rt was taken.
func (f *hostileFigures) present(rt string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refreshes++
	if rt == "" {
		return
	}
	if f.spent[rt] {
		f.reuses++
	}
	f.spent[rt] = true
}

// keep says the answer to rt left it valid: it may be presented again.
func (f *hostileFigures) keep(rt string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.spent, rt)
}

// inspect adds texts to those searched for secrets.
func (f *hostileFigures) inspect(texts ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.texts = append(f.texts, texts...)
}

// report ends the scenario — closes s and n (if any), and waits for the
// bubble to settle — then counts the goroutines left and the secrets in
// the errors and the log, logs the figures in one line, and requires them
// to be want.
func (f *hostileFigures) report(t *testing.T, s *hostileSession, n *hostileNet, want hostileCounts) {
	t.Helper()
	if s != nil {
		require.NoError(t, s.close())
		for _, reason := range s.signedOut() {
			f.inspect(fmt.Sprintf("%v\n%+v", reason, reason))
		}
		st := s.State()
		f.inspect(fmt.Sprintf("%v\n%+v", st.Err, st.Err), s.logs.String())
	}
	if n != nil {
		n.close()
	}
	synctest.Wait()
	got := f.counts()
	got.leaked = bubbleGoroutines() - f.baseline
	t.Logf("figures  scenario=%s  requests=%d ok=%d errors=[%s] hung=%d refreshes=%d reuses=%d leaked=%d secrets=%d",
		t.Name(), got.requests, got.ok, got.errors, got.hung, got.refreshes, got.reuses, got.leaked, got.secrets)
	if want.refreshes == anyCount {
		want.refreshes = got.refreshes
	}
	require.Equal(t, want, got, "figures")
}

func (f *hostileFigures) counts() hostileCounts {
	f.mu.Lock()
	defer f.mu.Unlock()
	var classes []string
	for class, count := range f.errors {
		classes = append(classes, fmt.Sprintf("%s:%d", class, count))
	}
	slices.Sort(classes)
	c := hostileCounts{requests: f.requests, ok: f.ok, errors: strings.Join(classes, ", "),
		hung: f.hung, refreshes: f.refreshes, reuses: f.reuses}
	for _, text := range f.texts {
		for _, form := range f.forms {
			c.secrets += strings.Count(text, form)
		}
	}
	return c
}

// answerRecorder keeps the status and the body of an answer it passes on.
type answerRecorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (a *answerRecorder) WriteHeader(status int) {
	if a.status == 0 {
		a.status = status
	}
	a.ResponseWriter.WriteHeader(status)
}

func (a *answerRecorder) Write(p []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	a.body.Write(p)
	return a.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (a *answerRecorder) Unwrap() http.ResponseWriter { return a.ResponseWriter }
