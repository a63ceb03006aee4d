// Command soak runs the 401 flow for a long time under faults and checks
// that it never loses a request, never spends a refresh token twice and
// never refreshes more often than tokens die.
//
// From the bench module:
//
//	go run ./cmd/soak -requests 1000000 -callers 200 -ttl 100ms
//
// It starts an authtest server on loopback whose access tokens live -ttl,
// signs a Session in, and has -callers goroutines send -requests GETs for
// the protected resource through the Session's Reauth operator (or its
// Transport, with -transport), each with a -request-timeout deadline.
// Meanwhile the server revokes every live access token at random
// intervals (exponentially distributed, mean -revoke-every) and answers
// -fault-rate of the resource calls with a 500. A baseline run first sends
// -baseline requests (as many as -requests by default) the same way with a
// token that stays valid and no faults, to tell the latency the flow adds.
//
// It reports every request's outcome by kind, the server's counters, the
// refreshes against the token deaths that called for them, the peak
// goroutines and heap of the process (client and server together), and
// latency percentiles. It exits with status 1 if a goal is missed:
//
//   - lost requests: 0. A request is lost if it ends with neither a success
//     nor an expected typed error, if it runs into its deadline, or if it
//     never ends. The expected errors are the injected 500, as an
//     *httpobs.StatusError (Transport: the 500 response), and
//     auth.ErrStillUnauthorized (Transport: the 401 response) when the
//     resource's last refusal says the fresh token was itself revoked or
//     expired before the retry reached the server: the one re-authentication
//     a request is allowed (auth.WithReauthLimit) was spent.
//   - reuse detections: 0.
//   - refreshes = expiries + revocations. An expiry (a revocation) is one
//     access token generation whose first refusal by the resource, as the
//     server's events report it, was "token expired" ("token revoked"):
//     a token death the client noticed. Each must cause exactly one refresh,
//     and no refresh may replace a token the resource never refused.
//
// Everything is bounded: -requests requests, at most -max-duration of
// sending, loopback only. The program stops by itself.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/bits"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

func main() {
	o, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(2)
	}
	ok, err := run(o, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(2)
	}
	if !ok {
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	requests        int
	baseline        int
	callers         int
	ttl             time.Duration
	margin          time.Duration
	revokeEvery     time.Duration
	faultRate       float64
	tokenLatency    time.Duration
	resourceLatency time.Duration
	requestTimeout  time.Duration
	refreshTimeout  time.Duration
	reauthLimit     int
	maxDuration     time.Duration
	transport       bool
	seed            uint64
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	var o options
	fs.IntVar(&o.requests, "requests", 1_000_000, "requests to send under faults")
	fs.IntVar(&o.baseline, "baseline", 0, "requests to send first with a valid token and no faults, for the latency baseline (default: -requests)")
	fs.IntVar(&o.callers, "callers", 200, "concurrent callers")
	fs.DurationVar(&o.ttl, "ttl", 100*time.Millisecond, "access token lifetime on the server")
	fs.DurationVar(&o.margin, "margin", 10*time.Millisecond, "the Session's expiry margin (auth.WithExpiryMargin); must be below -ttl")
	fs.DurationVar(&o.revokeEvery, "revoke-every", 250*time.Millisecond, "mean interval between server-side revocations of every live access token (0: none)")
	fs.Float64Var(&o.faultRate, "fault-rate", 0.01, "share of resource calls answered 500")
	fs.DurationVar(&o.tokenLatency, "token-latency", time.Millisecond, "latency of every token endpoint answer")
	fs.DurationVar(&o.resourceLatency, "resource-latency", 0, "latency of every resource answer")
	fs.DurationVar(&o.requestTimeout, "request-timeout", 10*time.Second, "deadline of each request; reaching it counts as lost")
	fs.DurationVar(&o.refreshTimeout, "refresh-timeout", 5*time.Second, "the Session's refresh timeout")
	fs.IntVar(&o.reauthLimit, "reauth-limit", 1, "re-authentications one request may wait for (auth.WithReauthLimit)")
	fs.DurationVar(&o.maxDuration, "max-duration", 20*time.Minute, "stop sending after this long, whatever -requests says")
	fs.BoolVar(&o.transport, "transport", false, "send through the Session's Transport and an http.Client instead of Reauth")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the revocation intervals and fault positions")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.baseline == 0 {
		o.baseline = o.requests
	}
	switch {
	case o.requests < 1 || o.callers < 1 || o.baseline < 1 || o.reauthLimit < 1:
		return o, errors.New("-requests, -baseline, -callers and -reauth-limit must be positive")
	case o.ttl <= 0 || o.margin < 0 || o.margin >= o.ttl:
		return o, fmt.Errorf("need 0 <= -margin (%v) < -ttl (%v)", o.margin, o.ttl)
	case o.faultRate < 0 || o.faultRate >= 1:
		return o, fmt.Errorf("-fault-rate %v is not in [0, 1)", o.faultRate)
	case o.revokeEvery < 0 || o.requestTimeout <= 0 || o.refreshTimeout <= 0 || o.maxDuration <= 0:
		return o, errors.New("durations must be positive (-revoke-every may be 0)")
	}
	return o, nil
}

