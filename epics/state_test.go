package epics_test

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// statesSeen subscribes to store's state$ and returns what it emitted
// after running dispatch and letting the store settle.
func statesSeen[S, D any](t *testing.T, store *epics.Store[S, D], actions ...any) []any {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	got := collect(ctx, store.States())
	synctest.Wait()
	for _, a := range actions {
		require.NoError(t, store.Dispatch(a))
	}
	synctest.Wait()
	return got()
}

func TestStatesEmitOnlyOnChange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sum := func(s int, action any) int { return s + action.(int) }
		store := epics.NewStore(sum, 0, struct{}{})
		assert.Equal(t, []any{0, 1, 3}, statesSeen(t, store, 0, 1, 0, 0, 2, 0))
		assert.Equal(t, 3, store.States().Value())
		store.Close()
		store.Wait()
	})
}

func TestStatesCompareNonComparableStatesDeeply(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// A fresh but equal slice is not a change.
		reduce := func(s []string, action any) []string {
			if action == "SAME" {
				return append([]string(nil), s...)
			}
			return append(s[:len(s):len(s)], action.(string))
		}
		store := epics.NewStore(reduce, []string{}, struct{}{})
		assert.Equal(t, []any{[]string{}, []string{"a"}, []string{"a", "b"}}, statesSeen(t, store, "a", "SAME", "b", "SAME"))
		store.Close()
		store.Wait()
	})
}

func TestStatesCompareInterfacesHoldingSlices(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// S is comparable, but == would panic on the []int inside.
		type state struct{ Last any }
		reduce := func(_ state, action any) state { return state{Last: action} }
		store := epics.NewStore(reduce, state{}, struct{}{})
		got := statesSeen(t, store, []int{1}, []int{1}, []int{2})
		assert.Equal(t, []any{state{}, state{Last: []int{1}}, state{Last: []int{2}}}, got)
		store.Close()
		store.Wait()
	})
}

func TestWithEqualSetsTheComparison(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		set := func(_ string, action any) string { return action.(string) }
		store := epics.NewStore(set, "a", struct{}{}, epics.WithEqual(strings.EqualFold))
		assert.Equal(t, []any{"a", "b"}, statesSeen(t, store, "A", "b", "B"))
		assert.Equal(t, "B", store.State(), "the state is the newest even when state$ did not emit it")
		store.Close()
		store.Wait()
	})
}

// WithEqual's function is the user's and may read the state: it is not
// called with the state's lock held. The lock is a sync.RWMutex, which
// synctest does not see as blocked, so a real deadline stands in for the
// deadlock detector.
func TestWithEqualMayReadTheState(t *testing.T) {
	var store *epics.Store[int, struct{}]
	equal := func(a, b int) bool { return store.State() == a && a == b }
	store = epics.NewStore(func(s int, _ any) int { return s + 1 }, 0, struct{}{}, epics.WithEqual(equal))
	done := make(chan error, 1)
	go func() { done <- store.Dispatch("x") }()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(time.Second):
		t.Fatal("Dispatch deadlocked: equal was called with the state's lock held")
	}
	require.Equal(t, 1, store.State())
	store.Close()
	store.Wait()
}

func TestWithEqualForAnotherTypePanics(t *testing.T) {
	assert.PanicsWithValue(t, "epics.NewStore: WithEqual compares string, but the state is int", func() {
		epics.NewStore(func(s int, _ any) int { return s }, 0, struct{}{}, epics.WithEqual(strings.EqualFold))
	})
}

func TestStatesSubscribersMayReadTheState(t *testing.T) {
	// The embedded observable is subscribed in place: it emits on the
	// dispatching goroutine, which must not hold the state's lock.
	store := epics.NewStore(func(s int, _ any) int { return s + 1 }, 0, struct{}{})
	var seen []int
	sub := streams.Subscribe(t.Context(), streams.Pipe(store.States().Observable, streams.Map(func(int) any {
		seen = append(seen, store.State())
		return nil
	})), streams.Observer{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		assert.NoError(t, store.Dispatch("x"))
		store.Close()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Dispatch is stuck: a state$ subscriber read the state while state$ held its lock")
	}
	sub.Wait()
	assert.Equal(t, []int{0, 1}, seen)
}
