package httpobs_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// script answers each request with the next of its handlers (the last
// one over and over) and records when each request arrived.
type script struct {
	mu       sync.Mutex
	handlers []http.HandlerFunc
	arrivals []time.Time
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.handlers[min(len(s.arrivals), len(s.handlers)-1)]
	s.arrivals = append(s.arrivals, time.Now())
	s.mu.Unlock()
	h(w, r)
}

// gaps are the times between consecutive arrivals.
func (s *script) gaps() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var gaps []time.Duration
	for i := 1; i < len(s.arrivals); i++ {
		gaps = append(gaps, s.arrivals[i].Sub(s.arrivals[i-1]))
	}
	return gaps
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.arrivals)
}

func status(code int, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
	}
}

// reset drops the connection without answering.
func reset(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
}

// constSource is a rand.Source that always gives the same number; all
// ones makes every jitter draw its ceiling.
type constSource uint64

func (c constSource) Uint64() uint64 { return uint64(c) }

func TestRetryBackoffIsExponentialWithFullJitter(t *testing.T) {
	const base, ceiling = 100 * time.Millisecond, time.Second
	bound := func(retry int) time.Duration { return min(ceiling, base<<(retry-1)) }
	tests := []struct {
		name string
		rand func() *rand.Rand
		want func(retry int, expect *rand.Rand) time.Duration
	}{
		{
			name: "highest draws reach the ceilings",
			rand: func() *rand.Rand { return rand.New(constSource(math.MaxUint64)) },
			want: func(retry int, _ *rand.Rand) time.Duration { return bound(retry) },
		},
		{
			name: "seeded draws are uniform up to the ceiling",
			rand: func() *rand.Rand { return rand.New(rand.NewPCG(7, 11)) },
			want: func(retry int, expect *rand.Rand) time.Duration {
				return time.Duration(expect.Int64N(int64(bound(retry)) + 1))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := &script{handlers: []http.HandlerFunc{status(503), status(502), status(500), status(504), status(429), status(503), status(200)}}
				client := newPipeServer(t, s.ServeHTTP)

				_, err := streams.Collect(t.Context(), streams.Pipe(
					httpobs.Get(pipeURL, httpobs.WithClient(client)),
					httpobs.Retry(httpobs.RetryAttempts(7), httpobs.RetryBackoff(base, ceiling), httpobs.RetryRand(tt.rand()))))
				require.NoError(t, err)

				expect := tt.rand()
				var want []time.Duration
				for retry := 1; retry <= 6; retry++ {
					want = append(want, tt.want(retry, expect))
				}
				assert.Equal(t, want, s.gaps())
				for i, gap := range s.gaps() {
					assert.LessOrEqual(t, gap, bound(i+1))
				}
			})
		})
	}
}

func TestRetryGivesUpAfterTheLastAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{handlers: []http.HandlerFunc{status(503)}}
		client := newPipeServer(t, s.ServeHTTP)

		_, err := streams.Collect(t.Context(), streams.Pipe(
			httpobs.Get(pipeURL, httpobs.WithClient(client)),
			httpobs.Retry(httpobs.RetryAttempts(4))))
		var se *httpobs.StatusError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, 503, se.StatusCode)
		assert.Equal(t, 4, s.count())
	})
}

func TestRetryDefaultsToThreeAttempts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{handlers: []http.HandlerFunc{status(500)}}
		client := newPipeServer(t, s.ServeHTTP)
		start := time.Now()
		_, err := streams.Collect(t.Context(), streams.Pipe(httpobs.Get(pipeURL, httpobs.WithClient(client)), httpobs.Retry()))
		require.Error(t, err)
		assert.Equal(t, 3, s.count())
		assert.LessOrEqual(t, time.Since(start), 100*time.Millisecond+200*time.Millisecond)
	})
}

func TestRetryRetriesNetworkErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{handlers: []http.HandlerFunc{reset, reset, status(200)}}
		client := newPipeServer(t, s.ServeHTTP)

		values, err := streams.Collect(t.Context(), streams.Pipe(
			httpobs.Get(pipeURL, httpobs.WithClient(client)),
			httpobs.Retry(httpobs.RetryBackoff(time.Second, time.Second))))
		require.NoError(t, err)
		assert.Len(t, values, 1)
		assert.Equal(t, 3, s.count())
	})
}

