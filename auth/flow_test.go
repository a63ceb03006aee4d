package auth_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

var sizes = []int{3, 100, 1000}

// 1. N requests with an expired token: N successes, one refresh.
func TestExpiredTokenManyRequestsOneRefresh(t *testing.T) {
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFixture(t, []authtest.Option{authtest.WithAccessTTL(time.Minute)})
				time.Sleep(2 * time.Minute)

				requireAllOK(t, f.fire(t.Context(), n))

				st := f.server.Stats()
				require.EqualValues(t, 1, st.RefreshCalls)
				require.EqualValues(t, 0, st.ReuseDetections)
				require.EqualValues(t, n, st.ResourceOK)
				require.EqualValues(t, 0, st.ResourceUnauthorized, "a token known to be expired is not sent")
				require.Len(t, f.savedTokens(), 1)
			})
		})
	}
}

// 2. A token revoked before its expiry: every request meets a 401, and
// still only one refresh happens.
func TestRevokedTokenManyRequestsOneRefresh(t *testing.T) {
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFixture(t, []authtest.Option{authtest.WithTokenLatency(20 * time.Millisecond)})
				require.Equal(t, 1, f.server.RevokeAccessTokens())

				requireAllOK(t, f.fire(t.Context(), n))

				st := f.server.Stats()
				require.EqualValues(t, 1, st.RefreshCalls)
				require.EqualValues(t, 0, st.ReuseDetections)
				// Requests that start once the refresh is under way wait for it
				// instead of going out with the revoked token.
				require.Positive(t, st.ResourceUnauthorized)
				require.LessOrEqual(t, st.ResourceUnauthorized, int64(n))
				require.EqualValues(t, n, st.ResourceOK)
			})
		})
	}
}

// 3. Requests spread over a window around the expiry, with random resource
// latency: some 401s arrive after the refresh finished and are retried
// without another refresh.
func TestRequestsAcrossExpiryRefreshOnce(t *testing.T) {
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(1, uint64(n)))
				var mu sync.Mutex
				latency := func() time.Duration {
					mu.Lock()
					defer mu.Unlock()
					return time.Duration(rng.Int64N(int64(400 * time.Millisecond)))
				}
				f := newFixture(t, []authtest.Option{
					authtest.WithAccessTTL(2 * time.Second),
					authtest.WithResourceLatencyFunc(latency),
					authtest.WithTokenLatency(50 * time.Millisecond),
				}, auth.WithExpiryMargin(0))
				errs := make([]error, n)
				var wg sync.WaitGroup
				for i := range n {
					wait := 1500*time.Millisecond + time.Duration(i)*time.Second/time.Duration(n)
					wg.Go(func() {
						time.Sleep(wait)
						errs[i] = f.one(t.Context())
					})
				}
				wg.Wait()
				requireAllOK(t, errs)

				st := f.server.Stats()
				require.EqualValues(t, 1, st.RefreshCalls)
				require.EqualValues(t, 0, st.ReuseDetections)
				require.EqualValues(t, n, st.ResourceOK)
				require.Positive(t, st.ResourceUnauthorized, "the window is meant to catch requests in flight at the expiry")
			})
		})
	}
}

