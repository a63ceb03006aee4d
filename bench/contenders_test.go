package bench_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/bench"
	"github.com/stretchr/testify/require"
)

// testN is the storm size of the behaviour tests: big enough for every
// pattern to show what it does with concurrent 401s, small enough for -race.
const testN = 20

// testConfig answers the resource fast and the token endpoint slowly, so
// that every 401 of a burst is back while the first refresh is in flight.
func testConfig(sc bench.Scenario, fail bool) bench.StormConfig {
	return bench.StormConfig{
		N: testN, Scenario: sc, FailRefresh: fail,
		ResourceLatency: time.Millisecond, TokenLatency: 50 * time.Millisecond,
		Timeout: 20 * time.Second,
	}
}

func contender(t testing.TB, name string) bench.Contender {
	t.Helper()
	for _, c := range bench.Contenders() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no contender %q", name)
	return bench.Contender{}
}

func storm(t *testing.T, name string, cfg bench.StormConfig) bench.Result {
	t.Helper()
	r, err := bench.Storm(context.Background(), bench.LocalHost{}, contender(t, name), cfg)
	require.NoError(t, err)
	require.False(t, r.TimedOut, "%s timed out", name)
	require.Equal(t, cfg.N, r.Successes+r.Failures)
	t.Logf("%s %v fail=%v: refresh %d, reuse %d, ok %d, failed %d, 401s %d, new conns %d, %v", name, cfg.Scenario, cfg.FailRefresh, r.RefreshCalls, r.ReuseDetections, r.Successes, r.Failures, r.Rejected, r.NewConns, r.Recovery)
	return r
}

// want is what a contender's storm must show; -1 leaves a field unchecked.
type want struct {
	refreshCalls, reuse, successes, rejected int64
}

func check(t *testing.T, r bench.Result, w want) {
	t.Helper()
	msg := fmt.Sprintf("%s: %+v (first error: %v)", r.Contender, r, r.FirstError)
	for _, c := range []struct {
		name      string
		want, got int64
	}{
		{"refresh calls", w.refreshCalls, r.RefreshCalls},
		{"reuse detections", w.reuse, r.ReuseDetections},
		{"successes", w.successes, int64(r.Successes)},
		{"401s", w.rejected, r.Rejected},
	} {
		if c.want >= 0 {
			require.Equal(t, c.want, c.got, "%s: %s", msg, c.name)
		}
	}
}

func TestRevokedTokenBurst(t *testing.T) {
	cfg := testConfig(bench.Revoked, false)
	for name, w := range map[string]want{
		bench.NameLimit:     {1, 0, testN, testN},
		bench.NameReauth:    {1, 0, testN, -1},
		bench.NameTransport: {1, 0, testN, -1},
		// Requests that start once the lock is taken wait before sending.
		bench.NameMutex:         {1, 0, testN, -1},
		bench.NameSharedPromise: {1, 0, testN, testN},
		// x/oauth2 believes the token valid and never refreshes on a 401.
		bench.NameOAuth2: {0, 0, 0, testN},
	} {
		t.Run(name, func(t *testing.T) { check(t, storm(t, name, cfg), w) })
	}
	t.Run(bench.NameNaive, func(t *testing.T) {
		r := storm(t, bench.NameNaive, cfg)
		// One refresh per 401, all presenting the same single-use refresh
		// token: the server detects the reuse and revokes the family, the
		// first refresh's tokens included.
		check(t, r, want{testN, testN - 1, -1, -1})
		require.LessOrEqual(t, r.Successes, 1)
	})
}

func TestExpiredTokenBurst(t *testing.T) {
	cfg := testConfig(bench.Expired, false)
	for name, w := range map[string]want{
		bench.NameLimit:            {1, 0, testN, testN},
		bench.NameKnownExpiryLimit: {1, 0, testN, 0},
		// The clients that read the expiry refresh before sending.
		bench.NameReauth:    {1, 0, testN, 0},
		bench.NameTransport: {1, 0, testN, 0},
		bench.NameOAuth2:    {1, 0, testN, 0},
		// The 401 patterns send first.
		bench.NameMutex:         {1, 0, testN, -1},
		bench.NameSharedPromise: {1, 0, testN, testN},
	} {
		t.Run(name, func(t *testing.T) { check(t, storm(t, name, cfg), w) })
	}
	t.Run(bench.NameNaive, func(t *testing.T) {
		r := storm(t, bench.NameNaive, cfg)
		check(t, r, want{testN, testN - 1, -1, -1})
		require.LessOrEqual(t, r.Successes, 1)
		require.GreaterOrEqual(t, r.Rejected, int64(testN))
	})
}

func TestFailingRefresh(t *testing.T) {
	for _, sc := range []bench.Scenario{bench.Revoked, bench.Expired} {
		cfg := testConfig(sc, true)
		t.Run(sc.String(), func(t *testing.T) {
			for name, w := range map[string]want{
				bench.NameLimit:         {1, 0, 0, testN},
				bench.NameReauth:        {1, 0, 0, -1},
				bench.NameTransport:     {1, 0, 0, -1},
				bench.NameMutex:         {1, 0, 0, -1},
				bench.NameSharedPromise: {1, 0, 0, testN},
				bench.NameNaive:         {testN, 0, 0, testN},
			} {
				t.Run(name, func(t *testing.T) {
					r := storm(t, name, cfg)
					check(t, r, w)
					if name == bench.NameLimit && sc == bench.Expired {
						check(t, storm(t, bench.NameKnownExpiryLimit, cfg), want{1, 0, 0, 0})
					}
					switch name {
					case bench.NameReauth, bench.NameTransport:
						require.ErrorIs(t, r.FirstError, auth.ErrRefreshFailed)
					case bench.NameLimit, bench.NameSharedPromise, bench.NameNaive:
						require.ErrorIs(t, r.FirstError, bench.ErrRefresh)
					}
				})
			}
			t.Run(bench.NameOAuth2, func(t *testing.T) {
				r := storm(t, bench.NameOAuth2, cfg)
				if sc == bench.Revoked {
					check(t, r, want{0, 0, 0, testN})
					return
				}
				// Every caller, one after another under the token source's
				// lock, tries the refresh again: a failure is not kept.
				check(t, r, want{testN, 0, 0, 0})
				var se *bench.StatusError
				require.False(t, errors.As(r.FirstError, &se), "want the refresh error, got %v", r.FirstError)
			})
		})
	}
}

func TestStormChecksItsConfig(t *testing.T) {
	ctx := context.Background()
	c := contender(t, bench.NameMutex)
	for _, cfg := range []bench.StormConfig{
		{N: 0, Timeout: time.Second},
		{N: 1, ResourceLatency: -1, Timeout: time.Second},
		{N: 1},
	} {
		_, err := bench.Storm(ctx, bench.LocalHost{}, c, cfg)
		require.Error(t, err, "%+v", cfg)
	}
	// An Around that does not fire is an error, and leaves no goroutine
	// waiting (goleak checks at the end).
	cfg := testConfig(bench.Revoked, false)
	cfg.Around = func(func()) {}
	_, err := bench.Storm(ctx, bench.LocalHost{}, c, cfg)
	require.ErrorContains(t, err, "did not fire")
}
