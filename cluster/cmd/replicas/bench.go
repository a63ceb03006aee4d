package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/rxepic/rxepic/auth"
)

// bench measures recovery from expiry: N concurrent requests in all,
// spread over R replicas of one family, or sent through one auth.Session
// in one process; each run starts with a fresh, expired token. Recovery
// is from the first request sent to the last answer received.
func bench(ctx context.Context, out io.Writer, cfg config) error {
	w, err := newWorld(ctx, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer w.close()
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "way\tR\tN\truns\trefresh calls\treuse\tanswered 200\trecovery median\trecovery max\t")
	for _, n := range cfg.sizes {
		for _, replicas := range []int{0, 1, 3} {
			var durs []time.Duration
			var calls, reuse, ok, total int
			for run := range cfg.count {
				before := w.srv.Stats()
				tallies, d, err := w.benchRun(ctx, replicas, n, run)
				if err != nil {
					return err
				}
				after := w.srv.Stats()
				all := merged(tallies)
				durs = append(durs, d)
				calls += int(after.RefreshCalls - before.RefreshCalls)
				reuse += int(after.ReuseDetections - before.ReuseDetections)
				ok += all.count("200")
				total += all.total()
			}
			slices.Sort(durs)
			way, r := "family", fmt.Sprint(replicas)
			if replicas == 0 {
				way, r = "auth.Session", "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d/%d\t%v\t%v\t\n", way, r, n, cfg.count, calls, reuse, ok, total,
				durs[len(durs)/2].Round(10*time.Microsecond), durs[len(durs)-1].Round(10*time.Microsecond))
		}
	}
	return tw.Flush()
}

// benchRun is one run: replicas 0 for one auth.Session.
func (w *world) benchRun(ctx context.Context, replicas, n, run int) ([]*tally, time.Duration, error) {
	pair := expired(w.srv.SignIn("bench"))
	var ctxs []context.Context
	var clients []*http.Client
	if replicas == 0 {
		s := auth.NewSession(auth.OAuth2Refresh(w.srv.TokenURL()), auth.WithLogger(slog.New(slog.DiscardHandler)))
		defer s.Close()
		if err := s.SignIn(pair); err != nil {
			return nil, 0, err
		}
		base := &http.Transport{MaxConnsPerHost: 64}
		defer base.CloseIdleConnections()
		ctxs, clients = []context.Context{ctx}, []*http.Client{{Transport: s.Transport(base)}}
	} else {
		b := &world{ns: w.ns, srv: w.srv, key: w.key, logger: w.logger}
		defer func() {
			for _, r := range b.replicas {
				r.close()
			}
		}()
		for i := range replicas {
			r, err := b.startIn(ctx, fmt.Sprintf("bench-%d-%d-%d", replicas, n, run), fmt.Sprintf("r%d", i))
			if err != nil {
				return nil, 0, err
			}
			b.replicas = append(b.replicas, r)
			ctxs, clients = append(ctxs, r.life), append(clients, r.client)
		}
		if err := b.signInWith(ctx, pair); err != nil {
			return nil, 0, err
		}
	}
	tallies, d := burst(ctxs, clients, n, w.srv.ResourceURL())
	return tallies, d, nil
}
