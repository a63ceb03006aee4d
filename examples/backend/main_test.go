package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testConfig is a fast backend: events every few milliseconds, and an API
// that answers at once.
func testConfig() config {
	cfg := defaultConfig()
	cfg.duration = 0
	cfg.tick = 15 * time.Millisecond
	cfg.webhookEvery = 40 * time.Millisecond
	cfg.revokeAt = 0
	cfg.latency = 5 * time.Millisecond
	cfg.status = 50 * time.Millisecond
	return cfg
}

// output is what the backend printed, line by line.
type output []string

func runBackend(t *testing.T, ctx context.Context, cfg config) (output, error) {
	t.Helper()
	var buf bytes.Buffer
	err := run(ctx, &buf, cfg)
	t.Logf("output:\n%s", buf.String())
	return strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n"), err
}

// timed is the text of the timed lines that match re, in order.
func (o output) timed(re string) [][]string {
	r := regexp.MustCompile(`^ +\d+\.\d\ds  ` + re + `$`)
	var found [][]string
	for _, l := range o {
		if m := r.FindStringSubmatch(l); m != nil {
			found = append(found, m)
		}
	}
	return found
}

// index is the index of the first line that matches re, or -1.
func (o output) index(re string) int {
	r := regexp.MustCompile(re)
	return slices.IndexFunc(o, r.MatchString)
}

// finalState parses the final state line.
func (o output) finalState(t *testing.T) (received, processed, failed, cancelled, inFlight int, rest string) {
	t.Helper()
	m := regexp.MustCompile(`^final state: received (\d+) · processed (\d+) · failed (\d+) · cancelled (\d+) · in flight (\d+) · (.*)$`).
		FindStringSubmatch(o[len(o)-2])
	require.NotNil(t, m, "final state line: %q", o[len(o)-2])
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	return n(m[1]), n(m[2]), n(m[3]), n(m[4]), n(m[5]), m[6]
}

// countsAddUp checks that every event received has exactly one outcome
// line, that the final state counts each event in exactly one bucket, and
// that the events in flight at shutdown are all accounted for.
func (o output) countsAddUp(t *testing.T) {
	t.Helper()
	received, processed, failed, cancelled, inFlight, _ := o.finalState(t)
	assert.Zero(t, inFlight, "nothing is left in flight once the store is closed")
	assert.Equal(t, received, processed+failed+cancelled+inFlight, "every event is in one bucket")
	assert.Len(t, o.timed(`event \d+ received from the (ticker|webhook)`), received)
	assert.Len(t, o.timed(`event \d+ processed \(token generation \d+\)`), processed)
	assert.Len(t, o.timed(`event \d+ failed: .*`), failed)
	assert.Len(t, o.timed(`event \d+ cancelled`), cancelled)
	for i := 1; i <= received; i++ {
		assert.Len(t, o.timed(fmt.Sprintf(`event %d (processed|failed|cancelled)\b.*`, i)), 1, "event %d has one outcome", i)
	}

	stop := o.timed(`shutting down \(.*\): sources stopped, webhook closed; finishing the (\d+) events? in flight`)
	closed := o.timed(`store closed; of the (\d+) events? in flight at shutdown, (\d+) processed, (\d+) failed, (\d+) cancelled`)
	require.Len(t, stop, 1)
	require.Len(t, closed, 1)
	assert.Equal(t, stop[0][1], closed[0][1], "the events in flight at shutdown")
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	assert.Equal(t, n(closed[0][1]), n(closed[0][2])+n(closed[0][3])+n(closed[0][4]), "each event in flight at shutdown ends one way")
}

// afterStop is the lines after the shutdown line that match re.
func (o output) afterStop(t *testing.T, re string) []string {
	t.Helper()
	stop := o.index(`^ +\d+\.\d\ds  shutting down \(`)
	require.GreaterOrEqual(t, stop, 0, "the shutdown line")
	r := regexp.MustCompile(re)
	var found []string
	for _, l := range o[stop+1:] {
		if r.MatchString(l) {
			found = append(found, l)
		}
	}
	return found
}

// serverStats parses the server's counters, the last line.
func (o output) serverStats(t *testing.T) (calls, unauthorized int, refreshes string) {
	t.Helper()
	m := regexp.MustCompile(`^server: (\d+) API calls? · (\d+)×401 · (.*)$`).FindStringSubmatch(o[len(o)-1])
	require.NotNil(t, m, "server line: %q", o[len(o)-1])
	calls, _ = strconv.Atoi(m[1])
	unauthorized, _ = strconv.Atoi(m[2])
	return calls, unauthorized, m[3]
}

