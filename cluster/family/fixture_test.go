package family_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/cluster/embedded"
	"github.com/rxepic/rxepic/cluster/family"
	"github.com/rxepic/rxepic/streams"
)

// within bounds every wait of a test.
const within = 30 * time.Second

func startServer(t *testing.T) *embedded.Server {
	t.Helper()
	s, err := embedded.Start(embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

// connect returns a connection of its own, as a replica's process has,
// which reconnects quickly when its server comes back.
func connect(t *testing.T, url string) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := nats.Connect(url, nats.MaxReconnects(-1), nats.ReconnectWait(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return nc, js
}

// presentations counts how often each refresh token reaches the token
// endpoint: a token presented twice is what the family must avoid.
type presentations struct {
	mu     sync.Mutex
	counts map[auth.Token]int
}

func (p *presentations) wrap(refresh auth.RefreshFunc) auth.RefreshFunc {
	return func(ctx context.Context, token auth.Token) (auth.TokenPair, error) {
		p.mu.Lock()
		if p.counts == nil {
			p.counts = map[auth.Token]int{}
		}
		p.counts[token]++
		p.mu.Unlock()
		return refresh(ctx, token)
	}
}

// twice returns how many refresh tokens were presented more than once.
func (p *presentations) twice() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, c := range p.counts {
		if c > 1 {
			n++
		}
	}
	return n
}

// world is an auth server and the replicas of one family.
type world struct {
	t        *testing.T
	srv      *authtest.Server
	seen     presentations
	replicas []*family.Session
	conns    []*nats.Conn
	// lives ends with a replica's process, taking its requests along.
	lives []context.Context
	kills []context.CancelFunc
}

func newWorld(t *testing.T, opts ...authtest.Option) *world {
	srv := authtest.New(opts...)
	t.Cleanup(srv.Close)
	return &world{t: t, srv: srv}
}

// join starts a replica on a connection of its own to url.
func (w *world) join(url, id string, opts ...family.Option) *family.Session {
	w.t.Helper()
	nc, js := connect(w.t, url)
	life, kill := context.WithCancel(w.t.Context())
	refresh := w.seen.wrap(auth.OAuth2Refresh(w.srv.TokenURL()))
	alive := func(ctx context.Context, token auth.Token) (auth.TokenPair, error) {
		if life.Err() != nil {
			return auth.TokenPair{}, errors.New("a dead replica calls no endpoint")
		}
		return refresh(ctx, token)
	}
	opts = append([]family.Option{family.WithReplicaID(id), family.WithBucket("test"), family.WithLogger(slog.New(slog.DiscardHandler))}, opts...)
	s, err := family.NewSession(w.t.Context(), js, "svc", alive, opts...)
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { s.Close() })
	w.replicas = append(w.replicas, s)
	w.conns = append(w.conns, nc)
	w.lives, w.kills = append(w.lives, life), append(w.kills, kill)
	return s
}

// crash kills replica i as its process dying would: its NATS connection
// closes, its requests end, it calls no endpoint, and the caller, a
// refresh of the replica's, stops until the test ends.
func (w *world) crash(i int) {
	w.conns[i].Close()
	w.kills[i]()
	<-w.t.Context().Done()
}

func (w *world) index(s *family.Session) int {
	for i, r := range w.replicas {
		if r == s {
			return i
		}
	}
	panic("not a replica of this world")
}

// signIn signs the family in through s with a pair whose access token is
// already expired as far as the replicas know, so that the next request
// on every replica needs a refresh.
func (w *world) signIn(s *family.Session) auth.TokenPair {
	w.t.Helper()
	p := w.srv.SignIn("alice")
	pair := auth.TokenPair{
		AccessToken:  auth.Token(p.AccessToken),
		RefreshToken: auth.Token(p.RefreshToken),
		Expiry:       time.Now().Add(-time.Second),
		Issued:       time.Now().Add(-time.Minute),
	}
	if err := s.SignIn(w.t.Context(), pair); err != nil {
		w.t.Fatal(err)
	}
	for _, r := range w.replicas {
		waitState(w.t, r, func(st auth.State) bool { return st.AccessToken == pair.AccessToken })
	}
	return pair
}

// waitState waits until s's state satisfies ok.
func waitState(t *testing.T, s *family.Session, ok func(auth.State) bool) auth.State {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), within)
	defer cancel()
	v, err := streams.Collect(ctx, streams.Pipe(s.States(), streams.Filter(ok), streams.Take(1)))
	if err != nil || len(v) != 1 {
		t.Fatalf("%v: the state never came: %v (now %+v)", s, err, s.State())
	}
	return v[0].(auth.State)
}

// answers tallies what a storm's requests got.
type answers struct {
	ctx  context.Context
	ok   atomic.Int64
	errs []error
	mu   sync.Mutex
}

func (a *answers) add(err error) {
	if err == nil {
		a.ok.Add(1)
		return
	}
	a.mu.Lock()
	a.errs = append(a.errs, err)
	a.mu.Unlock()
}

// first returns a few of the errors, for a failure's message.
func (a *answers) first() []error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.errs[:min(len(a.errs), 3)]
}

func (a *answers) all(match func(error) bool) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, err := range a.errs {
		if !match(err) {
			return false
		}
	}
	return true
}

// storm sends n concurrent requests to the protected resource through
// each replica given and waits for every answer: what each replica's
// requests got, in the order given.
func (w *world) storm(n int, replicas ...*family.Session) []*answers {
	w.t.Helper()
	got := make([]*answers, len(replicas))
	var wg sync.WaitGroup
	for i, r := range replicas {
		ctx, cancel := context.WithTimeout(w.lives[w.index(r)], within)
		defer cancel()
		got[i] = &answers{ctx: ctx}
		base := &http.Transport{MaxConnsPerHost: 16}
		defer base.CloseIdleConnections()
		client := &http.Client{Transport: r.Transport(base)}
		for range n {
			wg.Go(func() { got[i].add(get(ctx, client, w.srv.ResourceURL())) })
		}
	}
	wg.Wait()
	for _, a := range got {
		if errors.Is(a.ctx.Err(), context.DeadlineExceeded) {
			w.t.Fatalf("a request got no answer within %v", within)
		}
	}
	return got
}

func get(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}
