package auth_test

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/stretchr/testify/require"
)

// A RefreshFunc that ignores its context and does not return: the
// refresh timeout still bounds the refresh. Every waiter, through Reauth
// and through Transport, fails with ErrRefreshFailed at the timeout, and
// Session.Close returns: it waits for the session's own goroutines (the
// refresh epic's and OnSignOut's), not for a RefreshFunc still running
// past the timeout, whose result is dropped when it comes.
func TestHostileRefreshIgnoringItsContextTimesOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fig := newHostileFigures("access-1", "refresh-1", "access-2", "refresh-2")
		n := newHostileNet(t)
		res := &resource{}
		res.accepts("access-2")
		n.serve("api.test", res.ServeHTTP)
		var calls atomic.Int32
		release := make(chan struct{})
		stuck := func(context.Context, auth.Token) (auth.TokenPair, error) {
			calls.Add(1)
			<-release
			return auth.TokenPair{AccessToken: "access-2", RefreshToken: "refresh-2"}, nil
		}
		s := newHostileSession(t, fig.refreshFunc(stuck), auth.WithRefreshTimeout(3*time.Second))
		// Known to be expired: the requests wait for the refresh before
		// sending.
		s.signIn(t, "access-1", "refresh-1", time.Now().Add(-time.Minute))

		start := time.Now()
		var wg sync.WaitGroup
		var mu sync.Mutex
		var failures []error
		var elapsed []time.Duration
		for _, via := range hostileVias {
			for i := range 10 {
				wg.Go(func() {
					r := fig.get(t, context.Background(), via, s, n, "http://api.test/resource", via.name+strconv.Itoa(i))
					mu.Lock()
					defer mu.Unlock()
					failures = append(failures, r.err)
					elapsed = append(elapsed, time.Since(start))
				})
			}
		}
		within(t, time.Minute, "the waiters", wg.Wait)
		require.Len(t, failures, 20)
		for i, err := range failures {
			require.ErrorIs(t, err, auth.ErrRefreshFailed, "waiter %d", i)
			require.Equal(t, 3*time.Second, elapsed[i], "waiter %d", i)
		}
		require.EqualValues(t, 1, calls.Load())
		require.Zero(t, res.sent())

		var closeErr error
		within(t, time.Minute, "Close", func() { closeErr = s.close() })
		require.NoError(t, closeErr)
		close(release)
		synctest.Wait() // the RefreshFunc has returned; its pair goes nowhere
		require.Empty(t, s.savedPairs())
		require.NotEqual(t, auth.Token("access-2"), s.State().AccessToken)
		fig.report(t, s, n, hostileCounts{requests: 20, errors: "RefreshFailed+SignedOut+Ambiguous+DeadlineExceeded:20", refreshes: 1})
	})
}
