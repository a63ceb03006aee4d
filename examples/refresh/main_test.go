package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// inBubble runs the demo on virtual time, against an in-memory server in a
// synctest bubble: the latencies and the wait for the token to expire take
// no real time, and every printed time is exact.
func inBubble(t *testing.T, cfg config) (string, error) {
	t.Helper()
	var out bytes.Buffer
	var err error
	synctest.Test(t, func(t *testing.T) {
		cfg.newServer = authtest.NewInMemory
		err = run(t.Context(), &out, cfg)
	})
	return out.String(), err
}

func TestDemo(t *testing.T) {
	out, err := inBubble(t, defaultConfig())
	require.NoError(t, err)
	assert.Equal(t, `rxepic refresh demo: 3 concurrent requests with an expired access token
server: access tokens live 300ms, resource latency 50ms, token endpoint latency 30ms
    0–50 ms  #1 GET /resource/1 → 401 invalid_token: token expired
    0–50 ms  #2 GET /resource/2 → 401 invalid_token: token expired
    0–50 ms  #3 GET /resource/3 → 401 invalid_token: token expired
   50–80 ms  refresh POST /token → 200 new access token and rotated refresh token (generation 2)
  80–130 ms  #1 retry GET /resource/1 → 200
  80–130 ms  #2 retry GET /resource/2 → 200
  80–130 ms  #3 retry GET /resource/3 → 200
3 requests · 3×401 · 1 refresh · 3×200
`, out)
}

func TestDemoFailedRefreshFailsEveryRequest(t *testing.T) {
	cfg := defaultConfig()
	cfg.fail = true
	out, err := inBubble(t, cfg)
	require.NoError(t, err)
	reason := "auth: refresh failed: auth: token endpoint answered 400 invalid_grant: refresh token expired"
	assert.Equal(t, `rxepic refresh demo: 3 concurrent requests with an expired access token
server: access tokens live 300ms, resource latency 50ms, token endpoint latency 30ms, refresh token expired too
   0–50 ms  #1 GET /resource/1 → 401 invalid_token: token expired
   0–50 ms  #2 GET /resource/2 → 401 invalid_token: token expired
   0–50 ms  #3 GET /resource/3 → 401 invalid_token: token expired
  50–80 ms  refresh POST /token → 400 invalid_grant: refresh token expired
     80 ms  session signed out: `+reason+`
     80 ms  #1 failed: auth: signed out: `+reason+`
     80 ms  #2 failed: auth: signed out: `+reason+`
     80 ms  #3 failed: auth: signed out: `+reason+`
3 requests · 3×401 · 1 refresh (failed) · 3 failed · signed out
`, out)
}

// Up to drawnRequests requests, every exchange has its line.
func TestDemoDrawsEveryExchangeUpToTheThreshold(t *testing.T) {
	cfg := defaultConfig()
	cfg.requests = drawnRequests
	out, err := inBubble(t, cfg)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 2+drawnRequests+1+drawnRequests+1)
	assert.Equal(t, "20 requests · 20×401 · 1 refresh · 20×200", lines[len(lines)-1])
	refresh := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "refresh POST /token → 200") })
	for i := 1; i <= drawnRequests; i++ {
		first := indexTrimmed(lines, fmt.Sprintf("0–50 ms  #%d GET /resource/%d → 401 invalid_token: token expired", i, i))
		retry := indexTrimmed(lines, fmt.Sprintf("80–130 ms  #%d retry GET /resource/%d → 200", i, i))
		assert.True(t, 0 <= first && first < refresh && refresh < retry, "request %d: first attempt at line %d, refresh at %d, retry at %d", i, first, refresh, retry)
	}
}

// Beyond drawnRequests requests, the timeline is one line per phase.
func TestDemoSummarisesManyRequests(t *testing.T) {
	cfg := defaultConfig()
	cfg.requests = 1000
	out, err := inBubble(t, cfg)
	require.NoError(t, err)
	assert.Equal(t, `rxepic refresh demo: 1000 concurrent requests with an expired access token
server: access tokens live 300ms, resource latency 50ms, token endpoint latency 30ms
    0–50 ms  1000× GET /resource/N → 401 invalid_token: token expired
   50–80 ms  refresh POST /token → 200 new access token and rotated refresh token (generation 2)
  80–130 ms  1000× retry GET /resource/N → 200
1000 requests · 1000×401 · 1 refresh · 1000×200
`, out)
}

