// Package epics is redux-observable for Go: a store whose dispatched
// actions flow through a reducer and then to epics, observables of actions
// whose outputs are dispatched back.
//
//	store := epics.NewStore(reduce, State{}, deps)
//	defer store.Close()
//	store.Start(ctx, pingEpic, epics.Named("sync", syncEpic))
//	store.Dispatch(Ping{})
//
// An epic receives action$, state$ and the store's dependencies and
// returns the actions it wants dispatched:
//
//	func pingEpic(actions rxgo.Observable, _ *epics.StateObservable[State], _ Deps) rxgo.Observable {
//		return streams.Pipe(actions, epics.OfType[Ping](), streams.Map(func(Ping) any { return Pong{} }))
//	}
//
// Actions are any non-nil Go values. Filter them by Go type with OfType,
// or by name with OfKind for actions that implement Typed.
//
// # Order
//
// As in redux-observable, the reducer sees an action before any epic does,
// and state$ (and its Value) already holds the new state when an epic sees
// the action on action$ — or a newer one, since action$ delivers behind
// the reducer, which may have moved on. Actions are processed one at a
// time in the order they are dispatched; one dispatched while another is
// being processed — by an epic reacting at once, by the reducer, or by
// epics starting up — is queued behind it, never processed re-entrantly
// and never lost.
//
// What an epic emits is dispatched from a goroutine of its own, so the
// order between actions emitted by different epics is the order in which
// they reach Dispatch; the actions one epic emits are dispatched in the
// order it emits them.
//
// # Failures
//
// Unlike redux-observable, one epic's failure does not stop the others. An
// epic fails when its stream ends with an error, when its function or one
// of its operators panics (streams turns operator panics into
// *streams.PanicError items), when it returns nil, or when it emits nil.
// The failure is reported, as an *EpicError naming the epic, to the
// WithOnError hook or else to the log, and the epic is started again or
// not as the RestartPolicy says (by default after 10ms, doubling up to
// 5s). Members of a Combine are supervised one by one.
//
// # Lifecycle
//
// Start and Run run epics until their context is cancelled. Close stops
// new actions, completes action$ and state$, and lets the epics finish
// what they are doing: what they still emit is reduced into the state.
// Done and Wait tell when every epic has ended, so that a service can shut
// down gracefully and a test can wait for quiet. Once the store is closed
// and its epics have ended, or Run's context is cancelled, no goroutine of
// the store is left.
package epics
