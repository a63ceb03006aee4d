package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

// run starts the backend and writes its log to w until ctx ends, cfg's
// duration has passed, or cfg's number of events has arrived; then it
// shuts down gracefully and returns nil. It returns an error matching
// errBadConfig for a config it cannot run with, an error if the webhook
// cannot listen, and an error if work in flight outlasted the grace
// period and had to be cancelled.
func run(ctx context.Context, w io.Writer, cfg config) error {
	if err := cfg.validate(); err != nil {
		return fmt.Errorf("%w: %w", errBadConfig, err)
	}
	if cfg.logger == nil {
		cfg.logger = discardLogger()
	}
	b, err := start(cfg, newPrinter(w))
	if err != nil {
		return err
	}
	defer b.release()
	why := b.serve(ctx)
	return b.shutdown(why)
}

// backend is the running program: the API's server, the store and its
// epics, the intake and the webhook that feeds it.
type backend struct {
	cfg         config
	p           *printer
	api         *authtest.Server
	store       *epics.Store[State, struct{}]
	authn       *auth.Authenticator
	cancelEpics context.CancelFunc
	actionLog   *streams.Subscription
	in          *intake
	webhook     *http.Server
	webhookURL  string
	served      chan error // what webhook.Serve returned
}

// start sets the backend up: the API's auth server, the webhook's
// listener, the store with the refresh epic and the backend's epic, the
// sign-in, and the webhook's server.
func start(cfg config, p *printer) (*backend, error) {
	b := &backend{cfg: cfg, p: p}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return nil, fmt.Errorf("listening for the webhook on %s: %w", cfg.addr, err)
	}
	b.webhookURL = "http://" + ln.Addr().String() + "/webhook"
	b.api = authtest.New(authtest.WithResourceLatency(cfg.latency))
	b.api.OnEvent(p.serverEvent)
	b.printHeader()

	// One store holds the auth slice and the backend's counters; the
	// refresh epic and the backend's epic run on it side by side.
	b.store = epics.NewStore(reduce, State{}, struct{}{}, epics.WithLogger(cfg.logger))
	authOpts := []auth.Option{auth.WithLogger(cfg.logger)}
	b.authn = auth.NewAuthenticator(b.store, func() auth.State { return b.store.State().Auth }, authOpts...)
	refresh := auth.RefreshEpic[State, struct{}](func(s State) auth.State { return s.Auth },
		auth.OAuth2Refresh(b.api.TokenURL(), auth.WithHTTPClient(b.api.Client())), authOpts...)

	// The action log ends when action$ completes, as the store closes.
	b.actionLog = streams.Subscribe(context.Background(), b.store.Actions(), streams.Observer{Next: p.action})

	// The epics do not stop with the program's context: at shutdown the
	// store is closed and they finish the work they have in flight. Only
	// a shutdown that outlasts the grace period cancels them.
	var epicCtx context.Context
	epicCtx, b.cancelEpics = context.WithCancel(context.Background())
	err = b.store.Start(epicCtx, refresh, processEvents(b.authn, b.api.Client(), b.api.ResourceURL(), cfg.concurrency))
	if err == nil {
		tokens := b.api.SignIn("backend")
		err = b.store.Dispatch(auth.SignedIn{Tokens: auth.TokenPair{
			AccessToken:  auth.Token(tokens.AccessToken),
			RefreshToken: auth.Token(tokens.RefreshToken),
			Expiry:       tokens.Expiry,
		}})
	}
	if err != nil {
		_ = ln.Close()
		b.release()
		return nil, fmt.Errorf("starting the store: %w", err)
	}

	b.in = newIntake(b.store, cfg.events, func(id int) {
		if id == cfg.revokeAt {
			p.logf("server: every access token revoked (%d), as a key rotation would", b.api.RevokeAccessTokens())
		}
	})
	mux := http.NewServeMux()
	mux.HandleFunc("POST /webhook", b.in.webhook)
	b.webhook = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	b.served = make(chan error, 1)
	go func() { b.served <- b.webhook.Serve(ln) }()
	return b, nil
}

// printHeader says what runs where, and when it will stop.
func (b *backend) printHeader() {
	cfg, p := b.cfg, b.p
	p.plainf("rxepic backend: events from a ticker (every %v) and a webhook (POST %s)", cfg.tick, b.webhookURL)
	p.plainf("each event → GET %s/events/N through the 401 flow, %d at a time at most", b.api.ResourceURL(), cfg.concurrency)
	p.plainf("try: curl -X POST %s", b.webhookURL)
	switch {
	case cfg.events > 0:
		p.plainf("stops after %s, or on Ctrl-C", plural(cfg.events, "event", "events"))
	case cfg.duration > 0:
		p.plainf("stops after %v, or on Ctrl-C", cfg.duration)
	default:
		p.plainf("stops on Ctrl-C")
	}
}