func TestDemoSummarisesManyFailures(t *testing.T) {
	cfg := defaultConfig()
	cfg.requests, cfg.fail = drawnRequests+1, true
	out, err := inBubble(t, cfg)
	require.NoError(t, err)
	reason := "auth: refresh failed: auth: token endpoint answered 400 invalid_grant: refresh token expired"
	assert.Equal(t, `rxepic refresh demo: 21 concurrent requests with an expired access token
server: access tokens live 300ms, resource latency 50ms, token endpoint latency 30ms, refresh token expired too
   0–50 ms  21× GET /resource/N → 401 invalid_token: token expired
  50–80 ms  refresh POST /token → 400 invalid_grant: refresh token expired
     80 ms  session signed out: `+reason+`
     80 ms  21× failed: auth: signed out: `+reason+`
21 requests · 21×401 · 1 refresh (failed) · 21 failed · signed out
`, out)
}

// indexTrimmed is the index of the line that is want once its leading
// spaces are trimmed, or -1.
func indexTrimmed(lines []string, want string) int {
	return slices.IndexFunc(lines, func(l string) bool { return strings.TrimLeft(l, " ") == want })
}

func TestDemoWithoutLatency(t *testing.T) {
	cfg := defaultConfig()
	cfg.requests, cfg.latency, cfg.tokenLatency = 1, 0, 0
	out, err := inBubble(t, cfg)
	require.NoError(t, err)
	// Everything happens at once on virtual time, and is still drawn in
	// the order of cause and effect.
	assert.Equal(t, `rxepic refresh demo: 1 request with an expired access token
server: access tokens live 300ms, resource latency 0s, token endpoint latency 0s
  0–0 ms  #1 GET /resource/1 → 401 invalid_token: token expired
  0–0 ms  refresh POST /token → 200 new access token and rotated refresh token (generation 2)
  0–0 ms  #1 retry GET /resource/1 → 200
1 request · 1×401 · 1 refresh · 1×200
`, out)
}

// The session's logs are timed from the start of the burst, in the
// timeline's milliseconds: the refresh starts at 50 ms and ends at 80 ms.
func TestDemoLogsOnTheTimelinesClock(t *testing.T) {
	for _, tc := range []struct {
		fail bool
		want []string
	}{
		{false, []string{
			`time=+50ms level=DEBUG msg="auth: refreshing" generation=1 refresh_token=sha256:`,
			`time=+80ms level=DEBUG msg="auth: refreshed" generation=2 access_token=sha256:`,
		}},
		{true, []string{
			`time=+50ms level=DEBUG msg="auth: refreshing" generation=1 refresh_token=sha256:`,
			`time=+80ms level=WARN msg="auth: refresh failed, signing out" error="auth: refresh failed: auth: token endpoint answered 400 invalid_grant: refresh token expired"`,
		}},
	} {
		t.Run(fmt.Sprintf("fail=%v", tc.fail), func(t *testing.T) {
			var log bytes.Buffer
			cfg := defaultConfig()
			cfg.fail, cfg.log = tc.fail, &log
			out, err := inBubble(t, cfg)
			require.NoError(t, err)
			assert.Contains(t, out, " 50–80 ms  refresh POST /token → ")
			lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
			require.Len(t, lines, len(tc.want), "log:\n%s", log.String())
			for i, want := range tc.want {
				assert.True(t, strings.HasPrefix(lines[i], want), "line %d: %s\nwant prefix: %s", i, lines[i], want)
			}
		})
	}
}

// Before the burst there is no timeline to time a line by.
func TestLoggerBeforeTheTimelineBegins(t *testing.T) {
	var log bytes.Buffer
	tl := newTimeline()
	logger := newLogger(&log, tl)
	logger.Info("before")
	tl.begin(time.Now().Add(-1500 * time.Microsecond))
	logger.Info("after")
	assert.Equal(t, "level=INFO msg=before\ntime=+1ms level=INFO msg=after\n", log.String())
}

