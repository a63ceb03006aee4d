package epics_test

import (
	"context"
	"testing"
	"testing/synctest"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
)

// The cases of redux-observable's test/StateObservable-spec.ts, on
// NewStateObservable. Every case is ported. Its subscribers are called
// from goroutines of their own, so each step ends with synctest.Wait.

func TestStateObservableSpec(t *testing.T) {
	t.Run("should exist", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			state := epics.NewStateObservable(t.Context(), streams.Never(), 0)
			assert.Implements(t, (*rxgo.Observable)(nil), state)
		})
	})

	t.Run("should mirror the source subject", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			input := streams.NewSubject()
			state := epics.NewStateObservable(t.Context(), input.Observable(), "first")
			got := collect(t.Context(), state)
			synctest.Wait()
			assert.Equal(t, []any{"first"}, got())
			input.Next("second")
			synctest.Wait()
			assert.Equal(t, []any{"first", "second"}, got())
			input.Next("third")
			synctest.Wait()
			assert.Equal(t, []any{"first", "second", "third"}, got())
		})
	})

	t.Run("should cache last state on the `value` property", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			input := streams.NewSubject()
			state := epics.NewStateObservable(t.Context(), input.Observable(), "first")
			assert.Equal(t, "first", state.Value())
			input.Next("second")
			synctest.Wait()
			assert.Equal(t, "second", state.Value())
		})
	})

	type box struct{ Value string }

	t.Run("should only update when the next value shallowly differs", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			// A pointer state compares by identity, as JavaScript's !== does.
			input := streams.NewSubject()
			first := &box{Value: "first"}
			state := epics.NewStateObservable(t.Context(), input.Observable(), first)
			got := collect(t.Context(), state)
			synctest.Wait()
			assert.Same(t, first, state.Value())
			assert.Equal(t, []any{first}, got())

			input.Next(first)
			synctest.Wait()
			assert.Same(t, first, state.Value())
			assert.Len(t, got(), 1)

			first.Value = "something else"
			input.Next(first)
			synctest.Wait()
			assert.Same(t, first, state.Value())
			assert.Len(t, got(), 1)

			second := &box{Value: "second"}
			input.Next(second)
			synctest.Wait()
			assert.Same(t, second, state.Value())
			assert.Len(t, got(), 2)
			assert.Same(t, second, got()[1])
		})
	})

	t.Run("works correctly (and does not lift) with operators applied", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			input := streams.NewSubject()
			first := &box{Value: "first"}
			values := streams.Pipe(epics.NewStateObservable(t.Context(), input.Observable(), first),
				streams.Map(func(b *box) any { return b.Value }))
			_, isState := values.(*epics.StateObservable[*box])
			assert.False(t, isState, "a piped state$ is a plain observable, without Value")
			got := collect(t.Context(), values)
			synctest.Wait()
			assert.Equal(t, []any{"first"}, got())

			first.Value = "something else"
			input.Next(first)
			synctest.Wait()
			assert.Equal(t, []any{"first"}, got())

			input.Next(&box{Value: "second"})
			synctest.Wait()
			assert.Equal(t, []any{"first", "second"}, got())
		})
	})
}

func TestNewStateObservableEnds(t *testing.T) {
	t.Run("with its input", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			input := streams.NewSubject()
			state := epics.NewStateObservable(t.Context(), input.Observable(), 1)
			input.Next(2)
			input.Complete()
			synctest.Wait()
			got, err := streams.Collect(t.Context(), state)
			assert.NoError(t, err)
			assert.Equal(t, []any{2}, got, "a late subscriber gets the last state, then completes")
		})
	})
	t.Run("failing on a value of another type", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			state := epics.NewStateObservable(t.Context(), streams.Of(2, "three"), 1)
			synctest.Wait()
			_, err := streams.Collect(t.Context(), state)
			var typeErr *streams.TypeError
			assert.ErrorAs(t, err, &typeErr)
			assert.Equal(t, 2, state.Value())
		})
	})
	t.Run("when its context ends", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			state := epics.NewStateObservable(ctx, streams.Never(), 1)
			cancel()
			synctest.Wait()
			got, err := streams.Collect(t.Context(), state)
			assert.NoError(t, err)
			assert.Equal(t, []any{1}, got)
		})
	})
}
