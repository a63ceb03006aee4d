package streams_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

func TestRetryCount(t *testing.T) {
	tests := []struct {
		name         string
		failures     int
		count        int
		want         []any
		wantErr      error
		wantAttempts int
	}{
		{name: "no failure", failures: 0, count: 2, want: ints(1), wantAttempts: 1},
		{name: "recovers within the count", failures: 2, count: 3, want: ints(1, 2, 3), wantAttempts: 3},
		{name: "recovers at the last retry", failures: 2, count: 2, want: ints(1, 2, 3), wantAttempts: 3},
		{name: "gives up after count retries", failures: 5, count: 2, want: ints(1, 2, 3), wantErr: errBoom, wantAttempts: 3},
		{name: "zero retries", failures: 1, count: 0, want: ints(1), wantErr: errBoom, wantAttempts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, attempts := flaky(tt.failures)
			got, err := collect(t, streams.Pipe(src, streams.Retry(streams.RetryCount(tt.count))))
			require.Equal(t, tt.want, got)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			require.EqualValues(t, tt.wantAttempts, attempts.Load())
		})
	}
}

func TestRetryIsLazy(t *testing.T) {
	src, attempts := flaky(1)
	retried := streams.Pipe(src, streams.Retry(streams.RetryCount(3)))
	require.Zero(t, attempts.Load(), "Retry subscribed at construction")
	for range 2 {
		// Each subscription has its own count of retries.
		attempts.Store(0)
		got, err := collect(t, retried)
		require.NoError(t, err)
		require.Equal(t, ints(1, 2), got)
		require.EqualValues(t, 2, attempts.Load())
	}
}

func TestRetryDelays(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var mu sync.Mutex
		var subscribed []time.Duration
		subscriptions := func() []time.Duration {
			mu.Lock()
			defer mu.Unlock()
			return append([]time.Duration(nil), subscribed...)
		}
		src := streams.Defer(func(context.Context) rxgo.Observable {
			mu.Lock()
			defer mu.Unlock()
			subscribed = append(subscribed, time.Since(start))
			return streams.Throw(errBoom)
		})
		var calls []int // only the Retry loop touches it until the end
		delay := func(err error, attempt int) (time.Duration, error) {
			if !errors.Is(err, errBoom) {
				return 0, err
			}
			calls = append(calls, attempt)
			return time.Duration(attempt) * 100 * ms, nil
		}
		wait := timeline(t, streams.Pipe(src, streams.Retry(streams.RetryCount(3), streams.RetryDelay(viaTimer(delay)))))

		// Each retry subscribes only when it is due, not before.
		time.Sleep(50 * ms)
		settle()
		require.Len(t, subscriptions(), 1)
		time.Sleep(60 * ms)
		settle()
		require.Len(t, subscriptions(), 2)

		requireTimeline(t, []event{failure(600*ms, errBoom), end(600 * ms)}, wait())
		require.Equal(t, []time.Duration{0, 100 * ms, 300 * ms, 600 * ms}, subscriptions())
		require.Equal(t, []int{1, 2, 3}, calls, "no delay is asked for after the last retry")
	})
}

func TestRetryDelayErrorStopsRetrying(t *testing.T) {
	errGiveUp := errors.New("give up")
	tests := []struct {
		name         string
		delay        func(error, int) (time.Duration, error)
		wantErr      error
		wantAttempts int
	}{
		{
			name: "its own error",
			delay: func(_ error, attempt int) (time.Duration, error) {
				if attempt == 2 {
					return 0, errGiveUp
				}
				return 0, nil
			},
			wantErr:      errGiveUp,
			wantAttempts: 2,
		},
		{
			name:         "the error it was given",
			delay:        func(err error, _ int) (time.Duration, error) { return 0, err },
			wantErr:      errBoom,
			wantAttempts: 1,
		},
		{
			name:         "a panic",
			delay:        func(error, int) (time.Duration, error) { panic(errGiveUp) },
			wantErr:      errGiveUp,
			wantAttempts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, attempts := flaky(10)
			_, err := collect(t, streams.Pipe(src, streams.Retry(streams.RetryCount(5), streams.RetryDelay(viaTimer(tt.delay)))))
			require.ErrorIs(t, err, tt.wantErr)
			require.EqualValues(t, tt.wantAttempts, attempts.Load())
		})
	}
	t.Run("a panic is a PanicError", func(t *testing.T) {
		src, _ := flaky(10)
		_, err := collect(t, streams.Pipe(src, streams.Retry(streams.RetryCount(5), streams.RetryDelay(func(error, int) rxgo.Observable { panic("no") }))))
		var pe *streams.PanicError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, "Retry", pe.Op)
	})
}

func TestRetryUnsubscribeDuringDelay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProbe()
		ch, cancel := observe(t, streams.Pipe(p.wrap(streams.Throw(errBoom)),
			streams.Retry(streams.RetryCount(1), streams.RetryDelay(func(error, int) rxgo.Observable { return streams.Timer(time.Hour) }))))
		time.Sleep(time.Minute)
		cancel()
		requireClosed(t, ch)
		settle()
		require.Equal(t, 1, p.subscriptions(), "no retry after unsubscription")
	})
}

func TestRetryUnsubscribesTheRunningAttempt(t *testing.T) {
	p := newProbe()
	var mu sync.Mutex
	attempt := 0
	retried := make(chan struct{})
	src := p.wrap(streams.Defer(func(context.Context) rxgo.Observable {
		mu.Lock()
		defer mu.Unlock()
		if attempt++; attempt == 1 {
			return streams.Throw(errBoom)
		}
		close(retried)
		return streams.Never()
	}))
	ch, cancel := observe(t, streams.Pipe(src, streams.Retry(streams.RetryCount(1))))
	waitFor(t, retried, "the retry")
	cancel()
	requireClosed(t, ch)
	p.waitEnded(t, 2)
}

// viaTimer turns a delay function into a RetryDelay notifier: a Timer, or
// the delay's error.
func viaTimer(delay func(err error, attempt int) (time.Duration, error)) func(error, int) rxgo.Observable {
	return func(err error, attempt int) rxgo.Observable {
		d, derr := delay(err, attempt)
		if derr != nil {
			return streams.Throw(derr)
		}
		return streams.Timer(d)
	}
}
