package authtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxepic/rxepic/auth/authtest"
)

// Faults that answer in place of the token endpoint: each answers as
// documented, and the refresh token presented with it stays usable.
func TestTokenEndpointAnsweringFaults(t *testing.T) {
	cases := []struct {
		name  string
		fault authtest.Fault
		check func(t *testing.T, a answer)
	}{
		{"400 invalid_grant", authtest.OAuthError(400, "invalid_grant", "forced"), func(t *testing.T, a answer) {
			assert.Equal(t, "forced", requireError(t, a, 400, "invalid_grant"))
			assert.Equal(t, "no-store", a.header.Get("Cache-Control"))
		}},
		{"401 invalid_client", authtest.OAuthError(401, "invalid_client", ""), func(t *testing.T, a answer) {
			assert.Empty(t, requireError(t, a, 401, "invalid_client"))
		}},
		{"403", authtest.Respond(403, http.Header{"X-Reason": {"policy"}}, "forbidden"), func(t *testing.T, a answer) {
			assert.Equal(t, 403, a.status)
			assert.Equal(t, "policy", a.header.Get("X-Reason"))
			assert.Equal(t, "forbidden", string(a.body))
		}},
		{"429 Retry-After", authtest.RetryLater(429, 30*time.Second), func(t *testing.T, a answer) {
			requireError(t, a, 429, "temporarily_unavailable")
			assert.Equal(t, "30", a.header.Get("Retry-After"))
		}},
		{"503 Retry-After rounded up", authtest.RetryLater(503, 1500*time.Millisecond), func(t *testing.T, a answer) {
			requireError(t, a, 503, "temporarily_unavailable")
			assert.Equal(t, "2", a.header.Get("Retry-After"))
		}},
		{"500", authtest.Respond(500, nil, ""), func(t *testing.T, a answer) {
			assert.Equal(t, 500, a.status)
			assert.Empty(t, a.body)
		}},
		{"garbage", authtest.Garbage(), func(t *testing.T, a answer) {
			assert.Equal(t, 200, a.status)
			assert.Equal(t, "application/json", a.header.Get("Content-Type"))
			var v any
			assert.Error(t, json.Unmarshal(a.body, &v), "the body must not parse: %s", a.body)
		}},
		{"empty body", authtest.EmptyBody(), func(t *testing.T, a answer) {
			assert.Equal(t, 200, a.status)
			assert.Empty(t, a.body)
		}},
		{"no access token", authtest.NoAccessToken(), func(t *testing.T, a answer) {
			assert.Equal(t, 200, a.status)
			var tb map[string]any
			require.NoError(t, json.Unmarshal(a.body, &tb))
			assert.NotContains(t, tb, "access_token")
			assert.NotContains(t, tb, "refresh_token")
			assert.Equal(t, "Bearer", tb["token_type"])
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := authtest.New()
			defer srv.Close()
			var log eventLog
			srv.OnEvent(log.add)
			pair := srv.SignIn("alice")

			srv.TokenFaults().Next(tc.fault, 1)
			tc.check(t, refresh(t, srv, pair.RefreshToken))
			decodeTokens(t, refresh(t, srv, pair.RefreshToken))

			st := srv.Stats()
			assert.Equal(t, int64(2), st.RefreshCalls)
			assert.Equal(t, int64(1), st.TokenFaults)
			assert.Equal(t, int64(1), st.Refreshes)
			assert.Zero(t, st.ReuseDetections)
			events := log.all()
			require.Len(t, events, 3)
			assert.Equal(t, authtest.EventFault, events[1].Kind)
			assert.Equal(t, tc.fault.String(), events[1].Fault)
			assert.Equal(t, authtest.EventRefresh, events[2].Kind)
		})
	}
}

func TestTokenEndpointHangEndsWhenClientCancels(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := authtest.NewInMemory()
		defer srv.Close()
		pair := srv.SignIn("alice")
		var log eventLog
		srv.OnEvent(log.add)
		srv.TokenFaults().Next(authtest.Hang(), 1)

		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		start := time.Now()
		_, err := trySend(srv.Client(), refreshRequest(ctx, srv, pair.RefreshToken))
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 30*time.Second, time.Since(start))

		synctest.Wait() // the handler sees the cancellation and ends
		events := log.all()
		require.Len(t, events, 1, "the hang ended")
		assert.Equal(t, authtest.EventFault, events[0].Kind)
		assert.Equal(t, "hang", events[0].Fault)
		assert.Equal(t, start.Add(30*time.Second), events[0].Time)
		assert.Equal(t, int64(1), srv.Stats().TokenFaults)
		decodeTokens(t, refresh(t, srv, pair.RefreshToken))
	})
}

