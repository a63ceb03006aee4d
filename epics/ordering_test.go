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

// The tests in this file follow redux-observable's createEpicMiddleware
// and combineEpics specs. Inside a synctest bubble, synctest.Wait returns
// once every goroutine of the store is idle, so each step is complete.

func TestEpicGetsActionsStatesAndDependencies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		store := epics.NewStore(record, nil, any("deps"))
		calls := 0
		err := store.Start(ctx, func(actions rxgo.Observable, states *epics.StateObservable[log], deps any) rxgo.Observable {
			calls++
			assert.NotNil(t, actions)
			assert.Same(t, store.States(), states)
			assert.Equal(t, "deps", deps)
			return streams.Empty()
		})
		require.NoError(t, err)
		assert.Equal(t, 1, calls, "an epic is called once when started")
		closeAndWait(store, cancel)
	})
}

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

func TestStateValueOnEpicStartup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		store := epics.NewStore(record, log{"INIT"}, any(nil))
		require.NoError(t, store.Start(ctx, func(_ rxgo.Observable, states *epics.StateObservable[log], _ any) rxgo.Observable {
			return streams.Of(A{T: "PONG", N: len(states.Value())})
		}))
		synctest.Wait()
		require.NoError(t, store.Dispatch(A{T: "PING"}))
		assert.Equal(t, log{"INIT", A{T: "PONG", N: 1}, A{T: "PING"}}, store.State())
		closeAndWait(store, cancel)
	})
}

func TestStateUpdatesAreQueued(t *testing.T) {
	type state struct {
		Action string
		Value  int
	}
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		reduce := func(s state, action any) state {
			switch a := action.(A); a.T {
			case "FIRST", "SECOND", "THIRD", "STATE":
				return state{Action: a.T, Value: s.Value + 1}
			}
			return s
		}
		store := epics.NewStore(reduce, state{}, struct{}{})
		require.NoError(t, store.Start(ctx, func(actions rxgo.Observable, states *epics.StateObservable[state], _ struct{}) rxgo.Observable {
			return streams.Pipe(actions, epics.OfKind("FIRST"), streams.MergeMap(func(A) rxgo.Observable {
				return streams.Merge(
					streams.Pipe(states,
						streams.Filter(func(s state) bool { return s.Value < 6 }),
						streams.Map(func(s state) any { return A{T: "STATE", N: s.Value} })),
					streams.Of(A{T: "SECOND"}, A{T: "THIRD"}),
				)
			}, 0))
		}))
		actions := collect(ctx, store.Actions())

		require.NoError(t, store.Dispatch(A{T: "FIRST"}))
		synctest.Wait()

		assert.Equal(t, 8, store.State().Value)
		var states []int
		for _, a := range actions() {
			if a := a.(A); a.T == "STATE" {
				states = append(states, a.N)
			}
		}
		assert.ElementsMatch(t, []int{1, 2, 3, 4, 5}, states, "every state below 6 was seen once")
		assert.Len(t, actions(), 8)
		assert.Equal(t, A{T: "FIRST"}, actions()[0])
		closeAndWait(store, cancel)
	})
}

func TestEpicWiresActionsInToActionsOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		store := epics.NewStore(record, nil, any(nil))
		require.NoError(t, store.Start(ctx, func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
			return streams.Merge(
				streams.Pipe(actions, epics.OfKind("FIRE_1"), streams.Map(func(A) any { return A{T: "ACTION_1"} })),
				streams.Pipe(actions, epics.OfKind("FIRE_2"), streams.Map(func(A) any { return A{T: "ACTION_2"} })),
			)
		}))
		require.NoError(t, store.Dispatch(A{T: "FIRE_1"}))
		synctest.Wait()
		require.NoError(t, store.Dispatch(A{T: "FIRE_2"}))
		synctest.Wait()
		assert.Equal(t, []string{"FIRE_1", "ACTION_1", "FIRE_2", "ACTION_2"}, kinds(store.State()))
		closeAndWait(store, cancel)
	})
}

func TestEpicsStartedTogetherSeeEachOthersStartupActions(t *testing.T) {
	first := func(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable {
		return streams.Of(A{T: "ACTION_1"})
	}
	second := mapKind("ACTION_1", "ACTION_2")
	for name, start := range map[string]func(context.Context, *epics.Store[log, any]) error{
		"Combine": func(ctx context.Context, s *epics.Store[log, any]) error {
			return s.Start(ctx, epics.Combine(first, second))
		},
		"Start arguments": func(ctx context.Context, s *epics.Store[log, any]) error { return s.Start(ctx, first, second) },
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				store := epics.NewStore(record, nil, any(nil))
				require.NoError(t, start(ctx, store))
				synctest.Wait()
				assert.Equal(t, []string{"ACTION_1", "ACTION_2"}, kinds(store.State()))
				closeAndWait(store, cancel)
			})
		})
	}
}

func TestActionsEmittedDuringDispatchAreQueued(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		store := epics.NewStore(record, nil, any(nil))
		epic1 := func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
			return streams.Pipe(actions, epics.OfKind("ACTION_1"), streams.MergeMap(func(A) rxgo.Observable {
				return streams.Of(A{T: "ACTION_2"}, A{T: "ACTION_3"})
			}, 0))
		}
		epic2 := func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
			return streams.Merge(streams.Of(A{T: "ACTION_1"}), streams.Pipe(actions, epics.OfKind("ACTION_2"), streams.Map(func(A) any { return A{T: "ACTION_4"} })))
		}
		require.NoError(t, store.Start(ctx, epics.Combine(epic1, epic2)))
		synctest.Wait()
		got := kinds(store.State())
		require.Len(t, got, 4)
		assert.Equal(t, []string{"ACTION_1", "ACTION_2"}, got[:2])
		// ACTION_3 (epic1's) and ACTION_4 (epic2's answer to ACTION_2)
		// come from different goroutines: either order is right.
		assert.ElementsMatch(t, []string{"ACTION_3", "ACTION_4"}, got[2:])
		closeAndWait(store, cancel)
	})
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

func TestDependenciesReachCombinedEpics(t *testing.T) {
	type deps struct{ Foo, Bar string }
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		store := epics.NewStore(func(s int, _ any) int { return s }, 0, deps{Foo: "bar", Bar: "foo"})
		var mu sync.Mutex
		var got []deps
		e := func(actions rxgo.Observable, _ *epics.StateObservable[int], d deps) rxgo.Observable {
			mu.Lock()
			got = append(got, d)
			mu.Unlock()
			return actions
		}
		require.NoError(t, store.Start(ctx, epics.Combine(e, e, epics.Combine(e, epics.Combine(e, e)))))
		mu.Lock()
		assert.Len(t, got, 5)
		for _, d := range got {
			assert.Equal(t, deps{Foo: "bar", Bar: "foo"}, d)
		}
		mu.Unlock()
		closeAndWait(store, cancel)
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
