package epics_test

import (
	"context"
	"sync"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

// A is the test action: a redux-style action with a type name and a
// number.
type A struct {
	T string
	N int
}

func (a A) Type() string { return a.T }

// log is a state that records every action the reducer saw.
type log []any

// record is a reducer that appends, never sharing storage with the
// state it was given.
func record(state log, action any) log {
	return append(state[:len(state):len(state)], action)
}

// epic is the shape of the tests' epics: state log, any dependencies.
type epic = epics.Epic[log, any]

// mapKind is an epic that answers every action of kind from with an
// action of kind to carrying the same number.
func mapKind(from, to string) epic {
	return func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
		return streams.Pipe(actions, epics.OfKind(from), streams.Map(func(a A) any { return A{T: to, N: a.N} }))
	}
}

// failures collects what a store reports through WithOnError.
type failures struct {
	mu   sync.Mutex
	errs []error
	who  []string
}

func (f *failures) onError(epic string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.who = append(f.who, epic)
	f.errs = append(f.errs, err)
}

func (f *failures) names() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.who...)
}

func (f *failures) errors() []error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]error(nil), f.errs...)
}

// kinds returns the type names of the A actions in state, in order.
func kinds(state log) []string {
	var out []string
	for _, a := range state {
		if a, ok := a.(A); ok {
			out = append(out, a.T)
		}
	}
	return out
}

// closeAndWait closes store and waits for its epics, then cancels ctx.
func closeAndWait[S, D any](store *epics.Store[S, D], cancel context.CancelFunc) {
	store.Close()
	store.Wait()
	cancel()
}
