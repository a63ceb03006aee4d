package epics_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The order in which a store processes actions and reaches epics, beyond
// the redux-observable spec cases (middleware_spec_test.go,
// combineepics_spec_test.go). Inside a synctest bubble, synctest.Wait
// returns once every goroutine of the store is idle, so each step is
// complete.

func TestStateIsUpdatedBeforeEpicsSeeTheAction(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		count := func(n int, action any) int {
			if a, ok := action.(A); ok && a.T == "PING" {
				return n + 1
			}
			return n
		}
		store := epics.NewStore(count, 0, struct{}{})
		var mu sync.Mutex
		var seen []int // state$.Value() when the epic saw each PING
		err := store.Start(ctx, func(actions rxgo.Observable, states *epics.StateObservable[int], _ struct{}) rxgo.Observable {
			return streams.Pipe(actions, epics.OfKind("PING"), streams.Map(func(a A) any {
				mu.Lock()
				seen = append(seen, states.Value())
				mu.Unlock()
				return A{T: "PONG"}
			}))
		})
		require.NoError(t, err)
		emitted := collect(ctx, store.States())

		for range 2 {
			require.NoError(t, store.Dispatch(A{T: "PING"}))
			synctest.Wait()
		}
		assert.Equal(t, 2, store.State())
		mu.Lock()
		assert.Equal(t, []int{1, 2}, seen, "state$ holds the new state when the epic sees the action")
		mu.Unlock()
		closeAndWait(store, cancel)
		assert.Equal(t, []any{0, 1, 2}, emitted(), "state$ replays the current state, then emits each change once")
	})
}

// collect subscribes to obs and returns a function that reads what it
// has emitted so far.
func collect(ctx context.Context, obs rxgo.Observable) func() []any {
	var mu sync.Mutex
	var got []any
	streams.Subscribe(ctx, obs, streams.Observer{Next: func(v any) {
		mu.Lock()
		got = append(got, v)
		mu.Unlock()
	}})
	return func() []any {
		mu.Lock()
		defer mu.Unlock()
		return append([]any(nil), got...)
	}
}

func TestReducerMayDispatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var store *epics.Store[log, any]
		reduce := func(s log, action any) log {
			if a := action.(A); a.T == "OUTER" {
				// Queued behind OUTER, not reduced inside this call.
				assert.NoError(t, store.Dispatch(A{T: "INNER"}))
				assert.Equal(t, log{}, store.State())
			}
			return record(s, action)
		}
		store = epics.NewStore(reduce, log{}, any(nil))
		require.NoError(t, store.Dispatch(A{T: "OUTER"}))
		assert.Equal(t, []string{"OUTER", "INNER"}, kinds(store.State()))
		store.Close()
		store.Wait()
	})
}

func TestCombineMergesOutputs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		store := epics.NewStore(record, nil, any(nil))
		require.NoError(t, store.Start(ctx, epics.Combine(mapKind("PING", "PONG"), mapKind("PING", "PANG"))))
		require.NoError(t, store.Dispatch(A{T: "PING"}))
		synctest.Wait()
		got := kinds(store.State())
		assert.Equal(t, "PING", got[0])
		assert.ElementsMatch(t, []string{"PONG", "PANG"}, got[1:])
		closeAndWait(store, cancel)
	})
}

func TestCombinedOutputOutsideAStoreIsAPlainMerge(t *testing.T) {
	combined := epics.Combine(
		func(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable { return streams.Of(1, 2) },
		func(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable { return streams.Of(3) },
	)
	got, err := streams.Collect(t.Context(), combined(streams.Empty(), nil, nil))
	require.NoError(t, err)
	assert.ElementsMatch(t, []any{1, 2, 3}, got)

	failing := epics.Combine(
		func(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable { return streams.Never() },
		epics.Named("nil", func(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable { return nil }),
	)
	_, err = streams.Collect(t.Context(), failing(streams.Empty(), nil, nil))
	var epicErr *epics.EpicError
	require.ErrorAs(t, err, &epicErr)
	assert.Equal(t, "nil", epicErr.Epic)
	assert.ErrorIs(t, err, epics.ErrNilOutput)
}

func TestStartAgainAddsEpics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		store := epics.NewStore(record, nil, any(nil))
		require.NoError(t, store.Start(ctx, mapKind("PING", "PONG")))
		require.NoError(t, store.Dispatch(A{T: "PING"}))
		synctest.Wait()
		require.NoError(t, store.Start(ctx, mapKind("PING", "PANG")))
		require.NoError(t, store.Dispatch(A{T: "PING"}))
		synctest.Wait()
		got := kinds(store.State())
		assert.Equal(t, []string{"PING", "PONG", "PING"}, got[:3])
		assert.ElementsMatch(t, []string{"PONG", "PANG"}, got[3:])
		closeAndWait(store, cancel)
	})
}

func TestRunAgainAddsEpics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		store := epics.NewStore(record, nil, any(nil))
		results := make(chan error, 2)
		go func() { results <- store.Run(ctx, mapKind("PING", "PONG")) }()
		synctest.Wait()
		go func() { results <- store.Run(ctx, mapKind("PONG", "DONE")) }()
		synctest.Wait()
		require.NoError(t, store.Dispatch(A{T: "PING"}))
		synctest.Wait()
		assert.Equal(t, []string{"PING", "PONG", "DONE"}, kinds(store.State()))
		store.Close()
		assert.NoError(t, <-results, "Run returns nil once the store is closed and its epics have ended")
		assert.NoError(t, <-results)
		store.Wait()
		cancel()
	})
}