func TestTokenEndpointReset(t *testing.T) {
	modes(t, func(t *testing.T, newServer func(...authtest.Option) *authtest.Server) {
		srv := newServer()
		defer srv.Close()
		pair := srv.SignIn("alice")
		srv.TokenFaults().Next(authtest.Reset(), 1)

		_, err := trySend(srv.Client(), refreshRequest(context.Background(), srv, pair.RefreshToken))
		require.Error(t, err, "a reset is a transport error")
		var urlErr interface{ Timeout() bool }
		assert.ErrorAs(t, err, &urlErr)
		assert.False(t, urlErr.Timeout())

		decodeTokens(t, refresh(t, srv, pair.RefreshToken))
		assert.Zero(t, srv.Stats().ReuseDetections)
	})
}

// A lost response rotates the token all the same: the client never sees the
// new one, and presenting the old one again is reuse.
func TestTokenEndpointLostResponse(t *testing.T) {
	modes(t, func(t *testing.T, newServer func(...authtest.Option) *authtest.Server) {
		srv := newServer()
		defer srv.Close()
		pair := srv.SignIn("alice")
		srv.TokenFaults().Next(authtest.LostResponse(), 1)

		_, err := trySend(srv.Client(), refreshRequest(context.Background(), srv, pair.RefreshToken))
		require.Error(t, err)
		requireError(t, refresh(t, srv, pair.RefreshToken), http.StatusBadRequest, "invalid_grant")

		st := srv.Stats()
		assert.Equal(t, int64(1), st.Refreshes)
		assert.Equal(t, int64(1), st.ReuseDetections)
		assert.Zero(t, st.TokenFaults, "the endpoint processed the request")
	})
}

func TestTokenEndpointSlowBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := authtest.NewInMemory()
		defer srv.Close()
		pair := srv.SignIn("alice")
		srv.TokenFaults().Next(authtest.SlowBody(5*time.Second), 2)

		// A patient client gets a valid answer: headers at once, the whole
		// body five seconds later.
		start := time.Now()
		resp, err := srv.Client().Do(refreshRequest(context.Background(), srv, pair.RefreshToken))
		require.NoError(t, err)
		assert.Equal(t, time.Duration(0), time.Since(start), "headers come at once")
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		assert.Equal(t, 5*time.Second, time.Since(start))
		next := decodeTokens(t, answer{status: resp.StatusCode, body: body})

		// An impatient client loses the answer, and with it the rotated
		// token: the refresh happened.
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err = trySend(srv.Client(), refreshRequest(ctx, srv, next.RefreshToken))
		require.ErrorIs(t, err, context.DeadlineExceeded)
		requireError(t, refresh(t, srv, next.RefreshToken), http.StatusBadRequest, "invalid_grant")
		st := srv.Stats()
		assert.Equal(t, int64(2), st.Refreshes)
		assert.Equal(t, int64(1), st.ReuseDetections)
	})
}

func TestLatencies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		next := []time.Duration{100 * time.Millisecond, 0, 2 * time.Second}
		srv := authtest.NewInMemory(
			authtest.WithTokenLatency(300*time.Millisecond),
			authtest.WithResourceLatencyFunc(func() time.Duration {
				mu.Lock()
				defer mu.Unlock()
				d := next[0]
				next = next[1:]
				return d
			}),
		)
		defer srv.Close()
		pair := srv.SignIn("alice")

		elapsed := func(f func()) time.Duration {
			start := time.Now()
			f()
			return time.Since(start)
		}
		assert.Equal(t, 300*time.Millisecond, elapsed(func() { refresh(t, srv, pair.RefreshToken) }))
		assert.Equal(t, 100*time.Millisecond, elapsed(func() { access(t, srv, "/resource", pair.AccessToken) }))
		assert.Equal(t, time.Duration(0), elapsed(func() { access(t, srv, "/resource", pair.AccessToken) }))

		// A client that gives up during the latency ends the request
		// without an answer.
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err := trySend(srv.Client(), resourceRequest(ctx, srv, "/resource", pair.AccessToken))
		require.ErrorIs(t, err, context.DeadlineExceeded)
		ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, err = trySend(srv.Client(), refreshRequest(ctx, srv, pair.RefreshToken))
		require.ErrorIs(t, err, context.DeadlineExceeded)
		synctest.Wait()
		st := srv.Stats()
		assert.Equal(t, int64(2), st.ResourceOK)
		assert.Equal(t, int64(1), st.ResourceOther)
		assert.Equal(t, int64(2), st.RefreshCalls)
		assert.Equal(t, int64(1), st.Refreshes, "the second call ended in its latency")
	})
}

