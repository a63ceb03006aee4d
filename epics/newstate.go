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
// It subscribes to states at once, until ctx ends, and takes each value in
// the call that emits it: when that call returns, Value and state$ hold
// it. state$ completes when states completes or ctx ends, and fails when
// states fails or emits a value that is not an S (with a
// *streams.TypeError).
func NewStateObservable[S any](ctx context.Context, states rxgo.Observable, initial S) *StateObservable[S] {
	switch {
	case ctx == nil:
		panic("epics.NewStateObservable: nil context")
	case states == nil:
		panic("epics.NewStateObservable: nil states")
	}
	st := newStateSubject(initial, defaultEqual[S]())
	// Tap, not the Observer: Subscribe calls its Observer later, from a
	// goroutine of its own, and the state would lag behind states.
	follow := streams.Tap(streams.TapObserver{
		Next: func(v any) {
			x, _ := v.(S) // Map has checked it: only a nil S fails here
			st.next(x)
		},
		Error:    st.fail,
		Complete: st.complete,
	})
	streams.Subscribe(ctx, streams.Pipe(states, streams.Map(func(v S) S { return v }), follow), streams.Observer{})
	context.AfterFunc(ctx, st.complete)
	return st.obs
}
