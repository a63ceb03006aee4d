package family

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

// Session is one replica's member of a token family: an auth.Session
// whose refreshes are made once per family generation across every
// replica of the family, and whose sign-ins and sign-outs are the
// family's. It is safe for concurrent use. Close it when done.
type Session struct {
	r      *replica
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// replica is what a Session's goroutines share.
type replica struct {
	name    string
	cfg     config
	b       *bucket
	refresh auth.RefreshFunc
	log     *slog.Logger
	poll    time.Duration // how often an ask waiting on others reads again
	session *auth.Session
	gens    generations
	changes *changes
	asks    *mailbox
}

// NewSession joins the replica to the family name (letters, digits, - and
// _) in the KV bucket of js, creating the bucket if needed, and returns a
// session signed in with the family's tokens if it has any. refresh is
// called raw, by one replica at a time for the whole family. ctx bounds
// the setup only. An error means the bucket could not be bound or the
// options are wrong.
func NewSession(ctx context.Context, js jetstream.JetStream, name string, refresh auth.RefreshFunc, opts ...Option) (*Session, error) {
	if js == nil || refresh == nil {
		return nil, fmt.Errorf("family.NewSession: nil JetStream or refresh function")
	}
	if !validName.MatchString(name) {
		return nil, fmt.Errorf("family.NewSession: %q is not a valid family name: letters, digits, - and _", name)
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	codec, err := newSealer(cfg.key, name)
	if err != nil {
		return nil, err
	}
	kv, err := openBucket(ctx, js, cfg)
	if err != nil {
		return nil, err
	}
	r := &replica{
		name:    name,
		cfg:     cfg,
		b:       newBucket(js, kv, name, codec, cfg.leaseTTL),
		refresh: refresh,
		log:     cfg.logger.With("replica", cfg.replica),
		poll:    min(max(cfg.leaseTTL/4, 50*time.Millisecond), time.Second),
		changes: newChanges(),
		asks:    newMailbox(),
	}
	cur, err := r.b.read(ctx)
	if err != nil {
		return nil, fmt.Errorf("family: reading the family's record: %w", err)
	}
	authOpts := append([]auth.Option{auth.WithRefreshTimeout(cfg.refreshTimeout), auth.WithLogger(cfg.logger)}, cfg.authOpts...)
	r.session = auth.NewSessionWith(r.epic(), authOpts...)
	if cur.hasTokens() {
		r.gens.note(cur.tokens.AccessToken, cur.gen)
		if err := r.session.SignIn(cur.tokens); err != nil {
			r.session.Close()
			return nil, err
		}
	}
	life, cancel := context.WithCancel(context.Background())
	s := &Session{r: r, cancel: cancel}
	s.wg.Add(2)
	go func() { defer s.wg.Done(); r.watch(life) }()
	go func() { defer s.wg.Done(); r.work(life) }()
	return s, nil
}

// epic hands the local asks to the worker: the refresher of the
// auth.Session underneath, which emits nothing itself.
func (r *replica) epic() epics.Epic[auth.State, struct{}] {
	return epics.Named("family.Refresher", func(actions rxgo.Observable, _ *epics.StateObservable[auth.State], _ struct{}) rxgo.Observable {
		return streams.Pipe(actions, streams.OfType[auth.RefreshRequested](), streams.Filter(func(a auth.RefreshRequested) bool {
			r.asks.put(a)
			return false
		}))
	})
}

// work answers the local asks one at a time, until ctx ends; an ask for a
// token replaced meanwhile, or answered already, is dropped.
func (r *replica) work(ctx context.Context) {
	var answered struct{ gen, attempt uint64 }
	for {
		req, ok := r.asks.take(ctx)
		if !ok {
			return
		}
		s := r.session.State()
		key := struct{ gen, attempt uint64 }{s.Generation, s.Attempt}
		if s.Status != auth.StatusRefreshing || s.Generation != req.Generation || key == answered {
			continue
		}
		answered = key
		r.dispatch(r.answer(ctx, s))
	}
}

func (r *replica) dispatch(action any) {
	if err := r.session.Store().Dispatch(action); err != nil {
		r.log.Debug("family: the session is closed; dropping an action", "error", err.Error())
	}
}

// release deletes the lease taken at rev, if it is still that one; an
// error leaves it to expire.
func (r *replica) release(rev uint64) {
	ctx, cancel := context.WithTimeout(context.Background(), r.cfg.leaseTTL)
	defer cancel()
	if err := r.b.releaseLease(ctx, rev); err != nil {
		r.log.Debug("family: releasing the lease failed; it expires on its own", "family", r.name, "error", err.Error())
	}
}

func (r *replica) hook(at step) {
	if r.cfg.hook != nil {
		r.cfg.hook(at)
	}
}

// Reauth is the auth.Session's Reauth: the operator that makes a request
// observable survive token expiry, with the family's refresh.
func (s *Session) Reauth() streams.Operator { return s.r.session.Reauth() }

// Transport is the auth.Session's Transport, sending through base
// (http.DefaultTransport if nil).
func (s *Session) Transport(base http.RoundTripper) *auth.Transport {
	return s.r.session.Transport(base)
}

// Authenticator returns the auth.Session's Authenticator.
func (s *Session) Authenticator() *auth.Authenticator { return s.r.session.Authenticator() }

// State returns this replica's auth state; its Generation is a local
// counter, not the family's.
func (s *Session) State() auth.State { return s.r.session.State() }

// States is the auth.Session's state$: this replica's current state when
// subscribed, then every change.
func (s *Session) States() *epics.StateObservable[auth.State] { return s.r.session.Store().States() }

// SignOuts is the auth.Session's stream of sign-outs of this replica.
func (s *Session) SignOuts() rxgo.Observable { return s.r.session.SignOuts() }

// Replica returns the replica's id.
func (s *Session) Replica() string { return s.r.cfg.replica }

// SignIn makes tokens the family's next generation, for every replica,
// and signs this one in with them; it is in effect here when it returns,
// and on the other replicas once they see the record. An error (NATS
// could not be reached before ctx ended, or within the refresh timeout)
// leaves everything as it was.
func (s *Session) SignIn(ctx context.Context, tokens auth.TokenPair) error {
	if tokens.AccessToken == "" {
		return fmt.Errorf("family: signing in without an access token")
	}
	next, err := s.r.writeFamily(ctx, "signin", func(cur snapshot) snapshot {
		return snapshot{gen: cur.gen + 1, status: statusSignedIn, tokens: tokens}
	})
	if err != nil {
		return err
	}
	s.r.gens.note(tokens.AccessToken, next.gen)
	return s.r.session.SignIn(tokens)
}

// SignOut signs the family out, every replica, with reason (whose text
// the others see). This replica is signed out when it returns, even if
// the family could not be told (the error says so): it then signs in
// again with the family's next tokens.
func (s *Session) SignOut(ctx context.Context, reason error) error {
	text := ""
	if reason != nil {
		text = reason.Error()
	}
	_, err := s.r.writeFamily(ctx, "signout", func(cur snapshot) snapshot {
		return snapshot{gen: cur.gen, status: statusSignedOut, attempt: cur.attempt, holder: s.r.cfg.replica, reason: text}
	})
	if lerr := s.r.session.SignOut(reason); lerr != nil {
		return lerr
	}
	return err
}

// writeFamily writes the record next makes of the current one, by
// compare-and-swap, reading again when another write came first.
func (r *replica) writeFamily(ctx context.Context, what string, next func(snapshot) snapshot) (snapshot, error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.refreshTimeout)
	defer cancel()
	who := r.cfg.replica + "-" + nonce()
	var last error
	tried := ""
	for ctx.Err() == nil {
		cur, err := r.b.read(ctx)
		if err == nil {
			if tried != "" && cur.write == tried {
				return cur, nil // stored, its answer lost
			}
			n := next(cur)
			tried = msgID(n, who, what)
			if _, err = r.b.write(ctx, n, cur.rev, tried); err == nil {
				return n, nil
			}
			if conflict(err) {
				continue
			}
		}
		last = err
		pause(ctx, r.poll)
	}
	if last == nil {
		last = context.Cause(ctx)
	}
	return snapshot{}, fmt.Errorf("family %s: %s: %w: %w", r.name, what, ErrUnreachable, last)
}

// Close leaves the family: requests waiting for a refresh fail with an
// error matching epics.ErrClosed, and Close returns when the replica's
// goroutines have ended — after a refresh this replica is making has
// written its result, within the lease. The family's record stays.
func (s *Session) Close() error {
	err := s.r.session.Close()
	s.cancel()
	s.wg.Wait()
	return err
}

// Format prints the family and the replica's status, never its tokens.
func (s *Session) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "family.Session(%s, replica %s, %v)", s.r.name, s.r.cfg.replica, s.State().Status)
}

// mailbox holds the latest local ask for the worker: an older one is for
// a token the newer one has replaced.
type mailbox struct {
	mu     sync.Mutex
	latest *auth.RefreshRequested
	wake   chan struct{}
}

func newMailbox() *mailbox { return &mailbox{wake: make(chan struct{}, 1)} }

func (m *mailbox) put(a auth.RefreshRequested) {
	m.mu.Lock()
	m.latest = &a
	m.mu.Unlock()
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

func (m *mailbox) take(ctx context.Context) (auth.RefreshRequested, bool) {
	for {
		m.mu.Lock()
		a := m.latest
		m.latest = nil
		m.mu.Unlock()
		if a != nil {
			return *a, true
		}
		select {
		case <-m.wake:
		case <-ctx.Done():
			return auth.RefreshRequested{}, false
		}
	}
}
