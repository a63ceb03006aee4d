package epics

import (
	"context"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// NewStateObservable returns a state$ that holds initial and then each
// value states emits, for an epic run outside a store (tests, marble
// tests), as redux-observable's new StateObservable(input$, initial). It
// behaves as a store's state$ under the default WithEqual: a subscriber
// gets the current state, then every change.
//
// It subscribes to states at once, until ctx ends. state$ completes when
// states completes or ctx ends, and fails when states fails or emits a
// value that is not an S (with a *streams.TypeError).
func NewStateObservable[S any](ctx context.Context, states rxgo.Observable, initial S) *StateObservable[S] {
	switch {
	case ctx == nil:
		panic("epics.NewStateObservable: nil context")
	case states == nil:
		panic("epics.NewStateObservable: nil states")
	}
	st := newStateSubject(initial, defaultEqual[S]())
	typed := streams.Pipe(states, streams.Map(func(v S) S { return v }))
	streams.Subscribe(ctx, typed, streams.Observer{
		Next:     func(v any) { st.next(v.(S)) },
		Error:    st.fail,
		Complete: st.complete,
	})
	context.AfterFunc(ctx, st.complete)
	return st.obs
}
