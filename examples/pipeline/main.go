// Command pipeline shows request pipelines built from httpobs sources and
// streams operators, against an API server it starts on loopback:
//
//   - a fan-out of many requests with a concurrency limit (httpobs.FanOut),
//     each with its own timeout and retries;
//   - a chained request built from the answer to the first
//     (httpobs.GetJSON, then streams.SwitchMap);
//   - retries with exponential backoff on an endpoint that fails twice
//     with 503 before it answers (httpobs.Retry);
//   - a timeout on an endpoint too slow to wait for (httpobs.Timeout).
//
// Run it with
//
//	go run ./examples/pipeline
//	go run ./examples/pipeline -n 50 -limit 8
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// config is what the flags set.
type config struct {
	requests int           // how many requests the fan-out sends
	limit    int           // how many of them may be in flight at once
	latency  time.Duration // of every answer of the fan-out's endpoint
	timeout  time.Duration // given to the request for the slow endpoint
}

func defaultConfig() config {
	return config{requests: 20, limit: 4, latency: 20 * time.Millisecond, timeout: 100 * time.Millisecond}
}

// errBadConfig is matched by the error of run for flags it cannot run with.
var errBadConfig = errors.New("bad flags")

// validate names the flag that holds a value the demo cannot run with.
func (c config) validate() error {
	switch {
	case c.requests < 1 || c.requests > 1000:
		return fmt.Errorf("-n must be between 1 and 1000, got %d", c.requests)
	case c.limit < 1:
		return fmt.Errorf("-limit must be at least 1, got %d", c.limit)
	case c.latency < 0:
		return fmt.Errorf("-latency must not be negative, got %v", c.latency)
	case c.timeout <= 0 || c.timeout >= slowFor:
		return fmt.Errorf("-timeout must be between 0 and %v, got %v", slowFor, c.timeout)
	}
	return nil
}

func main() {
	cfg := defaultConfig()
	flag.IntVar(&cfg.requests, "n", cfg.requests, "number of requests in the fan-out")
	flag.IntVar(&cfg.limit, "limit", cfg.limit, "most requests of the fan-out in flight at once")
	flag.DurationVar(&cfg.latency, "latency", cfg.latency, "latency of each request of the fan-out")
	flag.DurationVar(&cfg.timeout, "timeout", cfg.timeout, "timeout of the request to the slow endpoint")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "pipeline: unexpected argument %q\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Stdout, cfg)
	switch {
	case err == nil:
	case errors.Is(err, errBadConfig):
		fmt.Fprintln(os.Stderr, "pipeline:", err)
		os.Exit(2)
	case ctx.Err() != nil:
		fmt.Fprintln(os.Stderr, "pipeline: interrupted")
		os.Exit(130)
	default:
		fmt.Fprintln(os.Stderr, "pipeline:", err)
		os.Exit(1)
	}
}