// On real sockets, as `go run ./examples/refresh` runs it. Times and how
// many requests were still on their way when the first 401 came back
// depend on the machine, so only the outcome is checked: one refresh and
// every request answered 200. The tokens live long enough that the new one
// is still good when the retries arrive, however slow the machine.
func TestDemoOnLoopback(t *testing.T) {
	cfg := defaultConfig()
	cfg.ttl = time.Second
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out, cfg))
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	assert.Regexp(t, `^3 requests · [123]×401 · 1 refresh · 3×200$`, lines[len(lines)-1], "output:\n%s", out.String())
	for i := 1; i <= 3; i++ {
		assert.Contains(t, out.String(), fmt.Sprintf(" ms  #%d GET /resource/%d → ", i, i))
		assert.Regexp(t, fmt.Sprintf(` ms  #%d (retry )?GET /resource/%d → 200\n`, i, i), out.String())
	}
}

func TestDemoRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		change func(*config)
		flag   string
	}{
		{func(c *config) { c.requests = 0 }, "-n must be at least 1, got 0"},
		{func(c *config) { c.requests = 1001 }, "-n must be at most 1000, got 1001"},
		{func(c *config) { c.latency = -time.Millisecond }, "-latency must not be negative, got -1ms"},
		{func(c *config) { c.tokenLatency = -time.Second }, "-token-latency must not be negative, got -1s"},
		{func(c *config) { c.ttl = 0 }, "-ttl must be positive, got 0s"},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			cfg := defaultConfig()
			tc.change(&cfg)
			var out bytes.Buffer
			err := run(t.Context(), &out, cfg)
			require.ErrorIs(t, err, errBadConfig)
			assert.Equal(t, "bad flags: "+tc.flag, err.Error())
			assert.Empty(t, out.String(), "nothing runs with a bad config")
		})
	}
}

func TestDemoStopsWhenCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := defaultConfig()
		cfg.newServer = authtest.NewInMemory
		cfg.ttl = time.Hour
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(time.Minute, cancel)
		var out bytes.Buffer
		err := run(ctx, &out, cfg)
		require.ErrorIs(t, err, context.Canceled)
		assert.NotContains(t, out.String(), " ms  ", "no timeline without a burst")
	})
}

// The timeline is drawn from what is recorded, whatever order it arrives
// in: lines sent together are drawn at one time, by rank then request.
func TestTimelineOrder(t *testing.T) {
	tl, at := begunTimeline()
	// Request 2 is sent first but only by a fraction of a millisecond.
	tl.sending(2, at(0.2))
	tl.sending(1, at(0.9))
	tl.serverEvent(authtest.Event{Kind: authtest.EventResourceDenied, Start: at(1.5), Time: at(51), Path: "/resource/2", Status: 401, Detail: "invalid_token: token expired"})
	tl.serverEvent(authtest.Event{Kind: authtest.EventResourceDenied, Start: at(1.1), Time: at(50.5), Path: "/resource/1", Status: 401, Detail: "invalid_token: token expired"})
	tl.serverEvent(authtest.Event{Kind: authtest.EventRefresh, Start: at(51.2), Time: at(81.7), Path: "/token", Status: 200, Generation: 2})
	tl.sending(2, at(82.1))
	tl.sending(1, at(83.4))
	tl.serverEvent(authtest.Event{Kind: authtest.EventResourceOK, Start: at(84), Time: at(134), Path: "/resource/1", Status: 200})
	tl.serverEvent(authtest.Event{Kind: authtest.EventResourceOK, Start: at(84), Time: at(135), Path: "/resource/2", Status: 200})
	tl.failure(at(140), 3, errors.New("boom"))
	tl.signOut(at(139.5), nil)
	tl.serverEvent(authtest.Event{Kind: authtest.EventRevoke, Start: at(1), Time: at(1)}) // not drawn

	var out bytes.Buffer
	tl.print(&out)
	assert.Equal(t, strings.Join([]string{
		"    0–50 ms  #1 GET /resource/1 → 401 invalid_token: token expired",
		"    0–51 ms  #2 GET /resource/2 → 401 invalid_token: token expired",
		"   51–81 ms  refresh POST /token → 200 new access token and rotated refresh token (generation 2)",
		"  82–134 ms  #1 retry GET /resource/1 → 200",
		"  82–135 ms  #2 retry GET /resource/2 → 200",
		"     139 ms  session signed out",
		"     139 ms  #3 failed: boom",
	}, "\n")+"\n", out.String())
}