// A revocation in the middle of the run: the next request meets a 401,
// the store refreshes once, the request is sent again, and every event is
// processed.
func TestBackendSurvivesRevocation(t *testing.T) {
	cfg := testConfig()
	cfg.events, cfg.revokeAt = 12, 6
	out, err := runBackend(t, t.Context(), cfg)
	require.NoError(t, err)

	for i := 1; i <= 12; i++ {
		assert.Len(t, out.timed(fmt.Sprintf(`event %d received from the (ticker|webhook)`, i)), 1, "event %d received once", i)
		processed := out.timed(fmt.Sprintf(`event %d processed \(token generation (\d)\)`, i))
		if assert.Len(t, processed, 1, "event %d processed once", i) && i >= cfg.revokeAt {
			assert.Equal(t, "2", processed[0][1], "event %d is sent after the revocation, so with the new token", i)
		}
	}
	assert.Empty(t, out.timed(`event \d+ failed: .*`))
	assert.NotEmpty(t, out.timed(`event \d+ received from the webhook`), "the webhook is one of the sources")

	revoked := out.index(`^ +\d+\.\d\ds  server: every access token revoked \(1\), as a key rotation would$`)
	require.GreaterOrEqual(t, revoked, 0)
	assert.Less(t, revoked, out.index(`s  event 6 received`), "the tokens are revoked as event 6 arrives")
	rejected := out.timed(`server: /resource/events/\d+ → 401 invalid_token: token revoked`)
	assert.NotEmpty(t, rejected)
	assert.NotEmpty(t, out.timed(`auth: token generation 1 rejected, refresh requested`))
	assert.Len(t, out.timed(`server: /token → 200, token generation 2 issued`), 1)
	assert.Len(t, out.timed(`auth: refreshed: new access token and rotated refresh token`), 1)

	assert.Len(t, out.timed(`shutting down \(12 events received\): sources stopped, webhook closed; finishing the \d+ events? in flight`), 1)
	assert.Len(t, out.timed(`store closed; of the \d+ events? in flight at shutdown, \d+ processed, 0 failed, 0 cancelled`), 1)
	received, processed, failed, cancelled, inFlight, auth := out.finalState(t)
	assert.Equal(t, []int{12, 12, 0, 0, 0}, []int{received, processed, failed, cancelled, inFlight})
	out.countsAddUp(t)
	assert.Equal(t, "auth signed in (token generation 2)", auth)
	calls, unauthorized, refreshes := out.serverStats(t)
	assert.Equal(t, "1 refresh", refreshes)
	assert.Equal(t, len(rejected), unauthorized)
	assert.Equal(t, 12+unauthorized, calls, "one call per event, and one more for each that was rejected")
}

func TestBackendStopsAfterDuration(t *testing.T) {
	cfg := testConfig()
	cfg.duration = 300 * time.Millisecond
	out, err := runBackend(t, t.Context(), cfg)
	require.NoError(t, err)

	assert.Equal(t, "stops after 300ms, or on Ctrl-C", out[3])
	assert.Len(t, out.timed(`shutting down \(300ms elapsed\): sources stopped, webhook closed; finishing the \d+ events? in flight`), 1)
	received, processed, failed, cancelled, inFlight, auth := out.finalState(t)
	assert.Positive(t, received)
	assert.Equal(t, received, processed, "every event that arrived is processed")
	assert.Zero(t, failed)
	assert.Zero(t, cancelled)
	assert.Zero(t, inFlight)
	out.countsAddUp(t)
	assert.Equal(t, "auth signed in (token generation 1)", auth)
	assert.NotEmpty(t, out.timed(`state: received \d+ · processed \d+ · failed 0 · cancelled 0 · in flight \d+ · auth signed in \(token generation 1\)`),
		"the state is printed as the backend runs")
	calls, unauthorized, refreshes := out.serverStats(t)
	assert.Equal(t, received, calls)
	assert.Zero(t, unauthorized)
	assert.Equal(t, "0 refreshes", refreshes)
}

// Cancelling the context is what Ctrl-C and SIGTERM do.
func TestBackendShutsDownWhenInterrupted(t *testing.T) {
	cfg := testConfig()
	cfg.latency = 50 * time.Millisecond
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(200*time.Millisecond, cancel)
	out, err := runBackend(t, ctx, cfg)
	require.NoError(t, err, "an interrupted backend shuts down gracefully")

	assert.Equal(t, "stops on Ctrl-C", out[3])
	assert.Len(t, out.timed(`shutting down \(interrupted\): sources stopped, webhook closed; finishing the \d+ events? in flight`), 1)
	received, processed, failed, cancelled, inFlight, _ := out.finalState(t)
	assert.Positive(t, received)
	assert.Equal(t, received, processed)
	assert.Zero(t, failed)
	assert.Zero(t, cancelled)
	assert.Zero(t, inFlight)
	out.countsAddUp(t)
}

