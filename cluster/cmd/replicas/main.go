// Command replicas runs three replicas of a service as one token family
// (package family) on an embedded NATS server with JetStream, against an
// auth/authtest server. Each replica is a process of its own in all but
// name: its own NATS connection, its own family.Session with its own
// store, its own HTTP client.
//
// First the family's access token expires and every replica fires -n
// requests at once: one refresh serves them all. Then the same again
// with a slow token endpoint, and the replica that holds the lease is
// killed mid-refresh (its NATS connection closed, its call cut off): the
// timeline shows its lease expiring and another replica taking over.
//
//	cd cluster && go run ./cmd/replicas
//	go run ./cmd/replicas -n 1000 -v
//	go run ./cmd/replicas -bench       # the measurements of BENCHMARKS.md
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
)

// config is what the flags set.
type config struct {
	n       int          // requests per replica
	verbose bool         // timelines of both parts, and the replicas' logs
	logger  *slog.Logger // the replicas' logs
	bench   bool
	count   int   // runs of each benchmark cell
	sizes   []int // the benchmark's numbers of requests
}

func main() {
	cfg := config{sizes: []int{100, 1000}, logger: slog.New(slog.DiscardHandler)}
	flag.IntVar(&cfg.n, "n", 100, "requests each replica fires after expiry")
	flag.BoolVar(&cfg.verbose, "v", false, "print the first part's timeline too, and the replicas' debug logs on stderr")
	flag.BoolVar(&cfg.bench, "bench", false, "measure 1 and 3 replicas against one auth.Session, with 100 and 1000 requests")
	flag.IntVar(&cfg.count, "count", 5, "with -bench: runs of each measurement")
	flag.Parse()
	if flag.NArg() > 0 || cfg.n < 1 || cfg.count < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if cfg.verbose {
		cfg.logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	run := demo
	if cfg.bench {
		run = bench
	}
	if err := run(ctx, os.Stdout, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "replicas:", err)
		os.Exit(1)
	}
}

// demo runs both parts: one refresh for every replica, then a takeover.
func demo(ctx context.Context, out io.Writer, cfg config) error {
	w, err := newWorld(ctx, cfg.logger)
	if err != nil {
		return err
	}
	defer w.close()
	if err := w.join(ctx, "a", "b", "c"); err != nil {
		return err
	}
	if err := w.oneRefresh(ctx, out, cfg); err != nil {
		return err
	}
	fmt.Fprintln(out)
	return w.takeover(ctx, out, cfg)
}