// begunTimeline returns a timeline begun at some instant, and the time a
// number of milliseconds after it.
func begunTimeline() (*timeline, func(ms float64) time.Time) {
	t0 := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	tl := newTimeline()
	tl.begin(t0)
	return tl, func(ms float64) time.Time { return t0.Add(time.Duration(ms * float64(time.Millisecond))) }
}

// Requests that went the same way share a line, which spans their times;
// requests that went another way, and lines about the session, have their
// own.
func TestTimelinePhases(t *testing.T) {
	tl, at := begunTimeline()
	for n := 1; n <= 3; n++ {
		tl.sending(n, at(float64(n)))
	}
	tl.serverEvent(authtest.Event{Kind: authtest.EventResourceDenied, Start: at(2), Time: at(52), Path: "/resource/2", Status: 401, Detail: "invalid_token: token expired"})
	tl.serverEvent(authtest.Event{Kind: authtest.EventResourceDenied, Start: at(1), Time: at(50), Path: "/resource/1", Status: 401, Detail: "invalid_token: token expired"})
	tl.serverEvent(authtest.Event{Kind: authtest.EventAborted, Start: at(3), Time: at(40), Path: "/resource/3"})
	tl.serverEvent(authtest.Event{Kind: authtest.EventRefresh, Start: at(52), Time: at(82), Path: "/token", Status: 200, Generation: 2})
	tl.sending(1, at(83))
	tl.serverEvent(authtest.Event{Kind: authtest.EventResourceOK, Start: at(83), Time: at(133), Path: "/resource/1", Status: 200})
	tl.failure(at(90), 2, errors.New(`Get "http://127.0.0.1:1/resource/2": connection reset`))
	tl.failure(at(95), 3, errors.New(`Get "http://127.0.0.1:1/resource/3": connection reset`))

	var out bytes.Buffer
	tl.printPhases(&out)
	assert.Equal(t, strings.Join([]string{
		"    1–52 ms  2× GET /resource/N → 401 invalid_token: token expired",
		"    3–40 ms  1× GET /resource/N → no answer: the client went away",
		"   52–82 ms  refresh POST /token → 200 new access token and rotated refresh token (generation 2)",
		"  83–133 ms  1× retry GET /resource/N → 200",
		"   90–95 ms  2× failed: Get \"http://127.0.0.1:1/resource/N\": connection reset",
	}, "\n")+"\n", out.String())
}

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		requests, failed int
		stats            authtest.Stats
		signedOut        bool
		want             string
	}{
		{3, 0, authtest.Stats{ResourceUnauthorized: 3, RefreshCalls: 1, Refreshes: 1, ResourceOK: 3}, false,
			"3 requests · 3×401 · 1 refresh · 3×200"},
		{3, 3, authtest.Stats{ResourceUnauthorized: 3, RefreshCalls: 1, RefreshDenied: 1}, true,
			"3 requests · 3×401 · 1 refresh (failed) · 3 failed · signed out"},
		{1, 0, authtest.Stats{ResourceOK: 1}, false,
			"1 request · 0×401 · 0 refreshes · 1×200"},
		{4, 1, authtest.Stats{ResourceUnauthorized: 5, RefreshCalls: 2, Refreshes: 1, ResourceOK: 3}, false,
			"4 requests · 5×401 · 2 refreshes (1 failed) · 3×200 · 1 failed"},
	} {
		t.Run(fmt.Sprint(tc.want), func(t *testing.T) {
			assert.Equal(t, tc.want, summary(tc.requests, tc.stats, tc.failed, tc.signedOut))
		})
	}
}