func TestUniformLatency(t *testing.T) {
	f := authtest.UniformLatency(10*time.Millisecond, 20*time.Millisecond)
	seen := map[bool]bool{}
	for range 1000 {
		d := f()
		require.GreaterOrEqual(t, d, 10*time.Millisecond)
		require.Less(t, d, 20*time.Millisecond)
		seen[d < 15*time.Millisecond] = true
	}
	assert.Len(t, seen, 2, "draws fall in both halves of the range")
}

func TestFaultQueue(t *testing.T) {
	srv := authtest.New()
	defer srv.Close()
	pair := srv.SignIn("alice")
	q := srv.TokenFaults()

	q.Next(authtest.Respond(500, nil, ""), 2)
	q.Next(authtest.Respond(502, nil, ""), 1)
	q.Always(authtest.Respond(503, nil, ""))
	assert.Equal(t, 3, q.Pending())
	var got []int
	for range 5 {
		got = append(got, refresh(t, srv, pair.RefreshToken).status)
	}
	assert.Equal(t, []int{500, 500, 502, 503, 503}, got)
	assert.Zero(t, q.Pending())

	q.Next(authtest.Respond(504, nil, ""), 1)
	assert.Equal(t, 504, refresh(t, srv, pair.RefreshToken).status, "the queue comes before the standing fault")
	assert.Equal(t, 503, refresh(t, srv, pair.RefreshToken).status)

	q.Clear()
	assert.Equal(t, http.StatusOK, refresh(t, srv, pair.RefreshToken).status)
	assert.Equal(t, int64(7), srv.Stats().TokenFaults)
}

// Faults can be changed while requests run; -race checks it.
func TestFaultsAreConcurrencySafe(t *testing.T) {
	srv := authtest.New()
	defer srv.Close()
	pair := srv.SignIn("alice")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				srv.ResourceFaults().Next(authtest.Respond(500, nil, ""), 1)
				_, err := trySend(srv.Client(), resourceRequest(context.Background(), srv, "/resource", pair.AccessToken))
				assert.NoError(t, err)
				srv.ResourceFaults().Pending()
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			srv.ResourceFaults().Always(authtest.Garbage())
			srv.ResourceFaults().Clear()
		}
	})
	wg.Wait()
	st := srv.Stats()
	assert.Equal(t, int64(160), st.ResourceCalls)
	assert.Equal(t, st.ResourceCalls, st.ResourceOK+st.ResourceFaults)
}

func TestResourceStatusForNextCalls(t *testing.T) {
	srv := authtest.New()
	defer srv.Close()
	pair := srv.SignIn("alice")

	srv.ResourceFaults().Next(authtest.BearerError(401, "invalid_token", "forced"), 2)
	srv.ResourceFaults().Next(authtest.Respond(401, nil, ""), 1)
	srv.ResourceFaults().Next(authtest.Respond(500, nil, "boom"), 1)
	for range 2 {
		a := access(t, srv, "/resource", pair.AccessToken)
		assert.Equal(t, "forced", requireError(t, a, 401, "invalid_token"))
		assert.Equal(t, `Bearer realm="authtest", error="invalid_token", error_description="forced"`, a.header.Get("WWW-Authenticate"))
	}
	a := access(t, srv, "/resource", pair.AccessToken)
	assert.Equal(t, 401, a.status)
	assert.Empty(t, a.header.Values("WWW-Authenticate"))
	a = access(t, srv, "/resource", pair.AccessToken)
	assert.Equal(t, 500, a.status)
	assert.Equal(t, "boom", string(a.body))
	assert.Equal(t, http.StatusOK, access(t, srv, "/resource", pair.AccessToken).status)

	st := srv.Stats()
	assert.Equal(t, int64(4), st.ResourceFaults)
	assert.Equal(t, int64(1), st.ResourceOK)
	assert.Zero(t, st.ResourceUnauthorized, "injected 401s count as faults")
}