func TestRetryLeavesOtherFailuresAlone(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		handler http.HandlerFunc
		opts    []httpobs.RetryOption
		wantN   int
	}{
		{name: "404", method: "GET", handler: status(404), wantN: 1},
		{name: "401", method: "GET", handler: status(401), wantN: 1},
		{name: "POST 503", method: "POST", handler: status(503), wantN: 1},
		{name: "PATCH reset", method: "PATCH", handler: reset, wantN: 1},
		{name: "POST 503 opted in", method: "POST", handler: status(503), opts: []httpobs.RetryOption{httpobs.RetryAnyMethod()}, wantN: 3},
		{name: "PUT 503", method: "PUT", handler: status(503), wantN: 3},
		{name: "DELETE 429", method: "DELETE", handler: status(429), wantN: 3},
		{name: "HEAD reset", method: "HEAD", handler: reset, wantN: 3},
		{name: "OPTIONS 500", method: "OPTIONS", handler: status(500), wantN: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := &script{handlers: []http.HandlerFunc{tt.handler}}
				client := newPipeServer(t, s.ServeHTTP)
				_, err := streams.Collect(t.Context(), streams.Pipe(
					httpobs.Do(tt.method, pipeURL, nil, httpobs.WithClient(client)),
					httpobs.Retry(tt.opts...)))
				require.Error(t, err)
				assert.Equal(t, tt.wantN, s.count())
			})
		})
	}

	t.Run("errors not from a request", func(t *testing.T) {
		boom := errors.New("boom")
		subscriptions := 0
		src := streams.Defer(func(context.Context) rxgo.Observable {
			subscriptions++
			return streams.Throw(boom)
		})
		_, err := streams.Collect(context.Background(), streams.Pipe(src, httpobs.Retry()))
		assert.ErrorIs(t, err, boom)
		assert.Equal(t, 1, subscriptions)
	})
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter func(now time.Time) string
		wantGap    time.Duration
	}{
		{name: "seconds", retryAfter: func(time.Time) string { return "3" }, wantGap: 3 * time.Second},
		{name: "HTTP date", retryAfter: func(now time.Time) string { return now.Add(5 * time.Second).UTC().Format(http.TimeFormat) }, wantGap: 5 * time.Second},
		{name: "date in the past", retryAfter: func(now time.Time) string { return now.Add(-time.Hour).UTC().Format(http.TimeFormat) }, wantGap: 0},
		{name: "unparsable falls back to backoff", retryAfter: func(time.Time) string { return "soon" }, wantGap: 0},
	}
	for _, tt := range tests {
		for _, code := range []int{429, 503} {
			t.Run(tt.name+" "+strconv.Itoa(code), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					s := &script{handlers: []http.HandlerFunc{
						func(w http.ResponseWriter, r *http.Request) {
							status(code, "Retry-After", tt.retryAfter(time.Now()))(w, r)
						},
						status(200),
					}}
					client := newPipeServer(t, s.ServeHTTP)

					_, err := streams.Collect(t.Context(), streams.Pipe(
						httpobs.Get(pipeURL, httpobs.WithClient(client)),
						httpobs.Retry(httpobs.RetryBackoff(0, time.Minute))))
					require.NoError(t, err)
					assert.Equal(t, []time.Duration{tt.wantGap}, s.gaps())
				})
			})
		}
	}
}

func TestRetryAfterLongerThanTheCapEndsRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{handlers: []http.HandlerFunc{status(503, "Retry-After", "3600"), status(200)}}
		client := newPipeServer(t, s.ServeHTTP)
		start := time.Now()

		_, err := streams.Collect(t.Context(), streams.Pipe(
			httpobs.Get(pipeURL, httpobs.WithClient(client)),
			httpobs.Retry(httpobs.RetryBackoff(time.Second, time.Minute))))
		var se *httpobs.StatusError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, "3600", se.Header.Get("Retry-After"))
		assert.Equal(t, 1, s.count())
		assert.Zero(t, time.Since(start))
	})
}

func TestCancellingDuringBackoffEndsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{handlers: []http.HandlerFunc{status(503, "Retry-After", "30")}}
		client := newPipeServer(t, s.ServeHTTP)
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() {
			_, err := streams.Collect(ctx, streams.Pipe(
				httpobs.Get(pipeURL, httpobs.WithClient(client)),
				httpobs.Retry(httpobs.RetryBackoff(time.Second, time.Minute))))
			done <- err
		}()
		synctest.Wait() // first attempt failed; waiting 30 s
		start := time.Now()
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
		assert.Zero(t, time.Since(start))
		assert.Equal(t, 1, s.count())
	})
}

func TestRetryOptionsRejectBadArguments(t *testing.T) {
	assert.Panics(t, func() { httpobs.RetryAttempts(0) })
	assert.Panics(t, func() { httpobs.RetryBackoff(-1, 0) })
	assert.Panics(t, func() { httpobs.RetryBackoff(2*time.Second, time.Second) })
	assert.Panics(t, func() { httpobs.RetryRand(nil) })
	assert.Panics(t, func() { httpobs.Retry(nil) })
}
