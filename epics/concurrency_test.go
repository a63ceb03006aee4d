package epics_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sent is an action from one of many dispatching goroutines.
type sent struct{ From, Seq int }

// echo is an epic's answer to a sent.
type echo struct{ From, Seq int }

// tally counts, per goroutine, the sent and echo actions reduced, and
// checks that each goroutine's actions arrive in the order it sent them.
type tally struct {
	Sent, Echoes int
	next         []int // next expected Seq per goroutine
	outOfOrder   int
}

func TestDispatchFromManyGoroutinesKeepsEveryAction(t *testing.T) {
	const goroutines, perGoroutine = 50, 1000
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	// The reducer mutates the tally in place: the store runs it for one
	// action at a time, which the race detector checks too.
	reduce := func(s *tally, action any) *tally {
		switch a := action.(type) {
		case sent:
			if a.Seq != s.next[a.From] {
				s.outOfOrder++
			}
			s.next[a.From] = a.Seq + 1
			s.Sent++
		case echo:
			s.Echoes++
		}
		return s
	}
	state := &tally{next: make([]int, goroutines)}
	store := epics.NewStore(reduce, state, struct{}{}, epics.WithEqual(func(a, b *tally) bool { return false }))
	echoEpic := func(actions rxgo.Observable, _ *epics.StateObservable[*tally], _ struct{}) rxgo.Observable {
		return streams.Pipe(actions, epics.OfType[sent](), streams.Map(func(s sent) any { return echo(s) }))
	}
	require.NoError(t, store.Start(ctx, echoEpic))
	var seen atomic.Int64
	watcher := streams.Subscribe(ctx, streams.Pipe(store.Actions(), epics.OfType[sent]()), streams.Observer{
		Next: func(any) { seen.Add(1) },
	})

	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range perGoroutine {
				assert.NoError(t, store.Dispatch(sent{From: g, Seq: i}))
			}
		})
	}
	wg.Wait()
	// The echo epic's goroutine may still be processing the last sent
	// actions: when it dispatches, it takes its turn draining the queue.
	require.NoError(t, store.Close())
	waitDone(t, store.Done())
	watcher.Wait()
	final := store.State()
	assert.Equal(t, goroutines*perGoroutine, final.Sent)
	assert.Equal(t, goroutines*perGoroutine, final.Echoes, "the epic answered every action, and Close let it finish")
	assert.Zero(t, final.outOfOrder, "each goroutine's actions were reduced in the order it sent them")
	assert.Equal(t, int64(goroutines*perGoroutine), seen.Load(), "action$ delivered every action")
}

// waitDone fails the test if done is not closed within a minute.
func waitDone(t *testing.T, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("timed out waiting for the store's epics to end")
	}
}

func TestEpicDispatchingBackSynchronouslyNeverDeadlocks(t *testing.T) {
	const pings, burst = 200, 100
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	count := func(s map[string]int, action any) map[string]int {
		next := make(map[string]int, len(s)+1)
		for k, v := range s {
			next[k] = v
		}
		next[action.(A).T]++
		return next
	}
	store := epics.NewStore(count, map[string]int{}, struct{}{})
	// Inside its operator, on the epic's goroutine, the epic dispatches a
	// burst straight to the store, then emits; a subscriber of action$
	// dispatches back too.
	burster := func(actions rxgo.Observable, _ *epics.StateObservable[map[string]int], _ struct{}) rxgo.Observable {
		return streams.Pipe(actions, epics.OfKind("PING"), streams.Map(func(a A) any {
			for i := range burst {
				assert.NoError(t, store.Dispatch(A{T: "TICK", N: i}))
			}
			return A{T: "PONG", N: a.N}
		}))
	}
	require.NoError(t, store.Start(ctx, burster))
	answering := streams.Subscribe(ctx, streams.Pipe(store.Actions(), epics.OfKind("PONG")), streams.Observer{
		Next: func(v any) { assert.NoError(t, store.Dispatch(A{T: "ACK", N: v.(A).N})) },
	})
	allAcked := streams.Pipe(store.States(),
		streams.Filter(func(s map[string]int) bool { return s["ACK"] == pings }),
		streams.Take(1), streams.Timeout(time.Minute))
	for i := range pings {
		require.NoError(t, store.Dispatch(A{T: "PING", N: i}))
	}
	_, err := streams.Collect(ctx, allAcked)
	require.NoError(t, err)
	got := store.State()
	assert.Equal(t, pings, got["PING"])
	assert.Equal(t, pings*burst, got["TICK"])
	assert.Equal(t, pings, got["PONG"])
	require.NoError(t, store.Close())
	waitDone(t, store.Done())
	cancel()
	answering.Wait()
}

func TestDispatchAfterCloseNeverHangs(t *testing.T) {
	store := epics.NewStore(record, nil, any(nil))
	var wg sync.WaitGroup
	var closed atomic.Int64
	for range 8 {
		wg.Go(func() {
			for i := range 1000 {
				if err := store.Dispatch(A{T: "X", N: i}); err != nil {
					assert.ErrorIs(t, err, epics.ErrClosed)
					closed.Add(1)
				}
			}
		})
	}
	require.NoError(t, store.Close())
	wg.Wait()
	waitDone(t, store.Done())
	assert.Equal(t, 8*1000, len(store.State())+int(closed.Load()), "every action was either reduced or refused")
	assert.ErrorIs(t, store.Dispatch(A{T: "LATE"}), epics.ErrClosed)
}

func TestDispatchReturnsOnceItsActionIsProcessed(t *testing.T) {
	const goroutines, perGoroutine = 50, 1000
	store := epics.NewStore(func(n int, _ any) int { return n + 1 }, 0, struct{}{})
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for i := range perGoroutine {
				assert.NoError(t, store.Dispatch(sent{Seq: i}))
			}
		})
	}
	wg.Wait()
	// Only these goroutines dispatch: whichever processed the queue last
	// emptied it before its Dispatch returned.
	assert.Equal(t, goroutines*perGoroutine, store.State())
	store.Close()
	store.Wait()
}
