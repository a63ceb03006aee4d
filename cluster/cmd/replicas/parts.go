package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// storm fires n requests from every replica at once and returns what each
// replica's requests got.
func (w *world) storm(n int) []*tally {
	ctxs := make([]context.Context, len(w.replicas))
	clients := make([]*http.Client, len(w.replicas))
	for i, r := range w.replicas {
		ctxs[i], clients[i] = r.life, r.client
	}
	tallies, _ := burst(ctxs, clients, n*len(w.replicas), w.srv.ResourceURL())
	return tallies
}

// oneRefresh: the access token expires, every replica fires its requests,
// and one refresh serves them all.
func (w *world) oneRefresh(ctx context.Context, out io.Writer, cfg config) error {
	if err := w.signIn(ctx); err != nil {
		return err
	}
	tl, stop, err := w.watch(ctx)
	if err != nil {
		return err
	}
	before := w.srv.Stats()
	all := merged(w.storm(cfg.n))
	stop()
	after := w.srv.Stats()
	if cfg.verbose {
		fmt.Fprintln(out, "The access token has expired; every replica fires its requests at once:")
		tl.print(out)
	}
	fmt.Fprintf(out, "%d replicas · %d requests · %s · %v\n", len(w.replicas), all.total(),
		plural(int(after.Refreshes-before.Refreshes), "refresh", "refreshes"), all)
	return nil
}

// watch starts a timeline of the family's keys and the token endpoint.
func (w *world) watch(ctx context.Context) (*timeline, func(), error) {
	tl := newTimeline()
	stop, err := tl.observe(ctx, w.ns.URL())
	if err != nil {
		return nil, nil, err
	}
	w.srv.OnEvent(tl.endpoint)
	return tl, func() { w.srv.OnEvent(nil); stop() }, nil
}

// killedAfter is how long after its call begins the holder is killed: the
// slow endpoint has not answered yet.
const (
	slowEndpoint = 600 * time.Millisecond
	killedAfter  = 200 * time.Millisecond
)

// takeover: the same with a slow token endpoint, and the replica that
// calls it is killed mid-call; once its lease expires another replica
// takes the refresh over.
func (w *world) takeover(ctx context.Context, out io.Writer, cfg config) error {
	if err := w.signIn(ctx); err != nil {
		return err
	}
	tl, stop, err := w.watch(ctx)
	if err != nil {
		return err
	}
	w.slow.Store(int64(slowEndpoint))
	var once sync.Once
	var victim *replica
	onCall := func(r *replica) {
		tl.add(time.Now(), r.id, "calls the token endpoint")
		once.Do(func() {
			victim = r
			w.wg.Go(func() {
				t := time.NewTimer(killedAfter)
				defer t.Stop()
				select {
				case <-t.C:
					tl.add(time.Now(), r.id, "killed: its NATS connection closed, its call cut off")
					r.kill()
				case <-ctx.Done():
				}
			})
		})
	}
	w.onCall.Store(&onCall)
	before := w.srv.Stats()
	tallies := w.storm(cfg.n)
	w.onCall.Store(nil)
	w.wg.Wait()
	stop()
	after := w.srv.Stats()
	if victim == nil {
		return fmt.Errorf("no replica called the token endpoint")
	}

	var answered []*tally
	for i, r := range w.replicas {
		t := tallies[i]
		if r == victim {
			tl.add(t.last, r.id, fmt.Sprintf("its %d requests died with it", t.total()))
			continue
		}
		tl.add(t.last, r.id, fmt.Sprintf("last answer: %v", t))
		answered = append(answered, t)
	}
	fmt.Fprintf(out, "The access token has expired again, the token endpoint is slow (%v), and replica %s is killed %v into its call:\n", slowEndpoint, victim.id, killedAfter)
	tl.print(out)
	survivors := merged(answered)
	fmt.Fprintf(out, "%d replicas, %s killed mid-refresh · %d requests answered · %s · %v · %s to the token endpoint\n",
		len(w.replicas), victim.id, survivors.total(),
		plural(int(after.Refreshes-before.Refreshes), "refresh", "refreshes"), survivors,
		plural(int(after.RefreshCalls-before.RefreshCalls), "call", "calls"))
	return nil
}
