package streams_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// counter counts the calls of the identity function it hands out.
type counter struct{ n atomic.Int64 }

func (c *counter) count(v int) int {
	c.n.Add(1)
	return v
}

// Once Take has its value, an inner that emits synchronously is stopped
// before its next value: the function after it runs once, as in RxJS.
func TestTeardownReachesASynchronousInner(t *testing.T) {
	for name, flatten := range map[string]func(func(int) rxgo.Observable) streams.Operator{
		"MergeMap":   func(f func(int) rxgo.Observable) streams.Operator { return streams.MergeMap(f, 0) },
		"ConcatMap":  streams.ConcatMap[int],
		"SwitchMap":  streams.SwitchMap[int],
		"ExhaustMap": streams.ExhaustMap[int],
	} {
		t.Run(name, func(t *testing.T) {
			var c counter
			inner := func(int) rxgo.Observable { return streams.Pipe(streams.Of(1, 2, 3), streams.Map(c.count)) }
			got, err := collect(t, streams.Pipe(streams.Of(1), flatten(inner), streams.Take(1)))
			require.NoError(t, err)
			require.Equal(t, ints(1), got)
			require.EqualValues(t, 1, c.n.Load())
		})
	}
}

// The same through Share: when its only subscriber has what it wanted,
// the source is ended before it produces another value.
func TestTeardownReachesASharedSynchronousSource(t *testing.T) {
	var c counter
	src := streams.Pipe(streams.Of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), streams.Map(c.count), streams.Share())
	got, err := collect(t, streams.Pipe(src, streams.Take(3)))
	require.NoError(t, err)
	require.Equal(t, ints(0, 1, 2), got)
	require.EqualValues(t, 3, c.n.Load())
}

// A subscriber arriving right after the last one left — here the second
// inner of a ConcatMap, subscribed as the first completes — gets a fresh
// subscription to a source that has not ended, every time.
func TestShareResetsAtOnceWhenTheLastSubscriberLeaves(t *testing.T) {
	for range 1000 {
		var subscriptions atomic.Int64
		cold := streams.Defer(func(context.Context) rxgo.Observable {
			subscriptions.Add(1)
			return streams.Merge(streams.Of("a", "b", "c"), streams.Never())
		})
		shared := streams.Pipe(cold, streams.Share())
		twice := streams.Pipe(streams.Of(1, 2), streams.ConcatMap(func(int) rxgo.Observable {
			return streams.Pipe(shared, streams.Take(1))
		}))
		got, err := collect(t, twice)
		require.NoError(t, err)
		require.Equal(t, []any{"a", "a"}, got)
		require.EqualValues(t, 2, subscriptions.Load())
	}
}

func TestShareResetOptions(t *testing.T) {
	counted := func() (rxgo.Observable, *atomic.Int64) {
		var n atomic.Int64
		return streams.Defer(func(context.Context) rxgo.Observable {
			n.Add(1)
			return streams.Throw(errBoom)
		}), &n
	}
	t.Run("ResetOnError(false) replays the error", func(t *testing.T) {
		src, n := counted()
		shared := streams.Pipe(src, streams.Share(streams.ShareResetOnError(false)))
		for range 2 {
			_, err := collect(t, shared)
			require.ErrorIs(t, err, errBoom)
		}
		require.EqualValues(t, 1, n.Load())
	})
	t.Run("errors reset by default", func(t *testing.T) {
		src, n := counted()
		shared := streams.Pipe(src, streams.Share())
		for range 2 {
			_, err := collect(t, shared)
			require.ErrorIs(t, err, errBoom)
		}
		require.EqualValues(t, 2, n.Load())
	})
	t.Run("ResetOnComplete(false) completes late subscribers at once", func(t *testing.T) {
		var n atomic.Int64
		src := streams.Defer(func(context.Context) rxgo.Observable { n.Add(1); return streams.Of(1) })
		shared := streams.Pipe(src, streams.Share(streams.ShareResetOnComplete(false)))
		first, err := collect(t, shared)
		require.NoError(t, err)
		require.Equal(t, ints(1), first)
		second, err := collect(t, shared)
		require.NoError(t, err)
		require.Empty(t, second)
		require.EqualValues(t, 1, n.Load())
	})
	t.Run("ResetOnRefCountZero(false) keeps the source for the next subscriber", func(t *testing.T) {
		s := streams.NewSubject()
		var n atomic.Int64
		src := streams.Defer(func(context.Context) rxgo.Observable { n.Add(1); return s.Observable() })
		shared := streams.Pipe(src, streams.Share(streams.ShareResetOnRefCountZero(false)))
		first := streams.Pipe(shared, streams.Take(1))
		ch, _ := observe(t, first)
		s.Next(1)
		requireValue(t, ch, 1)
		requireClosed(t, ch)
		ch, _ = observe(t, first)
		s.Next(2)
		requireValue(t, ch, 2)
		require.EqualValues(t, 1, n.Load())
	})
}