// phase describes one run: the baseline or the soak.
type phase struct {
	name        string
	requests    int
	ttl         time.Duration
	revokeEvery time.Duration
	faultRate   float64
}

func run(o options, out io.Writer) (bool, error) {
	via := "Reauth"
	if o.transport {
		via = "Transport"
	}
	fmt.Fprintf(out, "# soak: %d requests, %d callers, through %s, %s/%s\n\n", o.requests, o.callers, via, runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(out, "command: go run ./cmd/soak %s\n\n", strings.Join(os.Args[1:], " "))
	fmt.Fprintf(out, "access token TTL %v, expiry margin %v, reauth limit %d, revocations every %v on average, %.2f%% resource faults, token latency %v, resource latency %v, GOMAXPROCS %d\n\n",
		o.ttl, o.margin, o.reauthLimit, o.revokeEvery, 100*o.faultRate, o.tokenLatency, o.resourceLatency, runtime.GOMAXPROCS(0))

	base, err := runPhase(o, phase{name: "baseline", requests: o.baseline, ttl: time.Hour})
	if err != nil {
		return false, err
	}
	soak, err := runPhase(o, phase{name: "soak", requests: o.requests, ttl: o.ttl, revokeEvery: o.revokeEvery, faultRate: o.faultRate})
	if err != nil {
		return false, err
	}
	base.report(out)
	soak.report(out)
	fmt.Fprintf(out, "## Latency added by the flow under faults (soak minus baseline, all requests)\n\n")
	fmt.Fprintf(out, "| | p50 | p90 | p99 | p99.9 | max |\n|---|---|---|---|---|---|\n")
	fmt.Fprintf(out, "| baseline | %s |\n| soak | %s |\n| added | %s |\n\n", base.all.row(), soak.all.row(), soak.all.minus(&base.all))
	return soak.goalsMet(out) && base.goalsMet(io.Discard), nil
}

// outcome kinds, in report order.
const (
	kindOK           = "ok"
	kindFault        = "injected 500 (*httpobs.StatusError)"
	kindStillRevoked = "auth.ErrStillUnauthorized, fresh token revoked"
	kindStillExpired = "auth.ErrStillUnauthorized, fresh token expired"
	kindStillUnauth  = "auth.ErrStillUnauthorized, other reason"
	kindRefresh      = "auth.ErrRefreshFailed"
	kindSignedOut    = "auth.ErrSignedOut"
	kindOtherStatus  = "other status"
	kindNetwork      = "network error"
	kindDeadline     = "deadline exceeded"
	kindUntyped      = "other error"
	kindNeverEnded   = "never ended"
	expectedKindsEnd = 4 // kinds before this index are expected outcomes
)

var kinds = []string{kindOK, kindFault, kindStillRevoked, kindStillExpired, kindStillUnauth, kindRefresh, kindSignedOut, kindOtherStatus, kindNetwork, kindDeadline, kindUntyped, kindNeverEnded}

// result is what one phase measured.
type result struct {
	phase
	elapsed        time.Duration
	sent           int64
	outcomes       map[string]int64
	examples       map[string]string
	all, ok        histogram
	stats          authtest.Stats
	revokeCalls    int64
	revokedTokens  int64
	expiries       int64
	revocations    int64
	unprompted     int64 // refreshes of a generation the resource never refused
	peakGoroutines int
	peakHeap       uint64
	stoppedEarly   bool
	final          auth.State
}

func runPhase(o options, p phase) (*result, error) {
	rng := rand.New(rand.NewPCG(o.seed, uint64(len(p.name))))
	srv := authtest.New(
		authtest.WithAccessTTL(p.ttl),
		authtest.WithTokenLatency(o.tokenLatency),
		authtest.WithResourceLatency(o.resourceLatency),
	)
	defer srv.Close()
	tr := &http.Transport{MaxIdleConns: 2 * o.callers, MaxIdleConnsPerHost: 2 * o.callers, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}

	deaths := newDeathLog()
	faults := newFaultFeeder(srv, p.faultRate, rng)
	srv.OnEvent(func(ev authtest.Event) {
		deaths.observe(ev)
		faults.observe(ev)
	})
	defer srv.OnEvent(nil)

	session := auth.NewSession(auth.OAuth2Refresh(srv.TokenURL(), auth.WithHTTPClient(client)),
		auth.WithExpiryMargin(o.margin),
		auth.WithRefreshTimeout(o.refreshTimeout),
		auth.WithReauthLimit(o.reauthLimit),
		auth.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	pair := srv.SignIn("soak")
	if err := session.SignIn(auth.TokenPair{AccessToken: auth.Token(pair.AccessToken), RefreshToken: auth.Token(pair.RefreshToken), Expiry: pair.Expiry}); err != nil {
		return nil, err
	}

	send := reauthSender(session, client, srv.ResourceURL())
	if o.transport {
		send = transportSender(session, tr, srv.ResourceURL())
	}

	r := &result{phase: p, outcomes: map[string]int64{}, examples: map[string]string{}}
	ctx, stop := context.WithCancel(context.Background())
	var background sync.WaitGroup
	background.Go(func() { r.peakGoroutines, r.peakHeap = sample(ctx, 20*time.Millisecond) })
	if p.revokeEvery > 0 {
		background.Go(func() { r.revokeCalls, r.revokedTokens = revoke(ctx, srv, p.revokeEvery, rng) })
	}

	start := time.Now()
	sendUntil := start.Add(o.maxDuration)
	var tickets atomic.Int64
	var mu sync.Mutex
	var callers sync.WaitGroup
	for range o.callers {
		callers.Go(func() {
			local := map[string]int64{}
			examples := map[string]string{}
			var all, ok histogram
			for tickets.Add(1) <= int64(p.requests) {
				if time.Now().After(sendUntil) {
					break
				}
				reqCtx, cancel := context.WithTimeout(context.Background(), o.requestTimeout)
				began := time.Now()
				kind, example := send(reqCtx)
				took := time.Since(began)
				cancel()
				local[kind]++
				if example != "" && examples[kind] == "" {
					examples[kind] = example
				}
				all.record(took)
				if kind == kindOK {
					ok.record(took)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for k, n := range local {
				r.outcomes[k] += n
			}
			for k, e := range examples {
				if r.examples[k] == "" {
					r.examples[k] = e
				}
			}
			r.all.merge(&all)
			r.ok.merge(&ok)
		})
	}
	callers.Wait()
	r.elapsed = time.Since(start)
	stop()
	background.Wait()

	for _, n := range r.outcomes {
		r.sent += n
	}
	r.stoppedEarly = r.sent < int64(p.requests)
	r.final = session.State()
	if err := session.Close(); err != nil {
		return nil, fmt.Errorf("closing the session: %w", err)
	}
	r.stats = srv.Stats()
	r.expiries, r.revocations, r.unprompted = deaths.counts()
	return r, nil
}

// sender sends one request and says how it ended, with an example error
// message for the kinds that are not a success.
type sender func(ctx context.Context) (kind, example string)

func reauthSender(s *auth.Session, client *http.Client, url string) sender {
	req := streams.Pipe(httpobs.Get(url, httpobs.WithClient(client)), s.Reauth())
	return func(ctx context.Context) (string, string) {
		values, err := streams.Collect(ctx, req)
		if err == nil {
			if len(values) == 1 && values[0].(*httpobs.Response).StatusCode == http.StatusOK {
				return kindOK, ""
			}
			return kindUntyped, fmt.Sprintf("%d values", len(values))
		}
		return classify(ctx, err), err.Error()
	}
}

func transportSender(s *auth.Session, base http.RoundTripper, url string) sender {
	client := &http.Client{Transport: s.Transport(base)}
	return func(ctx context.Context) (string, string) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return kindUntyped, err.Error()
		}
		resp, err := client.Do(req)
		if err != nil {
			return classify(ctx, err), err.Error()
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		switch {
		case err != nil:
			return classify(ctx, err), err.Error()
		case resp.StatusCode == http.StatusOK:
			return kindOK, ""
		case resp.StatusCode == http.StatusInternalServerError:
			return kindFault, ""
		case resp.StatusCode == http.StatusUnauthorized:
			// Transport hands back the last 401 when re-authenticating
			// did not help: Reauth's ErrStillUnauthorized.
			c, _ := httpobs.ParseChallenge(resp.Header.Get("WWW-Authenticate"))
			return stillUnauthorized(c), "401 after re-authentication: " + resp.Header.Get("WWW-Authenticate")
		}
		return kindOtherStatus, resp.Status
	}
}

// classify names the kind of a request's error.
func classify(ctx context.Context, err error) string {
	var se *httpobs.StatusError
	var re *httpobs.RequestError
	switch {
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return kindDeadline
	case errors.Is(err, auth.ErrStillUnauthorized):
		var c *httpobs.Challenge
		if errors.As(err, &se) {
			c = se.Challenge
		}
		return stillUnauthorized(c)
	case errors.Is(err, auth.ErrRefreshFailed):
		return kindRefresh
	case errors.Is(err, auth.ErrSignedOut):
		return kindSignedOut
	case errors.As(err, &se) && se.StatusCode == http.StatusInternalServerError:
		return kindFault
	case errors.As(err, &se):
		return kindOtherStatus
	case errors.As(err, &re):
		return kindNetwork
	}
	return kindUntyped
}

// stillUnauthorized names the kind of a rejection that outlasted
// re-authentication by the reason the resource gave: the fresh token was
// revoked, or expired, before the retry reached the server.
func stillUnauthorized(c *httpobs.Challenge) string {
	switch {
	case c == nil:
		return kindStillUnauth
	case c.ErrorDescription == "token revoked":
		return kindStillRevoked
	case c.ErrorDescription == "token expired":
		return kindStillExpired
	}
	return kindStillUnauth
}

// deathLog follows, from the server's events, how each access token
// generation of the session's family ended: the reason the resource first
// refused it, and whether it was refused before it was replaced.
type deathLog struct {
	mu      sync.Mutex
	refused map[int]string // generation: first refusal's reason
	// refreshedUnrefused counts rotations of a generation nobody saw
	// refused.
	refreshedUnrefused int64
}

func newDeathLog() *deathLog { return &deathLog{refused: map[int]string{}} }

func (d *deathLog) observe(ev authtest.Event) {
	switch ev.Kind {
	case authtest.EventResourceDenied:
		reason := "other"
		switch {
		case strings.HasSuffix(ev.Detail, "token expired"):
			reason = "expired"
		case strings.HasSuffix(ev.Detail, "token revoked"):
			reason = "revoked"
		}
		d.mu.Lock()
		if _, seen := d.refused[ev.Generation]; !seen {
			d.refused[ev.Generation] = reason
		}
		d.mu.Unlock()
	case authtest.EventRefresh:
		// ev.Generation is the new generation; the old one was replaced.
		d.mu.Lock()
		if _, seen := d.refused[ev.Generation-1]; !seen {
			d.refreshedUnrefused++
		}
		d.mu.Unlock()
	}
}

// counts returns the generations first refused as expired, as revoked,
// and the rotations of generations never refused.
func (d *deathLog) counts() (expired, revoked, unprompted int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, reason := range d.refused {
		switch reason {
		case "expired":
			expired++
		case "revoked":
			revoked++
		}
	}
	return expired, revoked, d.refreshedUnrefused
}

// faultFeeder queues one 500 on the resource at a random position within
// every block of 1/rate resource calls, so that rate of them fail.
type faultFeeder struct {
	srv   *authtest.Server
	block int64
	mu    sync.Mutex
	rng   *rand.Rand
	calls int64
	next  int64 // the call count at which to queue the next fault
}

func newFaultFeeder(srv *authtest.Server, rate float64, rng *rand.Rand) *faultFeeder {
	f := &faultFeeder{srv: srv, rng: rng}
	if rate > 0 {
		f.block = int64(math.Round(1 / rate))
		f.next = 1 + f.rng.Int64N(f.block)
	}
	return f
}

func (f *faultFeeder) observe(ev authtest.Event) {
	if f.block == 0 || ev.Path != "/resource" {
		return
	}
	f.mu.Lock()
	f.calls++
	due := f.calls == f.next
	if f.calls%f.block == 0 {
		f.next = f.calls + 1 + f.rng.Int64N(f.block)
	}
	f.mu.Unlock()
	if due {
		f.srv.ResourceFaults().Next(authtest.Respond(http.StatusInternalServerError, nil, "injected fault"), 1)
	}
}

// revoke revokes every live access token at exponentially distributed
// intervals of mean every, until ctx ends, and returns how many times it
// did and how many tokens that revoked.
func revoke(ctx context.Context, srv *authtest.Server, every time.Duration, rng *rand.Rand) (calls, tokens int64) {
	for {
		wait := time.Duration(rng.ExpFloat64() * float64(every))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return calls, tokens
		case <-t.C:
		}
		calls++
		tokens += int64(srv.RevokeAccessTokens())
	}
}

// sample reads the process's goroutines and live heap every interval until
// ctx ends, and returns their peaks.
func sample(ctx context.Context, interval time.Duration) (goroutines int, heap uint64) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		goroutines = max(goroutines, runtime.NumGoroutine())
		metrics.Read(s)
		if s[0].Value.Kind() == metrics.KindUint64 {
			heap = max(heap, s[0].Value.Uint64())
		}
		select {
		case <-ctx.Done():
			return goroutines, heap
		case <-tick.C:
		}
	}
}

