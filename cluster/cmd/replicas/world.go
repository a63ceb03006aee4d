package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/cluster/embedded"
	"github.com/rxepic/rxepic/cluster/family"
	"github.com/rxepic/rxepic/streams"
)

const (
	bucket     = "demo"
	demoFamily = "svc"
)

// world is the NATS server, the auth server and the replicas.
type world struct {
	ns       *embedded.Server
	srv      *authtest.Server
	slow     atomic.Int64 // the token endpoint's latency for its next call, in ns
	key      []byte       // the replicas' shared key for the tokens at rest
	logger   *slog.Logger
	replicas []*replica
	// onCall, when set, is told of a replica about to call the token
	// endpoint.
	onCall atomic.Pointer[func(*replica)]
	wg     sync.WaitGroup // what onCall starts
}

func newWorld(ctx context.Context, logger *slog.Logger) (*world, error) {
	ns, err := embedded.Start(embedded.Options{})
	if err != nil {
		return nil, err
	}
	w := &world{ns: ns, logger: logger, key: make([]byte, 32)}
	rand.Read(w.key)
	w.srv = authtest.New(authtest.WithTokenLatencyFunc(func() time.Duration {
		return time.Duration(w.slow.Swap(0))
	}))
	return w, nil
}

func (w *world) close() {
	w.wg.Wait()
	for _, r := range w.replicas {
		r.close()
	}
	w.srv.Close()
	w.ns.Shutdown()
}

// replica is one replica of the service. die ends it as its process
// dying would: its NATS connection closes, and its requests and its call
// of the token endpoint are cut off.
type replica struct {
	id      string
	nc      *nats.Conn
	session *family.Session
	base    *http.Transport
	client  *http.Client
	life    context.Context
	die     context.CancelFunc
	dead    atomic.Bool
}

func (w *world) join(ctx context.Context, ids ...string) error {
	for _, id := range ids {
		r, err := w.startIn(ctx, demoFamily, id)
		if err != nil {
			return err
		}
		w.replicas = append(w.replicas, r)
	}
	return nil
}

// startIn starts replica id of the family fam.
func (w *world) startIn(ctx context.Context, fam, id string) (*replica, error) {
	nc, err := nats.Connect(w.ns.URL())
	if err != nil {
		return nil, err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	life, die := context.WithCancel(context.Background())
	r := &replica{id: id, nc: nc, life: life, die: die, base: &http.Transport{MaxConnsPerHost: 64}}
	oauth := auth.OAuth2Refresh(w.srv.TokenURL())
	refresh := func(ctx context.Context, token auth.Token) (auth.TokenPair, error) {
		if f := w.onCall.Load(); f != nil {
			(*f)(r)
		}
		ctx, stop := context.WithCancel(ctx)
		defer stop()
		defer context.AfterFunc(life, stop)()
		return oauth(ctx, token)
	}
	r.session, err = family.NewSession(ctx, js, fam, refresh,
		family.WithBucket(bucket), family.WithReplicaID(id), family.WithKey(w.key),
		family.WithLeaseTTL(time.Second), family.WithRefreshTimeout(5*time.Second),
		family.WithLogger(w.logger))
	if err != nil {
		die()
		nc.Close()
		return nil, err
	}
	r.client = &http.Client{Transport: r.session.Transport(r.base)}
	return r, nil
}

// kill ends the replica: its connection first, so that nothing it does
// after reaches NATS.
func (r *replica) kill() {
	r.dead.Store(true)
	r.nc.Close()
	r.die()
}

func (r *replica) close() {
	r.session.Close()
	r.die()
	r.nc.Close()
	r.base.CloseIdleConnections()
}

// signIn starts a new token family on the auth server and signs the
// replicas in with its first pair, already expired as far as they know,
// so that their next requests need a refresh.
func (w *world) signIn(ctx context.Context) error {
	return w.signInWith(ctx, expired(w.srv.SignIn("alice")))
}

// expired is p as the replicas take it: expired a second ago.
func expired(p authtest.TokenPair) auth.TokenPair {
	return auth.TokenPair{
		AccessToken:  auth.Token(p.AccessToken),
		RefreshToken: auth.Token(p.RefreshToken),
		Expiry:       time.Now().Add(-time.Second),
		Issued:       time.Now().Add(-time.Minute),
	}
}

func (w *world) signInWith(ctx context.Context, pair auth.TokenPair) error {
	if err := w.replicas[0].session.SignIn(ctx, pair); err != nil {
		return err
	}
	for _, r := range w.replicas {
		if err := waitFor(ctx, r.session, func(s auth.State) bool { return s.AccessToken == pair.AccessToken }); err != nil {
			return fmt.Errorf("replica %s never took the sign-in: %w", r.id, err)
		}
	}
	return nil
}

// waitFor waits until s's state satisfies ok, for at most 10 s.
func waitFor(ctx context.Context, s *family.Session, ok func(auth.State) bool) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err := streams.Collect(ctx, streams.Pipe(s.States(), streams.Filter(ok), streams.Take(1)))
	return err
}
