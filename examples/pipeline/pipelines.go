package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// run starts the API server on loopback, runs the four pipelines against
// it one after the other and writes what happened to w. It returns an
// error matching errBadConfig for a config it cannot run with, ctx's error
// if ctx ends first, and otherwise the first pipeline that did not do what
// the demo expects.
func run(ctx context.Context, w io.Writer, cfg config) error {
	if err := cfg.validate(); err != nil {
		return fmt.Errorf("%w: %w", errBadConfig, err)
	}
	a := newAPI(cfg.latency)
	srv := httptest.NewServer(a.handler())
	defer srv.Close()
	d := demo{w: w, base: srv.URL, client: srv.Client(), api: a}

	fmt.Fprintln(w, "rxepic pipeline demo")
	for _, step := range []func(context.Context, config) error{d.fanOut, d.chain, d.retry, d.timeout} {
		if err := step(ctx, cfg); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
	}
	return nil
}

// demo holds what the pipelines share.
type demo struct {
	w      io.Writer
	base   string // the server's URL
	client *http.Client
	api    *api
}

// get is a GET of path on the server, decoded as JSON into a T.
func get[T any](d demo, path string) rxgo.Observable {
	return httpobs.GetJSON[T](d.base+path, httpobs.WithClient(d.client))
}

// short drops the server's URL from an error, whose port changes from run
// to run.
func (d demo) short(err error) string { return strings.ReplaceAll(err.Error(), d.base, "") }

// fanOut fetches /items/1 … /items/n with at most limit requests in flight,
// each with its own timeout and retries.
func (d demo) fanOut(ctx context.Context, cfg config) error {
	fmt.Fprintf(d.w, "\nfan-out: %d requests, at most %d at a time (httpobs.FanOut)\n", cfg.requests, cfg.limit)
	sources := make([]rxgo.Observable, cfg.requests)
	for i := range sources {
		sources[i] = streams.Pipe(get[item](d, fmt.Sprintf("/items/%d", i+1)),
			httpobs.Timeout(5*time.Second),
			httpobs.Retry(),
		)
	}
	values, err := streams.Collect(ctx, httpobs.FanOut(cfg.limit, sources...))
	if err != nil {
		fmt.Fprintf(d.w, "  failed: %s\n", d.short(err))
		return fmt.Errorf("fan-out: %w", err)
	}
	// Answers arrive as requests finish, in no fixed order.
	ids := make([]int, 0, len(values))
	sum := 0
	for _, v := range values {
		it := v.(item)
		ids = append(ids, it.ID)
		sum += it.Square
	}
	slices.Sort(ids)
	fmt.Fprintf(d.w, "  %d answers, for ids %s; sum of squares %d\n", len(values), idRange(ids), sum)
	fmt.Fprintf(d.w, "  the server saw at most %d requests at once\n", d.api.maxConcurrency())
	return nil
}

// idRange describes sorted ids as "1–20" when they are 1…n, else lists them.
func idRange(ids []int) string {
	contiguous := len(ids) > 0
	for i, id := range ids {
		contiguous = contiguous && id == i+1
	}
	if contiguous {
		return fmt.Sprintf("1–%d", len(ids))
	}
	return fmt.Sprint(ids)
}

// profile is what the chained pipeline builds from two answers.
type profile struct {
	user user
	team team
}

// chain fetches a user, then the user's team, from the team_id in the
// first answer.
func (d demo) chain(ctx context.Context, _ config) error {
	fmt.Fprintln(d.w, "\nchain: the second request is built from the first answer (streams.SwitchMap)")
	pipeline := streams.Pipe(get[user](d, "/users/1"),
		streams.SwitchMap(func(u user) rxgo.Observable {
			return streams.Pipe(get[team](d, fmt.Sprintf("/teams/%d", u.TeamID)),
				streams.Map(func(t team) profile { return profile{user: u, team: t} }))
		}),
	)
	values, err := streams.Collect(ctx, pipeline)
	if err != nil {
		fmt.Fprintf(d.w, "  failed: %s\n", d.short(err))
		return fmt.Errorf("chain: %w", err)
	}
	p := values[0].(profile)
	fmt.Fprintf(d.w, "  GET /users/1 → %s, team_id %d\n", p.user.Name, p.user.TeamID)
	fmt.Fprintf(d.w, "  GET /teams/%d → %s, %d members\n", p.team.ID, p.team.Name, p.team.Members)
	return nil
}

// retry calls the flaky endpoint, which fails twice before it answers,
// with up to four attempts and exponential backoff between them.
func (d demo) retry(ctx context.Context, _ config) error {
	const attempts = 4
	fmt.Fprintf(d.w, "\nretry: a flaky endpoint, up to %d attempts with exponential backoff (httpobs.Retry)\n", attempts)
	pipeline := streams.Pipe(get[map[string]string](d, "/flaky"),
		httpobs.Retry(httpobs.RetryAttempts(attempts), httpobs.RetryBackoff(10*time.Millisecond, 200*time.Millisecond)),
	)
	values, err := streams.Collect(ctx, pipeline)
	statuses := d.api.flakyStatuses()
	for i, status := range statuses {
		fmt.Fprintf(d.w, "  attempt %d → %d %s\n", i+1, status, http.StatusText(status))
	}
	if err != nil {
		fmt.Fprintf(d.w, "  failed: %s\n", d.short(err))
		return fmt.Errorf("retry: %w", err)
	}
	fmt.Fprintf(d.w, "  ok after %d attempts: status %q\n", len(statuses), values[0].(map[string]string)["status"])
	return nil
}

// timeout calls an endpoint that takes seconds to answer, with a timeout
// much shorter than that.
func (d demo) timeout(ctx context.Context, cfg config) error {
	fmt.Fprintf(d.w, "\ntimeout: a slow endpoint, %v per request (httpobs.Timeout)\n", cfg.timeout)
	_, err := streams.Collect(ctx, streams.Pipe(get[map[string]string](d, "/slow"), httpobs.Timeout(cfg.timeout)))
	if err == nil {
		fmt.Fprintln(d.w, "  answered in time")
		return errors.New("timeout: the slow endpoint answered in time")
	}
	fmt.Fprintf(d.w, "  GET /slow → %s\n", d.short(err))
	var te *httpobs.TimeoutError
	fmt.Fprintf(d.w, "  errors.Is(err, context.DeadlineExceeded) = %t, errors.As(err, *httpobs.TimeoutError) = %t\n",
		errors.Is(err, context.DeadlineExceeded), errors.As(err, &te))
	if te == nil {
		return fmt.Errorf("timeout: %w", err)
	}
	return nil
}
