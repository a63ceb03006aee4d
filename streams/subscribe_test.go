package streams_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// record is an Observer that writes down what it was told.
type record struct {
	mu     sync.Mutex
	events []string
	values []any
	err    error
}

func (r *record) observer() streams.Observer {
	return streams.Observer{
		Next: func(v any) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.events = append(r.events, "next")
			r.values = append(r.values, v)
		},
		Error: func(err error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.events = append(r.events, "error")
			r.err = err
		},
		Complete: func() {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.events = append(r.events, "complete")
		},
	}
}

func TestSubscribeCallbacks(t *testing.T) {
	t.Run("values then complete", func(t *testing.T) {
		var r record
		sub := streams.Subscribe(testContext(t), streams.Of(1, 2), r.observer())
		waitFor(t, sub.Done(), "the subscription to end")
		require.Equal(t, []string{"next", "next", "complete"}, r.events)
		require.Equal(t, ints(1, 2), r.values)
	})
	t.Run("values then error", func(t *testing.T) {
		var r record
		sub := streams.Subscribe(testContext(t), emit(1, errBoom, 2), r.observer())
		sub.Wait()
		require.Equal(t, []string{"next", "error"}, r.events)
		require.ErrorIs(t, r.err, errBoom)
	})
	t.Run("nil callbacks are skipped", func(t *testing.T) {
		sub := streams.Subscribe(testContext(t), emit(1, errBoom), streams.Observer{})
		waitFor(t, sub.Done(), "the subscription to end")
	})
}

func TestSubscribeSubscribesAtOnce(t *testing.T) {
	p := newProbe()
	s := streams.NewSubject()
	var r record
	sub := streams.Subscribe(testContext(t), p.wrap(s.Observable()), r.observer())
	require.Equal(t, 1, p.subscriptions())
	s.Next("right away")
	s.Complete()
	sub.Wait()
	require.Equal(t, []any{"right away"}, r.values)
}

func TestSubscriptionUnsubscribe(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProbe()
		s := streams.NewSubject()
		var r record
		sub := streams.Subscribe(t.Context(), p.wrap(s.Observable()), r.observer())
		s.Next(1)
		settle()
		sub.Unsubscribe()
		sub.Wait()
		sub.Unsubscribe() // again: harmless
		s.Next(2)
		s.Complete()
		settle()
		require.Equal(t, []string{"next"}, r.events, "neither Complete nor Error after Unsubscribe")
		require.Zero(t, p.active(), "the source was not unsubscribed")
	})
}

func TestSubscriptionEndsWithItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 10*ms)
		defer cancel()
		start := time.Now()
		sub := streams.Subscribe(ctx, streams.Never(), streams.Observer{Complete: func() { t.Error("completed") }})
		sub.Wait()
		require.Equal(t, 10*ms, time.Since(start))
	})
}

func TestSubscribeUnsubscribeFromInsideNext(t *testing.T) {
	p := newProbe()
	var sub *streams.Subscription
	var got []any
	ready := make(chan struct{}) // sub is set
	sub = streams.Subscribe(testContext(t), p.wrap(endless()), streams.Observer{
		Next: func(v any) {
			<-ready
			got = append(got, v)
			if len(got) == 3 {
				sub.Unsubscribe() // must not deadlock
			}
		},
	})
	close(ready)
	waitFor(t, sub.Done(), "the subscription to end")
	require.Equal(t, ints(0, 1, 2), got)
	p.waitEnded(t, 1)
}

func TestSubscribePanicsInCallbacks(t *testing.T) {
	t.Run("Next", func(t *testing.T) {
		p := newProbe()
		var err error
		calls := 0
		sub := streams.Subscribe(testContext(t), p.wrap(endless()), streams.Observer{
			Next:     func(any) { calls++; panic("bad next") },
			Error:    func(e error) { err = e },
			Complete: func() { t.Error("completed") },
		})
		sub.Wait()
		require.Equal(t, 1, calls, "nothing after the panic")
		var pe *streams.PanicError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "Subscribe", pe.Op)
		assert.Equal(t, "bad next", pe.Value)
		p.waitEnded(t, 1)
	})
	t.Run("Complete", func(t *testing.T) {
		var err error
		sub := streams.Subscribe(testContext(t), streams.Empty(), streams.Observer{
			Complete: func() { panic(errBoom) },
			Error:    func(e error) { err = e },
		})
		sub.Wait()
		require.ErrorIs(t, err, errBoom)
	})
}

func TestCollect(t *testing.T) {
	t.Run("values", func(t *testing.T) {
		got, err := collect(t, streams.Of(1, 2, 3))
		require.NoError(t, err)
		require.Equal(t, ints(1, 2, 3), got)
	})
	t.Run("empty", func(t *testing.T) {
		got, err := collect(t, streams.Empty())
		require.NoError(t, err)
		require.Nil(t, got)
	})
	t.Run("values before the error", func(t *testing.T) {
		got, err := collect(t, emit(1, 2, errBoom, 3))
		require.ErrorIs(t, err, errBoom)
		require.Equal(t, ints(1, 2), got)
	})
	t.Run("context ends first", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := streams.NewSubject()
			errStop := errors.New("stop")
			ctx, cancel := context.WithCancelCause(t.Context())
			go func() {
				time.Sleep(ms) // Collect has subscribed by now
				s.Next(1)
				time.Sleep(10 * ms)
				cancel(errStop)
			}()
			p := newProbe()
			got, err := streams.Collect(ctx, p.wrap(s.Observable()))
			require.ErrorIs(t, err, errStop, "the cause of the context's end")
			require.Equal(t, ints(1), got)
			settle()
			require.Zero(t, p.active())
		})
	})
	t.Run("a FromFunc function sees the context's end", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			defer cancel()
			start := time.Now()
			waits := streams.FromFunc(func(ctx context.Context) (any, error) {
				<-ctx.Done()
				return nil, ctx.Err()
			})
			_, err := streams.Collect(ctx, waits)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			require.Equal(t, time.Second, time.Since(start))
		})
	})
	t.Run("deadline", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			defer cancel()
			_, err := streams.Collect(ctx, streams.Never())
			require.ErrorIs(t, err, context.DeadlineExceeded)
		})
	})
}