// Values a source emits while it is being subscribed get through a
// Timeout, even one of 0; the deadline for the next value starts after
// them, and Timeout(0) sets none, as RxJS's timeout(0).
func TestTimeoutLetsSynchronousValuesThrough(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1), streams.Timeout(0)))
		require.NoError(t, err)
		require.Equal(t, ints(1), got)

		start := time.Now()
		more := streams.Merge(streams.Of(1, 2), streams.Never())
		got, err = streams.Collect(t.Context(), streams.Pipe(more, streams.Timeout(time.Second)))
		require.ErrorIs(t, err, streams.ErrTimeout)
		require.Equal(t, ints(1, 2), got)
		require.Equal(t, time.Second, time.Since(start))

		ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
		defer cancel()
		got, err = streams.Collect(ctx, streams.Pipe(more, streams.Timeout(0)))
		require.ErrorIs(t, err, context.DeadlineExceeded, "Timeout(0) has no deadline between values")
		require.Equal(t, ints(1, 2), got)
	})
}

func TestTimeoutOptions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// A first deadline of its own: a slow first value is fine, a slow
		// second one is not.
		start := time.Now()
		src := streams.Pipe(streams.Timer(5*time.Second), streams.ConcatMap(func(int) rxgo.Observable {
			return streams.Merge(streams.Of("first"), streams.Pipe(streams.Timer(2*time.Second), streams.Map(func(int) string { return "late" })))
		}))
		got, err := streams.Collect(t.Context(), streams.Pipe(src, streams.Timeout(time.Second, streams.TimeoutFirst(10*time.Second))))
		require.Equal(t, []any{"first"}, got)
		var te *streams.TimeoutError
		require.ErrorAs(t, err, &te)
		require.Equal(t, streams.TimeoutError{Waited: time.Second, Seen: 1}, *te)
		require.Equal(t, 6*time.Second, time.Since(start))

		// A fallback instead of the error, told what happened.
		var told *streams.TimeoutError
		got, err = streams.Collect(t.Context(), streams.Pipe(streams.Never(), streams.Timeout(time.Second, streams.TimeoutWith(func(err *streams.TimeoutError) rxgo.Observable {
			told = err
			return streams.Of("fallback")
		}))))
		require.NoError(t, err)
		require.Equal(t, []any{"fallback"}, got)
		require.Equal(t, streams.TimeoutError{Waited: time.Second}, *told)
	})
}

// A value pushed from inside a subscriber's reaction is delivered after
// the one being delivered has reached every subscriber: both see 1, then
// 2.
func TestSubjectNextFromInsideASubscriberIsQueued(t *testing.T) {
	s := streams.NewSubject()
	var mu sync.Mutex
	var seen []string
	log := func(who string) streams.Operator {
		return streams.Map(func(v int) int {
			mu.Lock()
			seen = append(seen, who+string(rune('0'+v)))
			mu.Unlock()
			if who == "a" && v == 1 {
				s.Next(2)
			}
			return v
		})
	}
	a, _ := observe(t, streams.Pipe(s.Observable(), log("a")))
	b, _ := observe(t, streams.Pipe(s.Observable(), log("b")))
	s.Next(1)
	for _, ch := range []<-chan rxgo.Item{a, b} {
		requireValue(t, ch, 1)
		requireValue(t, ch, 2)
	}
	mu.Lock()
	defer mu.Unlock()
	require.Equal(t, []string{"a1", "b1", "a2", "b2"}, seen)
}

func TestRetryWithoutLimit(t *testing.T) {
	src, attempts := flaky(50)
	got, err := collect(t, streams.Pipe(src, streams.Retry()))
	require.NoError(t, err)
	require.Len(t, got, 51)
	require.EqualValues(t, 51, attempts.Load())
}

// A source that fails synchronously retries in a loop, not in ever deeper
// calls: every attempt is subscribed at the same depth of stack.
func TestRetryOfASynchronousFailureDoesNotNest(t *testing.T) {
	var depths []int
	src := streams.Defer(func(context.Context) rxgo.Observable {
		depths = append(depths, runtime.Callers(0, make([]uintptr, 1000)))
		if len(depths) < 100 {
			return streams.Throw(errBoom)
		}
		return streams.Of("done")
	})
	got, err := collect(t, streams.Pipe(src, streams.Retry()))
	require.NoError(t, err)
	require.Equal(t, []any{"done"}, got)
	for i, d := range depths[1:] {
		require.Equal(t, depths[0], d, "attempt %d", i+2)
	}
}

