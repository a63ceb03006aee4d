package epics_test

import (
	"testing"

	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// The state is taken in the call that emits it on states, as
// redux-observable's StateObservable subscribes synchronously: no wait
// is needed before Value or a new subscriber sees it.
func TestNewStateObservableTakesEachValueAtOnce(t *testing.T) {
	input := streams.NewSubject()
	state := epics.NewStateObservable(t.Context(), input.Observable(), 0)
	input.Next(5)
	require.Equal(t, 5, state.Value())
	got, err := streams.Collect(t.Context(), streams.Pipe(state, streams.Take(1)))
	require.NoError(t, err)
	require.Equal(t, []any{5}, got)
	input.Complete()
}

// A nil state of an interface type is a state like any other.
func TestNewStateObservableTakesANilInterfaceState(t *testing.T) {
	input := streams.NewSubject()
	state := epics.NewStateObservable[any](t.Context(), input.Observable(), "start")
	input.Next(nil)
	require.Nil(t, state.Value())
	input.Complete()
	got, err := streams.Collect(t.Context(), state)
	require.NoError(t, err)
	require.Equal(t, []any{nil}, got)
}
