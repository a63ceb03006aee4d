package epics_test

import (
	"testing"
	"testing/synctest"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The cases of redux-observable's test/combineEpics-spec.ts, on Combine
// called directly, outside a store, where its output is the plain merge
// of its members'.
//
// Left out:
//   - the "returned epic function name" cases: a Go function has no name
//     to set. A store reports each member of a Combine under its own name
//     (TestNamesOfCombinedAndNamedEpics), which is what those names were
//     for.
//   - from "should pass along every argument arbitrarily", the arbitrary
//     arguments and the arrays the epics return: an Epic takes exactly
//     action$, state$ and dependencies, and returns an observable.
//
// "errors if one of the combined epics doesn't return anything": the
// combined output fails when subscribed, with an *epics.EpicError naming
// the member, rather than the call throwing.

// delegated is what the epics of "should combine epics" emit.
type delegated struct {
	T      string
	Action any
	States *epics.StateObservable[map[string]string]
}

// returnsNothing is the combined epic that returns no stream.
func returnsNothing(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable { return nil }

func TestCombineEpicsSpec(t *testing.T) {
	t.Run("should combine epics", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			type state = map[string]string
			delegate := func(kind, as string) epics.Epic[state, any] {
				return func(actions rxgo.Observable, states *epics.StateObservable[state], _ any) rxgo.Observable {
					return streams.Pipe(actions, epics.OfKind(kind), streams.Map(func(a A) any {
						return delegated{T: as, Action: a, States: states}
					}))
				}
			}
			epic := epics.Combine(delegate("ACTION1", "DELEGATED1"), delegate("ACTION2", "DELEGATED2"))
			states := epics.NewStateObservable(t.Context(), streams.NewSubject().Observable(), state{"I": "am", "a": "store"})
			actions := streams.NewSubject()
			emitted := collect(t.Context(), epic(actions.Observable(), states, nil))
			actions.Next(A{T: "ACTION1"})
			actions.Next(A{T: "ACTION2"})
			synctest.Wait()
			assert.Equal(t, []any{
				delegated{T: "DELEGATED1", Action: A{T: "ACTION1"}, States: states},
				delegated{T: "DELEGATED2", Action: A{T: "ACTION2"}, States: states},
			}, emitted())
		})
	})

	t.Run("should pass along every argument arbitrarily", func(t *testing.T) {
		actions := streams.Of("action$")
		states := epics.NewStateObservable(t.Context(), streams.Never(), log{})
		var calls []string
		member := func(value string) epic {
			return func(a rxgo.Observable, s *epics.StateObservable[log], d any) rxgo.Observable {
				calls = append(calls, value)
				assert.Same(t, actions, a)
				assert.Same(t, states, s)
				assert.Equal(t, "deps", d)
				return streams.Of(value)
			}
		}
		root := epics.Combine(member("first"), member("second"))
		got, err := streams.Collect(t.Context(), root(actions, states, "deps"))
		require.NoError(t, err)
		assert.Equal(t, []any{"first", "second"}, got)
		assert.Equal(t, []string{"first", "second"}, calls, "each epic is called once")
	})

	t.Run("should return a new epic that, when called, errors if one of the combined epics doesn't return anything", func(t *testing.T) {
		empty := func(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable { return streams.Empty() }
		root := epics.Combine(empty, returnsNothing)
		_, err := streams.Collect(t.Context(), root(streams.Never(), nil, nil))
		var epicErr *epics.EpicError
		require.ErrorAs(t, err, &epicErr)
		assert.Equal(t, "epics_test.returnsNothing", epicErr.Epic)
		assert.ErrorIs(t, err, epics.ErrNilOutput)
	})
}
