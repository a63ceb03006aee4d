// Command backend is an event-driven backend built on an epics store.
//
// Events arrive from two sources: a ticker, and an HTTP webhook on
// loopback that an outside system (played by the program itself) calls
// now and then; you can call it too, with the curl command it prints. Each
// event is dispatched to the store, where an epic reports it to a
// protected API (an auth/authtest server) through the 401 flow of package
// auth, mounted in the same store. Midway, the API's server revokes every
// access token, as a key rotation would: the next request is answered
// 401, the store refreshes the token once, and the request is sent again.
// No event is lost. The store's actions and its state are printed as they
// happen.
//
// On Ctrl-C or SIGTERM, or after -duration, the backend shuts down
// gracefully: the sources stop, the webhook server finishes the calls it
// is answering, and the store is closed and waited for, so the events in
// flight are processed before the program ends. Those still in flight when
// the -grace period runs out are cancelled, and counted as cancelled: every
// event ends processed, failed or cancelled, once.
//
//	go run ./examples/backend
//	go run ./examples/backend -duration 0   # until Ctrl-C
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// config is what the flags set.
type config struct {
	duration     time.Duration // how long to run; 0 for until interrupted
	events       int           // stop after this many events; 0 for no limit
	tick         time.Duration // the ticker's interval
	webhookEvery time.Duration // how often the outside system calls the webhook
	revokeAt     int           // the server revokes access tokens as this event arrives; 0 for never
	latency      time.Duration // of the protected API
	concurrency  int           // events reported to the API at once, at most
	status       time.Duration // how often the state is printed
	grace        time.Duration // how long shutdown waits for work in flight
	addr         string        // where the webhook listens
	logger       *slog.Logger  // for the store's and the auth flow's logs; nil discards them
}

func defaultConfig() config {
	return config{
		duration:     3 * time.Second,
		tick:         250 * time.Millisecond,
		webhookEvery: 700 * time.Millisecond,
		revokeAt:     8,
		latency:      40 * time.Millisecond,
		concurrency:  4,
		status:       time.Second,
		grace:        5 * time.Second,
		addr:         "127.0.0.1:0",
	}
}

// errBadConfig is matched by the error of run for flags it cannot run with.
var errBadConfig = errors.New("bad flags")

// validate names the flag that holds a value the backend cannot run with.
func (c config) validate() error {
	switch {
	case c.duration < 0:
		return fmt.Errorf("-duration must not be negative, got %v", c.duration)
	case c.events < 0:
		return fmt.Errorf("-events must not be negative, got %d", c.events)
	case c.tick <= 0:
		return fmt.Errorf("-tick must be positive, got %v", c.tick)
	case c.webhookEvery <= 0:
		return fmt.Errorf("-webhook-every must be positive, got %v", c.webhookEvery)
	case c.revokeAt < 0:
		return fmt.Errorf("-revoke-at must not be negative, got %d", c.revokeAt)
	case c.latency < 0:
		return fmt.Errorf("-latency must not be negative, got %v", c.latency)
	case c.concurrency < 1:
		return fmt.Errorf("-concurrency must be at least 1, got %d", c.concurrency)
	case c.status <= 0:
		return fmt.Errorf("-status must be positive, got %v", c.status)
	case c.grace <= 0:
		return fmt.Errorf("-grace must be positive, got %v", c.grace)
	}
	return nil
}

func main() {
	cfg := defaultConfig()
	verbose := false
	flag.DurationVar(&cfg.duration, "duration", cfg.duration, "how long to run; 0 runs until Ctrl-C")
	flag.IntVar(&cfg.events, "events", 0, "stop after this many events; 0 for no limit")
	flag.DurationVar(&cfg.tick, "tick", cfg.tick, "interval of the ticker source")
	flag.DurationVar(&cfg.webhookEvery, "webhook-every", cfg.webhookEvery, "how often the simulated outside system calls the webhook")
	flag.IntVar(&cfg.revokeAt, "revoke-at", cfg.revokeAt, "the server revokes every access token as this event arrives; 0 for never")
	flag.DurationVar(&cfg.latency, "latency", cfg.latency, "latency of the protected API")
	flag.IntVar(&cfg.concurrency, "concurrency", cfg.concurrency, "most events reported to the API at once")
	flag.DurationVar(&cfg.status, "status", cfg.status, "how often the state is printed")
	flag.DurationVar(&cfg.grace, "grace", cfg.grace, "how long shutdown waits for work in flight")
	flag.StringVar(&cfg.addr, "addr", cfg.addr, "listen address of the webhook")
	flag.BoolVar(&verbose, "v", false, "log the store's and the auth flow's own messages to stderr")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "backend: unexpected argument %q\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	if verbose {
		cfg.logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}

	// The first Ctrl-C starts a graceful shutdown; stop() lets a second
	// one end the program at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop)
	if err := run(ctx, os.Stdout, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "backend:", err)
		if errors.Is(err, errBadConfig) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
