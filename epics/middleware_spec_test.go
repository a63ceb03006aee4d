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

// The cases of redux-observable's test/createEpicMiddleware-spec.ts, on a
// Store: NewStore is the store with the middleware, Start is run. Inside a
// synctest bubble, synctest.Wait returns once every goroutine of the
// store is idle, so each step is complete.
//
// Left out:
//   - "should throw an error if you provide a function to
//     createEpicMiddleware (used to be rootEpic)" and "should warn about
//     reusing the epicMiddleware": Redux middleware APIs; a Store is made
//     whole by NewStore, epics are given to Start, and no middleware can
//     be shared between stores.
//   - "should call epics with all additional arguments, not just
//     dependencies": TypeScript's variadic calls; an Epic has exactly
//     three parameters.
//   - "should update state$ after an action goes through reducers but
//     before epics": its exact interleaving of state$ and action$ needs
//     state$ to be subscribed in place by streams operators, which it is
//     not (streams reads any observable but its own through a goroutine);
//     what holds of it is in TestStateIsUpdatedBeforeEpicsSeeTheAction.
//
// Where epics emit from different goroutines the order between them is
// not fixed, and the cases accept either ("should queue synchronous
// actions"); state$ reaches streams operators through a goroutine, so
// "should queue state$ updates" checks which states were seen, not in
// which order.

func TestCreateEpicMiddlewareSpec(t *testing.T) {
	t.Run("should provide epics a stream of action$ and a stream of state$", func(t *testing.T) {
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
	})

	t.Run("should allow accessing state$.value on epic startup", func(t *testing.T) {
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
	})

	t.Run("should queue state$ updates", func(t *testing.T) {
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
	})

	t.Run("should accept an epic that wires up action$ input to action$ out", func(t *testing.T) {
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
	})

	t.Run("should support synchronous emission by epics on start up", func(t *testing.T) {
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
	})

	t.Run("should queue synchronous actions", func(t *testing.T) {
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
	})

	t.Run("exceptions thrown in reducers as part of an epic-dispatched action should go through HostReportErrors", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			// The reducer's panic goes to the OnError hook; Dispatch returns.
			ctx, cancel := context.WithCancel(t.Context())
			var f failures
			reduce := func(s log, action any) log {
				if action.(A).T == "ACTION_1" {
					panic("some error")
				}
				return s
			}
			store := epics.NewStore(reduce, nil, any(nil), epics.WithOnError(f.onError), quiet)
			require.NoError(t, store.Start(ctx, epics.Combine(mapKind("FIRE_1", "ACTION_1"), mapKind("FIRE_2", "ACTION_2"))))
			assert.NotPanics(t, func() { require.NoError(t, store.Dispatch(A{T: "FIRE_1"})) })
			synctest.Wait()
			require.Len(t, f.errors(), 1)
			var p *streams.PanicError
			require.ErrorAs(t, f.errors()[0], &p)
			assert.Equal(t, "some error", p.Value)
			closeAndWait(store, cancel)
		})
	})

	t.Run("should throw if you provide a root epic that doesn't return anything", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			var f failures
			store := epics.NewStore(record, nil, any(nil), epics.WithOnError(f.onError), quiet, epics.WithRestart(epics.NeverRestart()))
			rootEpic := func(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable { return nil }
			require.NoError(t, store.Start(ctx, epics.Named("rootEpic", rootEpic), mapKind("PING", "PONG")))
			synctest.Wait()
			require.Len(t, f.errors(), 1)
			err := f.errors()[0]
			assert.ErrorIs(t, err, epics.ErrNilOutput)
			assert.EqualError(t, err, `epics: epic "rootEpic": epics: epic returned a nil observable`)
			require.NoError(t, store.Dispatch(A{T: "PING"}))
			synctest.Wait()
			assert.Equal(t, []string{"PING", "PONG"}, kinds(store.State()))
			closeAndWait(store, cancel)
		})
	})

	// depsSeen starts an epic on a store with deps and returns the
	// dependencies it was called with.
	depsSeen := func(t *testing.T, deps any) any {
		var got any
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			store := epics.NewStore(record, nil, deps)
			require.NoError(t, store.Start(ctx, func(actions rxgo.Observable, _ *epics.StateObservable[log], d any) rxgo.Observable {
				got = d
				return actions
			}))
			closeAndWait(store, cancel)
		})
		return got
	}

	t.Run("should pass undefined as third argument to epic if no dependencies provided", func(t *testing.T) {
		// Go always gives dependencies: a store without any has D's zero value.
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			store := epics.NewStore(record, nil, struct{}{})
			calls := 0
			require.NoError(t, store.Start(ctx, func(actions rxgo.Observable, _ *epics.StateObservable[log], d struct{}) rxgo.Observable {
				calls++
				assert.Equal(t, struct{}{}, d)
				return actions
			}))
			assert.Equal(t, 1, calls)
			closeAndWait(store, cancel)
		})
	})

	t.Run("should inject dependencies into a single epic", func(t *testing.T) {
		assert.Equal(t, "deps", depsSeen(t, "deps"))
	})

	t.Run("should pass literally anything provided as dependencies, even `undefined`", func(t *testing.T) {
		assert.Nil(t, depsSeen(t, nil))
	})

	t.Run("should inject dependencies into combined epics", func(t *testing.T) {
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
	})

	t.Run("should not allow interference from the public queueScheduler singleton", func(t *testing.T) {
		// Go has no shared scheduler queue; the nearest is another serial
		// queue: the store is made, started and dispatched to from inside a
		// Subject's delivery, and keeps its own order.
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			epic1 := func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
				return streams.Pipe(actions, epics.OfKind("ACTION_1"), streams.MergeMap(func(A) rxgo.Observable {
					return streams.Of(A{T: "ACTION_2"}, A{T: "ACTION_3"})
				}, 0))
			}
			outer := streams.NewSubject()
			var got []string
			inside := streams.Pipe(outer.Observable(), streams.Map(func(any) any {
				store := epics.NewStore(record, nil, any(nil))
				require.NoError(t, store.Start(ctx, epics.Combine(epic1, mapKind("ACTION_2", "ACTION_4"))))
				require.NoError(t, store.Dispatch(A{T: "ACTION_1"}))
				synctest.Wait()
				got = kinds(store.State())
				closeAndWait(store, func() {})
				return nil
			}))
			sub := streams.Subscribe(ctx, inside, streams.Observer{})
			outer.Next("go")
			require.Len(t, got, 4)
			assert.Equal(t, []string{"ACTION_1", "ACTION_2"}, got[:2])
			assert.ElementsMatch(t, []string{"ACTION_3", "ACTION_4"}, got[2:])
			cancel()
			sub.Wait()
		})
	})
}
