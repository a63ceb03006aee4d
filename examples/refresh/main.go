// Command refresh shows the 401 flow at work: a burst of concurrent requests
// that all carry an expired access token, one refresh, and every request
// retried with the new token.
//
// It starts a reference OAuth server (auth/authtest) on loopback, signs in
// through an auth.Session, lets the access token expire and fires the burst
// through Session.Reauth over httpobs.Get. The session is built with
// auth.WithoutExpiryCheck, so the expired token goes out and meets 401s,
// as it does for a client whose clock cannot be trusted. It then prints the
// timeline, from the server's own record of what it answered and when, and
// a one-line summary of the server's counters:
//
//	go run ./examples/refresh
//	go run ./examples/refresh -n 10 -latency 80ms
//	go run ./examples/refresh -fail
//	go run ./examples/refresh -n 1000
//
// Up to 20 requests, the timeline has a line for every exchange. Beyond
// that it is summarised, one line per phase: the requests that went the
// same way (first attempts answered 401, retries answered 200, failures
// with the same reason) are merged into one line that counts them and
// spans their times.
//
// With -fail the refresh token has expired as well, so the token endpoint
// answers 400 invalid_grant: the session signs out and every request fails
// with that reason.
//
// With -v the session's logs go to stderr, debug lines included, each timed
// in milliseconds from the start of the burst ("time=+80ms"), the origin of
// the timeline's times, so that the two can be read side by side.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/rxepic/rxepic/auth/authtest"
)

// config is what the flags set.
type config struct {
	requests     int           // how many concurrent requests
	latency      time.Duration // of every answer of the protected resource
	tokenLatency time.Duration // of every answer of the token endpoint
	ttl          time.Duration // how long access tokens live
	fail         bool          // the refresh token expires with the access token
	log          io.Writer     // for the session's own logs; nil discards them

	// newServer starts the auth server: authtest.New, on loopback, unless
	// a test gives authtest.NewInMemory to run the demo on virtual time.
	newServer func(...authtest.Option) *authtest.Server
}

func defaultConfig() config {
	return config{
		requests:     3,
		latency:      50 * time.Millisecond,
		tokenLatency: 30 * time.Millisecond,
		ttl:          300 * time.Millisecond,
		newServer:    authtest.New,
	}
}

// validate names the flag that holds a value the demo cannot run with.
func (c config) validate() error {
	switch {
	case c.requests < 1:
		return fmt.Errorf("-n must be at least 1, got %d", c.requests)
	case c.requests > 1000:
		return fmt.Errorf("-n must be at most 1000, got %d", c.requests)
	case c.latency < 0:
		return fmt.Errorf("-latency must not be negative, got %v", c.latency)
	case c.tokenLatency < 0:
		return fmt.Errorf("-token-latency must not be negative, got %v", c.tokenLatency)
	case c.ttl <= 0:
		return fmt.Errorf("-ttl must be positive, got %v", c.ttl)
	}
	return nil
}

func main() {
	cfg := defaultConfig()
	verbose := false
	flag.IntVar(&cfg.requests, "n", cfg.requests, "number of concurrent requests, at most 1000; beyond 20 the timeline is summarised one line per phase")
	flag.DurationVar(&cfg.latency, "latency", cfg.latency, "latency of the protected resource")
	flag.DurationVar(&cfg.tokenLatency, "token-latency", cfg.tokenLatency, "latency of the token endpoint")
	flag.DurationVar(&cfg.ttl, "ttl", cfg.ttl, "lifetime of access tokens; the demo waits for the first to expire")
	flag.BoolVar(&cfg.fail, "fail", false, "let the refresh token expire too, so that the refresh fails with 400 invalid_grant")
	flag.BoolVar(&verbose, "v", false, "log the session's refresh events to stderr, timed like the timeline")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "refresh: unexpected argument %q\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	if verbose {
		cfg.log = os.Stderr
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Stdout, cfg)
	switch {
	case err == nil:
	case errors.Is(err, errBadConfig):
		fmt.Fprintln(os.Stderr, "refresh:", err)
		os.Exit(2)
	case ctx.Err() != nil:
		fmt.Fprintln(os.Stderr, "refresh: interrupted")
		os.Exit(130)
	default:
		fmt.Fprintln(os.Stderr, "refresh:", err)
		os.Exit(1)
	}
}

// errBadConfig is matched by the error of run for flags it cannot run with.
var errBadConfig = errors.New("bad flags")