func (r *result) report(out io.Writer) {
	fmt.Fprintf(out, "## %s: %d requests in %v (%.0f requests/s)", r.name, r.sent, r.elapsed.Round(time.Millisecond), float64(r.sent)/r.elapsed.Seconds())
	if r.stoppedEarly {
		fmt.Fprintf(out, ", STOPPED EARLY at -max-duration (%d asked)", r.requests)
	}
	fmt.Fprintf(out, "\n\n| outcome | requests | example |\n|---|---|---|\n")
	for _, k := range kinds {
		if n := r.outcomes[k]; n > 0 || k == kindOK {
			fmt.Fprintf(out, "| %s | %d | %s |\n", k, n, strings.ReplaceAll(r.examples[k], "|", "/"))
		}
	}
	st := r.stats
	fmt.Fprintf(out, "\nserver: %d resource calls (%d ok, %d refused 401, %d injected faults, %d other); %d token endpoint calls (%d refreshes, %d denied, %d reuse detections)\n",
		st.ResourceCalls, st.ResourceOK, st.ResourceUnauthorized, st.ResourceFaults, st.ResourceOther, st.RefreshCalls, st.Refreshes, st.RefreshDenied, st.ReuseDetections)
	fmt.Fprintf(out, "token deaths noticed: %d expiries + %d revocations = %d; refreshes %d; refreshes of a token never refused %d; revocation calls %d (%d tokens revoked)\n",
		r.expiries, r.revocations, r.expiries+r.revocations, st.Refreshes, r.unprompted, r.revokeCalls, r.revokedTokens)
	fmt.Fprintf(out, "session at the end: %s, generation %d\n", r.final.Status, r.final.Generation)
	fmt.Fprintf(out, "peak goroutines %d, peak live heap %.1f MiB (client and server in one process)\n\n", r.peakGoroutines, float64(r.peakHeap)/(1<<20))
	fmt.Fprintf(out, "| latency | p50 | p90 | p99 | p99.9 | max |\n|---|---|---|---|---|---|\n| all | %s |\n| ok | %s |\n\n", r.all.row(), r.ok.row())
}