// serve runs the sources until ctx ends, the duration passes or the
// events are all in, and says which.
func (b *backend) serve(ctx context.Context) (why string) {
	cfg, p := b.cfg, b.p
	var timeUp <-chan time.Time
	if cfg.duration > 0 {
		t := time.NewTimer(cfg.duration)
		defer t.Stop()
		timeUp = t.C
	}
	srcCtx, stopSources := context.WithCancel(ctx)
	partnerTransport := &http.Transport{}
	partnerClient := &http.Client{Transport: partnerTransport, Timeout: 5 * time.Second}
	var sources sync.WaitGroup
	sources.Go(func() { tick(srcCtx, cfg.tick, b.in) })
	sources.Go(func() { partner(srcCtx, cfg.webhookEvery, b.webhookURL, partnerClient) })
	sources.Go(func() { status(srcCtx, cfg.status, p) })

	select {
	case <-ctx.Done():
		why = "interrupted"
	case <-timeUp:
		why = fmt.Sprintf("%v elapsed", cfg.duration)
	case <-b.in.full:
		why = plural(cfg.events, "event", "events") + " received"
	}
	stopSources()
	sources.Wait()
	partnerTransport.CloseIdleConnections()
	return why
}

// shutdown stops the backend in order: no new events (the webhook
// finishes the calls it is answering and closes, the intake refuses the
// rest); then the events in flight are finished, or cancelled once the
// grace period is over; then the store is closed and waited for. It prints
// the final state and the server's counters.
//
// The store stays open until the events in flight are done because their
// requests may still need it: a request that meets a 401 asks the store
// for a refresh, which a closed store refuses.
func (b *backend) shutdown(why string) error {
	deadline, cancel := context.WithTimeout(context.Background(), b.cfg.grace)
	defer cancel()
	err := b.webhook.Shutdown(deadline)
	if serveErr := <-b.served; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	if err != nil {
		err = fmt.Errorf("closing the webhook: %w", err)
	}
	b.in.close()
	// Every event taken has been dispatched by now. The shutdown line is
	// dispatched behind them, so that the action log prints it after the
	// last of them.
	_ = b.store.Dispatch(ShutdownStarted{Why: why})

	if b.idle(deadline) != nil {
		err = errors.Join(err, fmt.Errorf("work in flight outlasted the %v grace period and was cancelled", b.cfg.grace))
		// Each event is cancelled as one of its outcomes, so that it is
		// counted once. That takes no time; the second wait is only a
		// bound. Whatever else is under way, such as a refresh, is stopped
		// with the epics.
		_ = b.store.Dispatch(CancelInFlight{Grace: b.cfg.grace})
		cancelled, cancelWait := context.WithTimeout(context.Background(), b.cfg.grace)
		_ = b.idle(cancelled)
		cancelWait()
		b.cancelEpics()
	}
	_ = b.store.Close()
	b.store.Wait()
	b.authn.Close()
	b.actionLog.Wait()

	atStop, now := b.p.sinceStop()
	line := fmt.Sprintf("store closed; of the %s in flight at shutdown, %d processed, %d failed, %d cancelled",
		plural(atStop.inFlight(), "event", "events"),
		now.Processed-atStop.Processed, now.Failed-atStop.Failed, now.Cancelled-atStop.Cancelled)
	if n := now.inFlight(); n > 0 {
		line += fmt.Sprintf(", %d still in flight", n)
	}
	b.p.logf("%s", line)

	st := b.api.Stats()
	b.p.plainf("final state: %v", b.store.State())
	b.p.plainf("server: %s · %d×401 · %s", plural(int(st.ResourceCalls), "API call", "API calls"),
		st.ResourceUnauthorized, plural(int(st.Refreshes), "refresh", "refreshes"))
	return err
}

// idle waits until no event is in flight, or ctx ends.
func (b *backend) idle(ctx context.Context) error {
	_, err := streams.Collect(ctx, streams.Pipe(b.store.States(),
		streams.Filter(func(s State) bool { return s.inFlight() == 0 }),
		streams.Take(1)))
	return err
}

// release lets go of everything the backend holds, whether or not it shut
// down gracefully: after a graceful shutdown there is nothing left to do.
func (b *backend) release() {
	if b.webhook != nil {
		_ = b.webhook.Close()
	}
	_ = b.store.Close()
	b.cancelEpics()
	b.store.Wait()
	b.authn.Close()
	b.actionLog.Wait()
	b.api.Close()
}

// status prints the state at every interval until ctx ends.
func status(ctx context.Context, every time.Duration, p *printer) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			p.status()
		}
	}
}

// plural writes n with the singular or the plural form of a noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