// An event still being processed when the shutdown begins is finished,
// not dropped: the API takes far longer to answer than the shutdown takes
// to get to closing the store.
func TestBackendFinishesWorkInFlight(t *testing.T) {
	cfg := testConfig()
	cfg.events, cfg.latency = 1, 500*time.Millisecond
	out, err := runBackend(t, t.Context(), cfg)
	require.NoError(t, err)

	assert.Len(t, out.timed(`shutting down \(1 event received\): sources stopped, webhook closed; finishing the 1 event in flight`), 1)
	assert.Len(t, out.timed(`store closed; of the 1 event in flight at shutdown, 1 processed, 0 failed, 0 cancelled`), 1)
	assert.Len(t, out.timed(`event 1 received from the (ticker|webhook)`), 1)
	received, processed, failed, cancelled, inFlight, _ := out.finalState(t)
	assert.Equal(t, []int{1, 1, 0, 0, 0}, []int{received, processed, failed, cancelled, inFlight})
	out.countsAddUp(t)
}

// Work that outlasts the grace period is cancelled, and run says so. Each
// cancelled event is counted once, as cancelled and not also as in flight:
// those being reported to the API, and those waiting for their turn behind
// the concurrency limit.
func TestBackendGracePeriod(t *testing.T) {
	for _, tc := range []struct {
		name   string
		events int
		lines  []string
	}{
		{"an event being reported", 1, []string{
			`the 50ms grace period is over: cancelling the 1 event in flight`,
			`event 1 cancelled`,
			`store closed; of the 1 event in flight at shutdown, 0 processed, 0 failed, 1 cancelled`,
		}},
		{"events waiting behind the concurrency limit", 6, []string{
			`shutting down \(6 events received\): sources stopped, webhook closed; finishing the 6 events in flight`,
			`the 50ms grace period is over: cancelling the 6 events in flight`,
			`store closed; of the 6 events in flight at shutdown, 0 processed, 0 failed, 6 cancelled`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.events, cfg.concurrency, cfg.latency, cfg.grace = tc.events, 4, 2*time.Second, 50*time.Millisecond
			started := time.Now()
			out, err := runBackend(t, t.Context(), cfg)
			require.EqualError(t, err, "work in flight outlasted the 50ms grace period and was cancelled")
			assert.Less(t, time.Since(started), cfg.latency, "the shutdown does not wait for the API")
			for _, l := range tc.lines {
				assert.Len(t, out.timed(l), 1, "line %s", l)
			}
			received, processed, failed, cancelled, inFlight, _ := out.finalState(t)
			assert.Equal(t, []int{tc.events, 0, 0, tc.events, 0}, []int{received, processed, failed, cancelled, inFlight})
			out.countsAddUp(t)
		})
	}
}

// Nothing a source delivers is printed after the shutdown line: the
// ticker, the webhook and the state printer all fire often, and the run
// ends on a tick of each.
func TestBackendPrintsNoEventAfterTheShutdownLine(t *testing.T) {
	cfg := testConfig()
	cfg.duration, cfg.tick, cfg.webhookEvery, cfg.status = 200*time.Millisecond, 5*time.Millisecond, 5*time.Millisecond, 10*time.Millisecond
	out, err := runBackend(t, t.Context(), cfg)
	require.NoError(t, err)
	assert.Empty(t, out.afterStop(t, `^ +\d+\.\d\ds  (event \d+ received|state:) `))
	out.countsAddUp(t)
}

func TestBackendCannotListen(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	cfg := testConfig()
	cfg.addr = ln.Addr().String()
	var out bytes.Buffer
	err = run(t.Context(), &out, cfg)
	require.ErrorContains(t, err, "listening for the webhook on "+cfg.addr+": ")
	assert.Empty(t, out.String())
}

func TestBackendRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		change func(*config)
		want   string
	}{
		{func(c *config) { c.duration = -time.Second }, "-duration must not be negative, got -1s"},
		{func(c *config) { c.events = -1 }, "-events must not be negative, got -1"},
		{func(c *config) { c.tick = 0 }, "-tick must be positive, got 0s"},
		{func(c *config) { c.webhookEvery = 0 }, "-webhook-every must be positive, got 0s"},
		{func(c *config) { c.revokeAt = -2 }, "-revoke-at must not be negative, got -2"},
		{func(c *config) { c.latency = -time.Millisecond }, "-latency must not be negative, got -1ms"},
		{func(c *config) { c.concurrency = 0 }, "-concurrency must be at least 1, got 0"},
		{func(c *config) { c.status = 0 }, "-status must be positive, got 0s"},
		{func(c *config) { c.grace = 0 }, "-grace must be positive, got 0s"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			cfg := testConfig()
			tc.change(&cfg)
			var out bytes.Buffer
			err := run(t.Context(), &out, cfg)
			require.ErrorIs(t, err, errBadConfig)
			assert.Equal(t, "bad flags: "+tc.want, err.Error())
			assert.Empty(t, out.String())
		})
	}
}
