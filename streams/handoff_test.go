package streams_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// onCollectMap records, for each value, whether it reached it on
// Collect's goroutine.
func onCollectMap() streams.Operator {
	return streams.Map(func(v any) bool { return onCollect() })
}

func TestHandoffDeliversOnTheIdleCollect(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := streams.NewSubject()
		type result struct {
			got []any
			err error
		}
		results := make(chan result, 1)
		go func() {
			got, err := streams.Collect(t.Context(), streams.Pipe(s.Observable(), streams.Handoff(), streams.Take(2), onCollectMap()))
			results <- result{got, err}
		}()
		synctest.Wait() // Collect is subscribed and idle
		s.Next(1)
		synctest.Wait()
		s.Next(2)
		r := <-results
		require.NoError(t, r.err)
		require.Equal(t, []any{true, true}, r.got)
	})
}

func TestHandoffWakesEveryWaiterOnItsOwnGoroutine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 50
		s := streams.NewReplaySubject(1)
		got := make([][]any, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				var err error
				got[i], err = streams.Collect(t.Context(), streams.Pipe(s.Observable(), streams.Handoff(), onCollectMap()))
				require.NoError(t, err)
			})
		}
		synctest.Wait()
		s.Next("token")
		s.Complete()
		wg.Wait()
		for i := range n {
			require.Equal(t, []any{true}, got[i], "waiter %d", i)
		}
	})
}

func TestHandoffKeepsOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 1000
		s := streams.NewSubject()
		done := make(chan []any)
		go func() {
			got, err := streams.Collect(t.Context(), streams.Pipe(s.Observable(), streams.Handoff(), streams.Take(n)))
			require.NoError(t, err)
			done <- got
		}()
		synctest.Wait()
		for i := range n {
			s.Next(i)
			if i%7 == 0 {
				synctest.Wait() // let Collect take some runs, leave others to the pusher
			}
		}
		got := <-done
		want := make([]any, n)
		for i := range want {
			want[i] = i
		}
		require.Equal(t, want, got)
	})
}

func TestHandoffOutsideCollectDeliversInPlace(t *testing.T) {
	s := streams.NewSubject()
	var got []any
	sub := streams.Subscribe(testContext(t), streams.Pipe(s.Observable(), streams.Handoff()), streams.Observer{Next: func(v any) { got = append(got, v) }})
	s.Next(1)
	s.Next(2)
	s.Complete()
	sub.Wait()
	require.Equal(t, ints(1, 2), got)
}

func TestHandoffPassesErrors(t *testing.T) {
	_, err := collect(t, streams.Pipe(streams.Throw(errBoom), streams.Handoff()))
	require.ErrorIs(t, err, errBoom)
}

// The code handling a handed-over event may wait for other work of the
// stream: a request subscribed meanwhile gets a goroutine of its own
// rather than waiting for Collect's.
func TestHandoffHandlerMayWaitForASiblingRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, trigger := streams.NewSubject(), streams.NewSubject()
		started := make(chan struct{})
		handler := streams.Map(func(v any) any {
			go trigger.Next(1) // a sibling request, subscribed on another goroutine
			<-started          // and this handler waits until it has started
			return v
		})
		sibling := streams.Pipe(trigger.Observable(), streams.SwitchMap(func(any) rxgo.Observable {
			return streams.FromFunc(func(context.Context) (any, error) { close(started); return 0, nil })
		}))
		done := make(chan error)
		go func() {
			_, err := streams.Collect(t.Context(), streams.Pipe(streams.Merge(streams.Pipe(s.Observable(), streams.Handoff(), handler), sibling), streams.Take(2)))
			done <- err
		}()
		synctest.Wait() // Collect is idle
		s.Next(1)
		require.NoError(t, <-done)
	})
}