// lost counts requests that ended with neither a success nor an expected
// typed error, or never ended.
func (r *result) lost() int64 {
	var n int64
	for i, k := range kinds {
		if i >= expectedKindsEnd {
			n += r.outcomes[k]
		}
	}
	return n
}

func (r *result) goalsMet(out io.Writer) bool {
	ok := true
	check := func(met bool, format string, args ...any) {
		mark := "met"
		if !met {
			mark, ok = "MISSED", false
		}
		fmt.Fprintf(out, "- %s: %s\n", mark, fmt.Sprintf(format, args...))
	}
	fmt.Fprintf(out, "## Goals (%s)\n\n", r.name)
	check(r.lost() == 0, "lost requests %d (goal 0)", r.lost())
	check(r.stats.ReuseDetections == 0, "reuse detections %d (goal 0)", r.stats.ReuseDetections)
	check(r.stats.Refreshes == r.expiries+r.revocations && r.unprompted == 0,
		"refreshes %d = expiries %d + revocations %d, none of a token never refused (%d)", r.stats.Refreshes, r.expiries, r.revocations, r.unprompted)
	check(r.outcomes[kindFault] == r.stats.ResourceFaults, "every injected fault reached its caller: %d faults, %d callers told", r.stats.ResourceFaults, r.outcomes[kindFault])
	check(!r.stoppedEarly, "all %d requests sent", r.requests)
	fmt.Fprintln(out)
	return ok
}