func TestResourceReset(t *testing.T) {
	modes(t, func(t *testing.T, newServer func(...authtest.Option) *authtest.Server) {
		srv := newServer()
		defer srv.Close()
		pair := srv.SignIn("alice")
		// Warm a keep-alive connection, so that net/http's one resend of a
		// GET on a reused connection happens, and meets the fault too.
		assert.Equal(t, http.StatusOK, access(t, srv, "/resource", pair.AccessToken).status)
		srv.ResourceFaults().Always(authtest.Reset())

		_, err := trySend(srv.Client(), resourceRequest(context.Background(), srv, "/resource", pair.AccessToken))
		require.Error(t, err)
		srv.ResourceFaults().Clear()
		assert.Equal(t, http.StatusOK, access(t, srv, "/resource", pair.AccessToken).status)
		assert.GreaterOrEqual(t, srv.Stats().ResourceFaults, int64(1))
	})
}

func TestResourceHang(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := authtest.NewInMemory()
		defer srv.Close()
		pair := srv.SignIn("alice")
		srv.ResourceFaults().Next(authtest.Hang(), 1)

		client := &http.Client{Transport: srv.Client().Transport, Timeout: 10 * time.Second}
		start := time.Now()
		_, err := trySend(client, resourceRequest(context.Background(), srv, "/resource", pair.AccessToken))
		require.Error(t, err)
		var timeout interface{ Timeout() bool }
		require.True(t, errors.As(err, &timeout) && timeout.Timeout(), "got %v", err)
		assert.Equal(t, 10*time.Second, time.Since(start))
		synctest.Wait()
		assert.Equal(t, http.StatusOK, access(t, srv, "/resource", pair.AccessToken).status)
	})
}

func TestFaultNames(t *testing.T) {
	for fault, name := range map[string]string{
		authtest.Hang().String():                       "hang",
		authtest.Reset().String():                      "connection reset",
		authtest.LostResponse().String():               "lost response",
		authtest.SlowBody(time.Second).String():        "slow body 1s",
		authtest.Garbage().String():                    "garbage body",
		authtest.EmptyBody().String():                  "empty body",
		authtest.NoAccessToken().String():              "no access token",
		authtest.Respond(502, nil, "").String():        "status 502",
		authtest.OAuthError(400, "x", "").String():     "status 400 x",
		authtest.BearerError(401, "y", "").String():    "status 401 y",
		authtest.RetryLater(429, time.Second).String(): "status 429 retry after 1s",
		authtest.Fault{}.String():                      "no fault",
	} {
		assert.Equal(t, name, fault)
	}
}

// Over a real socket too, a hang ends as soon as the client gives up.
func TestHangEndsWhenClientCancelsLoopback(t *testing.T) {
	arrived := make(chan struct{}, 1)
	signal := func() time.Duration { arrived <- struct{}{}; return 0 }
	srv := authtest.New(authtest.WithTokenLatencyFunc(signal), authtest.WithResourceLatencyFunc(signal))
	defer srv.Close()
	pair := srv.SignIn("alice")
	ended := make(chan authtest.Event, 1)
	srv.OnEvent(func(e authtest.Event) { ended <- e })
	srv.TokenFaults().Always(authtest.Hang())
	srv.ResourceFaults().Always(authtest.Hang())

	for _, req := range []func(context.Context) *http.Request{
		func(ctx context.Context) *http.Request { return refreshRequest(ctx, srv, pair.RefreshToken) },
		func(ctx context.Context) *http.Request {
			return resourceRequest(ctx, srv, "/resource", pair.AccessToken)
		},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			_, err := trySend(srv.Client(), req(ctx))
			errc <- err
		}()
		<-arrived
		cancel()
		require.ErrorIs(t, <-errc, context.Canceled)
		e := <-ended // the handler saw the client go
		assert.Equal(t, authtest.EventFault, e.Kind)
		assert.Equal(t, "hang", e.Fault)
	}
	st := srv.Stats()
	assert.Equal(t, int64(1), st.TokenFaults)
	assert.Equal(t, int64(1), st.ResourceFaults)
}
