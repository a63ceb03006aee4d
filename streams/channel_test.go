package streams_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFromChannel(t *testing.T) {
	t.Run("emits what it receives and completes when the channel is closed", func(t *testing.T) {
		ch := make(chan int, 3)
		ch <- 1
		ch <- 2
		ch <- 3
		close(ch)
		got, err := collect(t, streams.FromChannel(ch))
		require.NoError(t, err)
		require.Equal(t, ints(1, 2, 3), got)
	})

	t.Run("values are of the channel's type", func(t *testing.T) {
		ch := make(chan string, 1)
		ch <- "a"
		close(ch)
		got, err := collect(t, streams.Pipe(streams.FromChannel(ch), streams.Map(func(s string) string { return s + s })))
		require.NoError(t, err)
		require.Equal(t, []any{"aa"}, got)
	})

	t.Run("receives nothing before it is subscribed", func(t *testing.T) {
		ch := make(chan int, 1)
		obs := streams.FromChannel(ch)
		ch <- 1
		close(ch)
		require.Len(t, ch, 1)
		got, err := collect(t, obs)
		require.NoError(t, err)
		require.Equal(t, ints(1), got)
	})

	t.Run("concurrent subscriptions compete: each value goes to exactly one", func(t *testing.T) {
		ch := make(chan int)
		obs := streams.FromChannel(ch)
		results := make([][]any, 2)
		var wg sync.WaitGroup
		for i := range results {
			wg.Go(func() {
				got, err := collect(t, obs)
				assert.NoError(t, err)
				results[i] = got
			})
		}
		var want []any
		for i := range 1000 {
			ch <- i
			want = append(want, i)
		}
		close(ch)
		wg.Wait()
		all := append(results[0], results[1]...)
		slices.SortFunc(all, func(a, b any) int { return a.(int) - b.(int) })
		require.Equal(t, want, all)
		for _, got := range results {
			require.True(t, slices.IsSortedFunc(got, func(a, b any) int { return a.(int) - b.(int) }), "each subscription sees its values in order")
		}
	})

	t.Run("shared, every subscriber sees every value", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ch := make(chan int)
			shared := streams.Pipe(streams.FromChannel(ch), streams.Share())
			seen := make([][]any, 2)
			var subs []*streams.Subscription
			for i := range seen {
				subs = append(subs, streams.Subscribe(t.Context(), shared, streams.Observer{
					Next: func(v any) { seen[i] = append(seen[i], v) },
				}))
			}
			for i := range 3 {
				ch <- i
			}
			close(ch)
			for _, sub := range subs {
				sub.Wait()
			}
			require.Equal(t, [][]any{ints(0, 1, 2), ints(0, 1, 2)}, seen)
		})
	})

	t.Run("an end from its own emission receives no further value", func(t *testing.T) {
		ch := make(chan int, 5)
		for i := range 5 {
			ch <- i
		}
		got, err := collect(t, streams.Pipe(streams.FromChannel(ch), streams.Take(2)))
		require.NoError(t, err)
		require.Equal(t, ints(0, 1), got)
		require.Len(t, ch, 3, "the values after the second are still in the channel")
	})

	t.Run("unsubscribing ends its receiving goroutine", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ch := make(chan int) // never closed: only the unsubscription stops the reader
			ctx, cancel := context.WithCancel(t.Context())
			sub := streams.Subscribe(ctx, streams.FromChannel(ch), streams.Observer{})
			ch <- 1
			cancel()
			sub.Wait()
			synctest.Wait()
			select {
			case ch <- 2:
				require.FailNow(t, "a value was received after the subscription ended")
			default:
			}
			// The bubble ending without a deadlock is the proof that no
			// goroutine is left receiving from ch.
		})
	})

	t.Run("a nil channel panics naming FromChannel", func(t *testing.T) {
		require.PanicsWithValue(t, "streams.FromChannel: nil channel", func() { streams.FromChannel[int](nil) })
	})
}

func TestToChannel(t *testing.T) {
	t.Run("sends the values, closes the channel and reports completion", func(t *testing.T) {
		values, err := streams.ToChannel[int](t.Context(), streams.Of(1, 2, 3))
		require.Equal(t, []int{1, 2, 3}, readAll(values))
		require.NoError(t, err())
	})

	t.Run("reports the stream's error after its values", func(t *testing.T) {
		values, err := streams.ToChannel[int](t.Context(), streams.Concat(streams.Of(1, 2), streams.Throw(errBoom)))
		require.Equal(t, []int{1, 2}, readAll(values))
		require.ErrorIs(t, err(), errBoom)
	})

	t.Run("a value that is not a T fails with a TypeError and ends the source", func(t *testing.T) {
		p := newProbe()
		values, err := streams.ToChannel[int](t.Context(), p.wrap(streams.Of(1, "two", 3)))
		require.Equal(t, []int{1}, readAll(values))
		var typeErr *streams.TypeError
		require.ErrorAs(t, err(), &typeErr)
		require.Equal(t, "ToChannel", typeErr.Op)
		p.waitEnded(t, 1)
	})

	t.Run("nil values of an interface type arrive as its zero value", func(t *testing.T) {
		values, err := streams.ToChannel[error](t.Context(), streams.Of(nil, errBoom))
		require.Equal(t, []error{nil, errBoom}, readAll(values))
		require.NoError(t, err())
	})

	t.Run("the source never waits for the reader", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := streams.NewSubject()
			values, err := streams.ToChannel[int](t.Context(), s.Observable())
			for i := range 1000 {
				s.Next(i) // returns at once, with nobody reading
			}
			s.Complete()
			got := readAll(values)
			require.Len(t, got, 1000)
			require.Equal(t, 999, got[999])
			require.NoError(t, err())
		})
	})

	t.Run("ending ctx closes the channel, drops what is queued and reports ctx's cause", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			stop := errors.New("stop")
			ctx, cancel := context.WithCancelCause(t.Context())
			values, err := streams.ToChannel[int](ctx, streams.Interval(time.Second))
			require.Equal(t, 0, <-values)
			time.Sleep(10 * time.Second) // nine more values queue up
			cancel(stop)
			synctest.Wait()
			_, open := <-values
			require.False(t, open)
			require.ErrorIs(t, err(), stop)
			// The bubble ending without a deadlock is the proof that the
			// interval and the sending goroutine have stopped.
		})
	})

	t.Run("err waits for the channel to be closed", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := streams.NewSubject()
			values, err := streams.ToChannel[int](t.Context(), s.Observable())
			reported := make(chan error, 1)
			go func() { reported <- err() }()
			s.Next(1)
			synctest.Wait()
			require.Empty(t, reported)
			require.Equal(t, 1, <-values)
			s.Error(errBoom)
			_, open := <-values
			require.False(t, open)
			require.ErrorIs(t, <-reported, errBoom)
		})
	})

	t.Run("bad arguments panic naming ToChannel", func(t *testing.T) {
		var nilObs rxgo.Observable
		var nilCtx context.Context
		require.PanicsWithValue(t, "streams.ToChannel: nil source", func() { streams.ToChannel[int](t.Context(), nilObs) })
		require.PanicsWithValue(t, "streams.ToChannel: nil context", func() { streams.ToChannel[int](nilCtx, streams.Empty()) })
	})
}

// readAll receives from ch until it is closed.
func readAll[T any](ch <-chan T) []T {
	var got []T
	for v := range ch {
		got = append(got, v)
	}
	return got
}