// 4. The refresh fails: every waiter fails with ErrRefreshFailed and the
// cause, within about one refresh round trip, after exactly one call; the
// session signs out with the reason.
func TestRefreshFailureFailsEveryWaiter(t *testing.T) {
	const n = 50
	const latency = 30 * time.Millisecond
	const timeout = 2 * time.Second
	cases := []struct {
		name   string
		fault  authtest.Fault
		cause  func(t *testing.T, err error)
		within time.Duration
	}{
		{"invalid_grant", authtest.OAuthError(http.StatusBadRequest, "invalid_grant", "refresh token revoked"), func(t *testing.T, err error) {
			var oe *auth.OAuthError
			require.ErrorAs(t, err, &oe)
			require.Equal(t, "invalid_grant", oe.Code)
		}, latency},
		{"401", authtest.OAuthError(http.StatusUnauthorized, "invalid_client", ""), func(t *testing.T, err error) {
			var oe *auth.OAuthError
			require.ErrorAs(t, err, &oe)
			require.Equal(t, http.StatusUnauthorized, oe.StatusCode)
		}, latency},
		{"500", authtest.Respond(http.StatusInternalServerError, nil, "boom"), func(t *testing.T, err error) {
			var se *httpobs.StatusError
			require.ErrorAs(t, err, &se)
			require.Equal(t, http.StatusInternalServerError, se.StatusCode)
		}, latency},
		{"garbage", authtest.Garbage(), func(t *testing.T, err error) {
			require.ErrorIs(t, err, auth.ErrInvalidTokenResponse)
			require.ErrorContains(t, err, "not valid JSON")
		}, latency},
		{"no access token", authtest.NoAccessToken(), func(t *testing.T, err error) {
			require.ErrorIs(t, err, auth.ErrInvalidTokenResponse)
			require.ErrorContains(t, err, "no access_token")
		}, latency},
		{"hang", authtest.Hang(), func(t *testing.T, err error) {
			require.ErrorIs(t, err, context.DeadlineExceeded)
		}, timeout},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFixture(t, []authtest.Option{authtest.WithTokenLatency(latency)}, auth.WithRefreshTimeout(timeout))
				f.server.TokenFaults().Always(c.fault)
				f.server.RevokeAccessTokens()

				start := time.Now()
				errs := f.fire(t.Context(), n)
				require.LessOrEqual(t, time.Since(start), c.within+latency)

				for _, err := range errs {
					require.ErrorIs(t, err, auth.ErrRefreshFailed)
					require.ErrorIs(t, err, auth.ErrSignedOut)
					c.cause(t, err)
				}
				require.EqualValues(t, 1, f.server.Stats().RefreshCalls)
				synctest.Wait() // OnSignOut runs on the session's own goroutine
				reasons := f.signOutReasons()
				require.Len(t, reasons, 1)
				require.ErrorIs(t, reasons[0], auth.ErrRefreshFailed)
				require.Equal(t, auth.StatusSignedOut, f.session.State().Status)

				// Signed out, a new request fails at once without a call.
				require.ErrorIs(t, f.one(t.Context()), auth.ErrSignedOut)
				require.EqualValues(t, 1, f.server.Stats().RefreshCalls)
			})
		})
	}
}

// 5. A request rejected again with the new token fails after the retry
// cap instead of looping.
func TestRejectedAgainAfterRefreshStops(t *testing.T) {
	for _, n := range []int{1, 10} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFixture(t, []authtest.Option{authtest.WithTokenLatency(10 * time.Millisecond)})
				f.server.ResourceFaults().Always(authtest.BearerError(http.StatusUnauthorized, "invalid_token", "always"))

				for _, err := range f.fire(t.Context(), n) {
					require.ErrorIs(t, err, auth.ErrStillUnauthorized)
					var se *httpobs.StatusError
					require.ErrorAs(t, err, &se)
					require.Equal(t, http.StatusUnauthorized, se.StatusCode)
				}
				st := f.server.Stats()
				require.EqualValues(t, 1, st.RefreshCalls)
				require.LessOrEqual(t, st.ResourceFaults, int64(2*n), "each request: one try, one retry at most")
			})
		})
	}
}

// 6. No refresh token: the session signs out at once, without a call.
func TestNoRefreshTokenSignsOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t, nil)
		pair := f.server.SignIn("bob")
		require.NoError(t, f.session.SignIn(auth.TokenPair{AccessToken: auth.Token(pair.AccessToken)}))
		f.server.RevokeAccessTokens()

		for _, err := range f.fire(t.Context(), 3) {
			require.ErrorIs(t, err, auth.ErrRefreshFailed)
			require.ErrorIs(t, err, auth.ErrNoRefreshToken)
		}
		require.EqualValues(t, 0, f.server.Stats().RefreshCalls)
		require.Equal(t, auth.StatusSignedOut, f.session.State().Status)
	})
}