// histogram records durations in microseconds with a relative error under
// 1%: exact below 128 µs, then 64 buckets per power of two.
type histogram struct {
	counts map[int]int64
	n      int64
	max    time.Duration
}

const subBuckets = 64

func bucketOf(us uint64) int {
	if us < 2*subBuckets {
		return int(us)
	}
	exp := bits.Len64(us) - 7 // us >> exp is in [64, 128)
	return exp*subBuckets + int(us>>exp)
}

func lowerBound(b int) time.Duration {
	if b < 2*subBuckets {
		return time.Duration(b) * time.Microsecond
	}
	exp := b/subBuckets - 1
	mant := b - exp*subBuckets
	return time.Duration(uint64(mant)<<exp) * time.Microsecond
}

func (h *histogram) record(d time.Duration) {
	if h.counts == nil {
		h.counts = map[int]int64{}
	}
	h.counts[bucketOf(uint64(max(d, 0)/time.Microsecond))]++
	h.n++
	h.max = max(h.max, d)
}

func (h *histogram) merge(o *histogram) {
	for b, n := range o.counts {
		if h.counts == nil {
			h.counts = map[int]int64{}
		}
		h.counts[b] += n
	}
	h.n += o.n
	h.max = max(h.max, o.max)
}

func (h *histogram) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	buckets := make([]int, 0, len(h.counts))
	for b := range h.counts {
		buckets = append(buckets, b)
	}
	sort.Ints(buckets)
	rank := int64(math.Ceil(q * float64(h.n)))
	var seen int64
	for _, b := range buckets {
		seen += h.counts[b]
		if seen >= rank {
			return lowerBound(b)
		}
	}
	return h.max
}

var quantiles = []float64{0.5, 0.9, 0.99, 0.999}

func (h *histogram) row() string {
	var cells []string
	for _, q := range quantiles {
		cells = append(cells, fmtDuration(h.quantile(q)))
	}
	return strings.Join(append(cells, fmtDuration(h.max)), " | ")
}

func (h *histogram) minus(base *histogram) string {
	var cells []string
	for _, q := range quantiles {
		cells = append(cells, fmtSigned(h.quantile(q)-base.quantile(q)))
	}
	return strings.Join(append(cells, fmtSigned(h.max-base.max)), " | ")
}

func fmtDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%d µs", d/time.Microsecond)
	case d < time.Second:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func fmtSigned(d time.Duration) string {
	if d < 0 {
		return "-" + fmtDuration(-d)
	}
	return "+" + fmtDuration(d)
}