func TestRetryResetOnSuccess(t *testing.T) {
	// Each attempt emits a value, then fails: three in a row.
	src := func() (rxgo.Observable, *atomic.Int64) {
		var n atomic.Int64
		return streams.Defer(func(context.Context) rxgo.Observable {
			if n.Add(1) > 3 {
				return streams.Of("last")
			}
			return streams.Merge(streams.Of("value"), streams.Throw(errBoom))
		}), &n
	}
	s, _ := src()
	got, err := collect(t, streams.Pipe(s, streams.Retry(streams.RetryCount(1))))
	require.ErrorIs(t, err, errBoom)
	require.Equal(t, []any{"value", "value"}, got)

	s, _ = src()
	got, err = collect(t, streams.Pipe(s, streams.Retry(streams.RetryCount(1), streams.RetryResetOnSuccess())))
	require.NoError(t, err)
	require.Equal(t, []any{"value", "value", "value", "last"}, got)
}

func TestRetryDelayNotifier(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src, attempts := flaky(2)
		start := time.Now()
		var retries []int
		got, err := streams.Collect(t.Context(), streams.Pipe(src, streams.Retry(streams.RetryDelay(func(err error, retry int) rxgo.Observable {
			require.ErrorIs(t, err, errBoom)
			retries = append(retries, retry)
			return streams.Timer(time.Duration(retry) * time.Second)
		}))))
		require.NoError(t, err)
		require.Equal(t, ints(1, 2, 3), got)
		require.Equal(t, []int{1, 2}, retries)
		require.Equal(t, 3*time.Second, time.Since(start))
		require.EqualValues(t, 3, attempts.Load())

		// A notifier that completes without a value completes the stream.
		src, _ = flaky(5)
		got, err = streams.Collect(t.Context(), streams.Pipe(src, streams.Retry(streams.RetryDelay(func(error, int) rxgo.Observable { return streams.Empty() }))))
		require.NoError(t, err)
		require.Equal(t, ints(1), got)
	})
}

func TestReplaySubjectWindowAndNoLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		all := streams.NewReplaySubject(0, 0)
		windowed := streams.NewReplaySubject(0, 3*time.Second)
		for i := range 5 {
			all.Next(i)
			windowed.Next(i)
			time.Sleep(time.Second)
		}
		all.Complete()
		windowed.Complete()
		got, err := streams.Collect(t.Context(), all.Observable())
		require.NoError(t, err)
		require.Equal(t, ints(0, 1, 2, 3, 4), got)
		// Pushed at 0, 1, 2, 3 and 4 s, read at 5 s: the last 3 s hold 3
		// and 4 (2, pushed exactly 3 s ago, has just expired).
		got, err = streams.Collect(t.Context(), windowed.Observable())
		require.NoError(t, err)
		require.Equal(t, ints(3, 4), got)
	})
}

func TestBehaviorSubjectValueAfterError(t *testing.T) {
	b := streams.NewBehaviorSubject(1)
	b.Next(2)
	v, err := b.Value()
	require.NoError(t, err)
	require.Equal(t, 2, v)
	b.Error(errBoom)
	v, err = b.Value()
	require.ErrorIs(t, err, errBoom)
	require.Nil(t, v)
	b.Next(3) // ignored
	_, err = b.Value()
	require.ErrorIs(t, err, errBoom)
}

func TestFirstWithAPredicateAndADefault(t *testing.T) {
	even := streams.Matching(func(v int) bool { return v%2 == 0 })
	got, err := collect(t, streams.Pipe(streams.Of(1, 3, 4, 6), streams.First(even)))
	require.NoError(t, err)
	require.Equal(t, ints(4), got)

	_, err = collect(t, streams.Pipe(streams.Of(1, 3), streams.First(even)))
	require.ErrorIs(t, err, streams.ErrEmpty)

	got, err = collect(t, streams.Pipe(streams.Of(1, 3), streams.First(even, streams.OrDefault(0))))
	require.NoError(t, err)
	require.Equal(t, ints(0), got)

	_, err = collect(t, streams.Pipe(streams.Of("x"), streams.First(even)))
	var te *streams.TypeError
	require.ErrorAs(t, err, &te)
	require.Equal(t, "First", te.Op)

	_, err = collect(t, streams.Pipe(streams.Of(1), streams.First(streams.Matching(func(int) bool { panic(errors.New("no")) }))))
	var pe *streams.PanicError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "First", pe.Op)
}

func TestTimerEvery(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var at []time.Duration
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.TimerEvery(2*time.Second, time.Second),
			streams.Map(func(v int) int { at = append(at, time.Since(start)); return v }),
			streams.Take(4)))
		require.NoError(t, err)
		require.Equal(t, ints(0, 1, 2, 3), got)
		require.Equal(t, []time.Duration{2 * time.Second, 3 * time.Second, 4 * time.Second, 5 * time.Second}, at)
	})
}