// 7. Cancelling one waiting request cancels neither the refresh nor the
// other requests.
func TestCancelOneWaiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t, []authtest.Option{authtest.WithTokenLatency(time.Second)})
		f.server.RevokeAccessTokens()

		const n = 5
		ctx, cancel := context.WithCancel(t.Context())
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			c := t.Context()
			if i == 0 {
				c = ctx
			}
			wg.Go(func() { errs[i] = f.one(c) })
		}
		synctest.Wait() // every request has met its 401 and waits for the refresh
		require.Equal(t, auth.StatusRefreshing, f.session.State().Status)
		cancel()
		wg.Wait()

		require.ErrorIs(t, errs[0], context.Canceled)
		requireAllOK(t, errs[1:])
		st := f.server.Stats()
		require.EqualValues(t, 1, st.RefreshCalls)
		require.EqualValues(t, 1, st.Refreshes)
	})
}

// 8. Requests issued while a refresh is in flight wait for it instead of
// going out with the stale token.
func TestRequestsDuringRefreshWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The resource latency keeps the first ten in flight together.
		f := newFixture(t, []authtest.Option{authtest.WithTokenLatency(time.Second), authtest.WithResourceLatency(10 * time.Millisecond)})
		f.server.RevokeAccessTokens()

		var wg sync.WaitGroup
		errs := make([]error, 20)
		for i := range 10 {
			wg.Go(func() { errs[i] = f.one(t.Context()) })
		}
		time.Sleep(20 * time.Millisecond) // the 401s are back; the refresh runs
		synctest.Wait()
		require.Equal(t, auth.StatusRefreshing, f.session.State().Status)
		for i := 10; i < 20; i++ {
			wg.Go(func() { errs[i] = f.one(t.Context()) })
		}
		wg.Wait()

		requireAllOK(t, errs)
		st := f.server.Stats()
		require.EqualValues(t, 10, st.ResourceUnauthorized, "only the first ten went out with the stale token")
		require.EqualValues(t, 20, st.ResourceOK)
		require.EqualValues(t, 1, st.RefreshCalls)
	})
}

// A rotated refresh token replaces the old one, which is never presented
// again; the persistence hook sees every pair.
func TestRotatedRefreshTokenIsNeverReused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t, []authtest.Option{authtest.WithAccessTTL(time.Minute)})
		for range 5 {
			time.Sleep(2 * time.Minute)
			requireAllOK(t, f.fire(t.Context(), 10))
		}
		st := f.server.Stats()
		require.EqualValues(t, 5, st.RefreshCalls)
		require.EqualValues(t, 5, st.Refreshes)
		require.EqualValues(t, 0, st.ReuseDetections)
		saved := f.savedTokens()
		require.Len(t, saved, 5)
		seen := map[auth.Token]bool{}
		for _, p := range saved {
			require.False(t, seen[p.RefreshToken], "a refresh token came back twice")
			seen[p.RefreshToken] = true
		}
		require.Equal(t, saved[4].RefreshToken, f.session.State().RefreshToken)
	})
}

// A sign-out by the user fails every waiting request with its reason, and
// the refresh that finishes after it does not sign the session back in.
func TestUserSignOutFailsWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t, []authtest.Option{authtest.WithTokenLatency(time.Second)})
		f.server.RevokeAccessTokens()
		errs := make(chan error, 5)
		for range 5 {
			go func() { errs <- f.one(t.Context()) }()
		}
		synctest.Wait()
		bye := errors.New("user clicked sign out")
		require.NoError(t, f.session.SignOut(bye))
		for range 5 {
			err := <-errs
			require.ErrorIs(t, err, auth.ErrSignedOut)
			require.ErrorIs(t, err, bye)
		}
		synctest.Wait() // OnSignOut runs on the session's own goroutine
		require.Equal(t, []error{bye}, f.signOutReasons())
		time.Sleep(2 * time.Second) // the refresh ends
		require.Equal(t, auth.StatusSignedOut, f.session.State().Status)
		require.EqualValues(t, 1, f.server.Stats().Refreshes)
	})
}

