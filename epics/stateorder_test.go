package epics_test

import (
	"context"
	"sync"
	"testing"

	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// seen records what a subscription to obs delivers, in order.
type seen struct {
	mu  sync.Mutex
	got []any
}

func (s *seen) values() []any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]any(nil), s.got...)
}

// For one dispatch, the reducer runs, then state$ emits the new state,
// then action$ the action (redux-observable's order).
func TestStateEmitsBeforeTheAction(t *testing.T) {
	store := epics.NewStore(func(s int, _ any) int { return s + 1 }, 0, struct{}{})
	defer store.Close()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var s seen
	streams.Subscribe(ctx, streams.Pipe(streams.Merge(store.Actions(), store.States()), streams.Map(func(v any) any {
		s.mu.Lock()
		s.got = append(s.got, v)
		s.mu.Unlock()
		return v
	})), streams.Observer{})
	require.NoError(t, store.Dispatch("x"))
	require.Equal(t, []any{0, 1, "x"}, s.values())
}

// Subscribing to state$ hands its current value during the subscribing
// call, before a source merged after it.
func TestStateHandsItsValueDuringTheSubscription(t *testing.T) {
	store := epics.NewStore(func(s int, _ any) int { return s + 1 }, 41, struct{}{})
	require.NoError(t, store.Dispatch("x"))
	got, err := streams.Collect(t.Context(), streams.Pipe(streams.Merge(store.States(), streams.Of("sync")), streams.Take(2)))
	require.NoError(t, err)
	require.Equal(t, []any{42, "sync"}, got)

	require.NoError(t, store.Close())
	store.Wait()
	got, err = streams.Collect(t.Context(), store.States())
	require.NoError(t, err)
	require.Equal(t, []any{42}, got, "after Close: the last state, then the end")
}
