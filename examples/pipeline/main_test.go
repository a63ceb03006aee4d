package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// atMost matches the one line whose figure depends on timing: how many
// requests the server saw at once.
var atMost = regexp.MustCompile(`(?m)^  the server saw at most (\d+) requests at once$`)

// runDemo runs the demo and returns its output with the concurrency the
// server saw taken out, and that concurrency.
func runDemo(t *testing.T, cfg config) (string, int) {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out, cfg))
	m := atMost.FindStringSubmatch(out.String())
	require.NotNil(t, m, "output:\n%s", out.String())
	n, err := strconv.Atoi(m[1])
	require.NoError(t, err)
	return atMost.ReplaceAllString(out.String(), "  the server saw at most N requests at once"), n
}

func TestDemo(t *testing.T) {
	cfg := defaultConfig()
	out, concurrency := runDemo(t, cfg)
	assert.Equal(t, `rxepic pipeline demo

fan-out: 20 requests, at most 4 at a time (httpobs.FanOut)
  20 answers, for ids 1–20; sum of squares 2870
  the server saw at most N requests at once

chain: the second request is built from the first answer (streams.SwitchMap)
  GET /users/1 → Ada Lovelace, team_id 7
  GET /teams/7 → Analytical Engine, 3 members

retry: a flaky endpoint, up to 4 attempts with exponential backoff (httpobs.Retry)
  attempt 1 → 503 Service Unavailable
  attempt 2 → 503 Service Unavailable
  attempt 3 → 200 OK
  ok after 3 attempts: status "ok"

timeout: a slow endpoint, 100ms per request (httpobs.Timeout)
  GET /slow → httpobs: GET /slow: request timed out after 100ms
  errors.Is(err, context.DeadlineExceeded) = true, errors.As(err, *httpobs.TimeoutError) = true
`, out)
	// How many were in flight at once depends on how fast the machine
	// starts them; never more than the limit.
	assert.GreaterOrEqual(t, concurrency, 1)
	assert.LessOrEqual(t, concurrency, cfg.limit)
}

func TestDemoLimitOfOne(t *testing.T) {
	cfg := defaultConfig()
	cfg.requests, cfg.limit, cfg.latency = 5, 1, time.Millisecond
	out, concurrency := runDemo(t, cfg)
	assert.Contains(t, out, "\nfan-out: 5 requests, at most 1 at a time (httpobs.FanOut)\n  5 answers, for ids 1–5; sum of squares 55\n")
	assert.Equal(t, 1, concurrency)
}

func TestDemoLimitAboveRequests(t *testing.T) {
	cfg := defaultConfig()
	cfg.requests, cfg.limit = 3, 10
	out, concurrency := runDemo(t, cfg)
	assert.Contains(t, out, "\n  3 answers, for ids 1–3; sum of squares 14\n")
	assert.LessOrEqual(t, concurrency, 3)
}

func TestDemoRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		change func(*config)
		want   string
	}{
		{func(c *config) { c.requests = 0 }, "-n must be between 1 and 1000, got 0"},
		{func(c *config) { c.requests = 1001 }, "-n must be between 1 and 1000, got 1001"},
		{func(c *config) { c.limit = 0 }, "-limit must be at least 1, got 0"},
		{func(c *config) { c.latency = -time.Second }, "-latency must not be negative, got -1s"},
		{func(c *config) { c.timeout = 0 }, "-timeout must be between 0 and 5s, got 0s"},
		{func(c *config) { c.timeout = slowFor }, "-timeout must be between 0 and 5s, got 5s"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			cfg := defaultConfig()
			tc.change(&cfg)
			var out bytes.Buffer
			err := run(t.Context(), &out, cfg)
			require.ErrorIs(t, err, errBadConfig)
			assert.Equal(t, "bad flags: "+tc.want, err.Error())
			assert.Empty(t, out.String())
		})
	}
}

func TestDemoStopsWhenCancelled(t *testing.T) {
	cfg := defaultConfig()
	cfg.latency = time.Hour // the fan-out would never end
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	var out bytes.Buffer
	err := run(ctx, &out, cfg)
	require.ErrorIs(t, err, context.Canceled)
	assert.NotContains(t, out.String(), "\nchain:", "nothing runs after the cancellation")
}