// Without the expiry check an expired token goes out, meets a 401 per
// request, and still causes a single refresh.
func TestWithoutExpiryCheckRefreshesOn401(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t, []authtest.Option{authtest.WithAccessTTL(time.Minute), authtest.WithTokenLatency(10 * time.Millisecond), authtest.WithResourceLatency(20 * time.Millisecond)},
			auth.WithoutExpiryCheck())
		time.Sleep(2 * time.Minute)

		requireAllOK(t, f.fire(t.Context(), 3))

		st := f.server.Stats()
		require.EqualValues(t, 3, st.ResourceUnauthorized)
		require.EqualValues(t, 1, st.RefreshCalls)
		require.EqualValues(t, 3, st.ResourceOK)
	})
}

// Closing the session fails the requests that wait for a refresh with
// epics.ErrClosed, not with a sign-out that never happened.
func TestCloseFailsWaitersWithErrClosed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t, []authtest.Option{authtest.WithTokenLatency(time.Second)})
		f.server.RevokeAccessTokens()
		errs := make(chan error, 3)
		for range 3 {
			go func() { errs <- f.one(t.Context()) }()
		}
		synctest.Wait()
		require.Equal(t, auth.StatusRefreshing, f.session.State().Status)
		require.NoError(t, f.session.Close())
		for range 3 {
			err := <-errs
			require.ErrorIs(t, err, epics.ErrClosed)
			require.NotErrorIs(t, err, auth.ErrSignedOut)
		}
	})
}

// A request whose token is valid goes out at once, with the caller's
// context values, and is still re-authenticated when rejected.
func TestAReadyRequestGoesOutWithTheCallersContext(t *testing.T) {
	f := newFixture(t, nil)
	type callerKey struct{}
	var seen atomic.Value
	req := httpobs.FromRequest(func(ctx context.Context) (*http.Request, error) {
		seen.Store(ctx.Value(callerKey{}))
		return http.NewRequestWithContext(ctx, http.MethodGet, f.server.ResourceURL(), nil)
	}, httpobs.WithClient(f.client))
	_, err := streams.Collect(context.WithValue(context.Background(), callerKey{}, "mine"), streams.Pipe(req, f.session.Reauth()))
	require.NoError(t, err)
	require.Equal(t, "mine", seen.Load(), "the request did not carry the caller's context")
	require.Zero(t, f.server.Stats().RefreshCalls)

	f.server.RevokeAccessTokens()
	_, err = streams.Collect(context.Background(), f.get())
	require.NoError(t, err)
	require.EqualValues(t, 1, f.server.Stats().RefreshCalls)
}

// A first attempt that fails in a way WithReauthOn counts as a rejection
// enters the flow as a 401 would, through Transport's direct first
// attempt as through Reauth: one refresh, then the retry.
func TestTransportReauthenticatesOnWhatThePredicateSays(t *testing.T) {
	errGatewaySaysNo := errors.New("gateway: token not accepted")
	f := newFixture(t, nil, auth.WithReauthOn(func(err error) bool { return errors.Is(err, errGatewaySaysNo) }))
	var calls atomic.Int32
	base := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if calls.Add(1) == 1 {
			return nil, errGatewaySaysNo
		}
		return f.client.Transport.RoundTrip(req)
	})
	resp, err := (&http.Client{Transport: f.session.Transport(base)}).Get(f.server.ResourceURL())
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.EqualValues(t, 1, f.server.Stats().RefreshCalls)
	require.EqualValues(t, 2, calls.Load(), "the rejected attempt and the retry")
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }
