package bench_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/bench"
	"github.com/stretchr/testify/require"
)

// firstSlow delays the first request by slow and every later one by fast.
func firstSlow(slow, fast time.Duration) func() time.Duration {
	var calls atomic.Int64
	return func() time.Duration {
		if calls.Add(1) == 1 {
			return slow
		}
		return fast
	}
}

// A 401 that comes back after the refresh is over was for the old token.
// The mutex and shared-promise patterns cannot tell and refresh again;
// rxepic retries it with the new token.
func TestLateRejection(t *testing.T) {
	const n = 5
	for name, refreshes := range map[string]int64{
		bench.NameReauth:        1,
		bench.NameTransport:     1,
		bench.NameMutex:         2,
		bench.NameSharedPromise: 2,
	} {
		t.Run(name, func(t *testing.T) {
			srv := authtest.New(
				authtest.WithResourceLatencyFunc(firstSlow(300*time.Millisecond, time.Millisecond)),
				authtest.WithTokenLatency(20*time.Millisecond),
			)
			defer srv.Close()
			tr := bench.NewHTTPTransport(n, nil)
			defer tr.CloseIdleConnections()
			pair := srv.SignIn("bench")
			require.NoError(t, srv.RevokeAccessToken(pair.AccessToken))
			c, err := contender(t, name).New(bench.Setup{
				ResourceURL: srv.ResourceURL(), TokenURL: srv.TokenURL(), HTTP: &http.Client{Transport: tr},
				Tokens: bench.Tokens{Access: pair.AccessToken, Refresh: pair.RefreshToken, Expiry: pair.Expiry},
			})
			require.NoError(t, err)
			defer c.Close()

			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			errs := make([]error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() { errs[i] = c.Get(ctx) })
			}
			wg.Wait()
			for i, err := range errs {
				require.NoError(t, err, "request %d", i)
			}
			st := srv.Stats()
			require.Equal(t, refreshes, st.RefreshCalls)
			require.Zero(t, st.ReuseDetections)
		})
	}
}
