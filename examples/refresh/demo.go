package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// expiryMargin is how long the demo waits past the access token's expiry,
// so that the server refuses it for certain.
const expiryMargin = 10 * time.Millisecond

// drawnRequests is the largest burst whose timeline is drawn one line per
// exchange; a larger one is summarised one line per phase, as a thousand
// requests would draw two thousand lines.
const drawnRequests = 20

// run plays the demo with cfg and writes what happened to w. It returns an
// error matching errBadConfig for a config it cannot run with, and ctx's
// error if ctx ends first; requests that fail are part of the story, not
// an error of run.
func run(ctx context.Context, w io.Writer, cfg config) error {
	if err := cfg.validate(); err != nil {
		return fmt.Errorf("%w: %w", errBadConfig, err)
	}

	serverOpts := []authtest.Option{
		authtest.WithAccessTTL(cfg.ttl),
		authtest.WithResourceLatency(cfg.latency),
		authtest.WithTokenLatency(cfg.tokenLatency),
	}
	if cfg.fail {
		serverOpts = append(serverOpts, authtest.WithRefreshTTL(cfg.ttl))
	}
	newServer := cfg.newServer
	if newServer == nil {
		newServer = authtest.New
	}
	srv := newServer(serverOpts...)
	defer srv.Close()
	client := keepConnections(srv.Client(), cfg.requests)
	defer client.CloseIdleConnections()

	tl := newTimeline()
	logger := newLogger(cfg.log, tl)
	// The sign-out is reported on a goroutine of the session's, so the
	// demo waits for it before printing.
	signedOut := make(chan struct{})
	var once sync.Once
	session := auth.NewSession(auth.OAuth2Refresh(srv.TokenURL(), auth.WithHTTPClient(client)),
		auth.WithoutExpiryCheck(),
		auth.WithLogger(logger),
		auth.OnSignOut(func(reason error) {
			tl.signOut(time.Now(), reason)
			once.Do(func() { close(signedOut) })
		}),
	)
	defer session.Close()

	pair := srv.SignIn("demo")
	if err := session.SignIn(auth.TokenPair{
		AccessToken:  auth.Token(pair.AccessToken),
		RefreshToken: auth.Token(pair.RefreshToken),
		Expiry:       pair.Expiry,
	}); err != nil {
		return fmt.Errorf("signing in: %w", err)
	}

	fmt.Fprintf(w, "rxepic refresh demo: %s with an expired access token\n", plural(cfg.requests, "request", "concurrent requests"))
	fmt.Fprintf(w, "server: access tokens live %v, resource latency %v, token endpoint latency %v", cfg.ttl, cfg.latency, cfg.tokenLatency)
	if cfg.fail {
		fmt.Fprint(w, ", refresh token expired too")
	}
	fmt.Fprintln(w)
	if err := sleep(ctx, time.Until(pair.Expiry)+expiryMargin); err != nil {
		return err
	}

	tl.begin(time.Now())
	srv.OnEvent(tl.serverEvent)
	failed := burst(ctx, cfg.requests, srv.ResourceURL(), client, session, tl)
	if session.State().Status == auth.StatusSignedOut {
		select {
		case <-signedOut:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	srv.OnEvent(nil)

	if cfg.requests <= drawnRequests {
		tl.print(w)
	} else {
		tl.printPhases(w)
	}
	fmt.Fprintln(w, summary(cfg.requests, srv.Stats(), failed, session.State().Status == auth.StatusSignedOut))
	return ctx.Err()
}

// burst sends n concurrent requests for resource/1 … resource/n through
// the session's 401 flow, waits for all of them, records each failure on
// the timeline and returns how many failed.
func burst(ctx context.Context, n int, resource string, client *http.Client, session *auth.Session, tl *timeline) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	for i := 1; i <= n; i++ {
		sending := httpobs.WithDecorator(func(*http.Request) error {
			tl.sending(i, time.Now())
			return nil
		})
		request := streams.Pipe(
			httpobs.Get(fmt.Sprintf("%s/%d", resource, i), httpobs.WithClient(client), sending),
			session.Reauth(),
		)
		wg.Go(func() {
			_, err := streams.Collect(ctx, request)
			if err != nil {
				tl.failure(time.Now(), i, err)
				mu.Lock()
				failed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return failed
}

// keepConnections returns a client like c whose transport keeps n idle
// connections to the server rather than net/http's default of two, so that
// the retries of a large burst reuse the connections of its first attempts
// instead of dialling them again. The caller closes its idle connections.
func keepConnections(c *http.Client, n int) *http.Client {
	tr, ok := c.Transport.(*http.Transport)
	if !ok {
		return c
	}
	tr = tr.Clone()
	tr.MaxIdleConns = max(tr.MaxIdleConns, n)
	tr.MaxIdleConnsPerHost = max(tr.MaxIdleConnsPerHost, n)
	kept := *c
	kept.Transport = tr
	return &kept
}

// summary is the last line: the server's counters, and what the client saw.
func summary(requests int, st authtest.Stats, failed int, signedOut bool) string {
	parts := []string{
		plural(requests, "request", "requests"),
		fmt.Sprintf("%d×401", st.ResourceUnauthorized),
	}
	refreshes := plural(int(st.RefreshCalls), "refresh", "refreshes")
	switch bad := st.RefreshCalls - st.Refreshes; {
	case bad > 0 && bad == st.RefreshCalls:
		refreshes += " (failed)"
	case bad > 0:
		refreshes += fmt.Sprintf(" (%d failed)", bad)
	}
	parts = append(parts, refreshes)
	if st.ResourceOK > 0 {
		parts = append(parts, fmt.Sprintf("%d×200", st.ResourceOK))
	}
	if failed > 0 {
		parts = append(parts, fmt.Sprintf("%d failed", failed))
	}
	if signedOut {
		parts = append(parts, "signed out")
	}
	return strings.Join(parts, " · ")
}

// plural writes n with the singular or the plural form of a noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// sleep waits for d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
