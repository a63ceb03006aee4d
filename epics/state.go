package epics

import (
	"fmt"
	"reflect"
	"sync"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
	"github.com/rxepic/rxepic/streams"
)

// StateObservable is state$: a store's state (or NewStateObservable's) as
// a hot observable of S values. A new subscriber gets the current state at
// once, then every change; a state equal to the one before (see
// WithEqual) is not emitted. Once it has completed (the store is closed),
// a new subscriber gets the last state it emitted and completes. Value
// reads the current state without subscribing.
//
// The embedded rxgo.Observable serves rxgo's own operator methods; streams
// operators subscribe to it in place (see Unwrap), so the current state
// comes during the subscribing call.
type StateObservable[S any] struct {
	rxgo.Observable
	state *stateSubject[S]
}

// Value returns the current state: the one produced by the last action the
// reducer has seen. It is safe to call from any goroutine. Inside an epic
// it holds the state after the action being seen, or a newer one if
// further actions have been reduced since: action$ delivers behind the
// reducer, and epics dispatch from goroutines of their own.
func (o *StateObservable[S]) Value() S { return o.state.value() }

// Observe subscribes: the current state first, then its changes.
func (o *StateObservable[S]) Observe(opts ...rxgo.Option) <-chan rxgo.Item {
	return o.state.changes.Observable().Observe(opts...)
}

// Unwrap returns the observable state$ is, so that streams operators
// subscribe to it in place: the current state is handed during the
// subscribing call.
func (o *StateObservable[S]) Unwrap() rxgo.Observable { return o.state.changes.Observable() }

// stateSubject holds the state and tells state$ subscribers when it
// changes. Its methods are safe for concurrent use.
type stateSubject[S any] struct {
	// mu is read-locked by value, which epics may call on every action:
	// readers must not queue behind each other.
	mu      sync.RWMutex
	current S
	equal   func(a, b S) bool
	// changes holds the last state emitted, and replays it to every new
	// subscriber, then the end once state$ has ended.
	changes *streams.ReplaySubject
	ended   bool
	err     error // what state$ failed with, if it did
	obs     *StateObservable[S]
}

func newStateSubject[S any](initial S, equal func(a, b S) bool) *stateSubject[S] {
	s := &stateSubject[S]{current: initial, equal: equal, changes: streams.NewReplaySubject(1, 0)}
	s.changes.Next(initial)
	s.obs = &StateObservable[S]{Observable: s.changes.Observable(), state: s}
	return s
}

func (s *stateSubject[S]) value() S {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.current
}

// next makes v the current state and emits it if it differs from the one
// before. It reports whether it did. A panic in equal leaves the state
// unchanged and propagates. The store's queue makes the calls of next and
// complete one at a time; they emit without holding mu, since a
// subscriber may read the value.
func (s *stateSubject[S]) next(v S) bool {
	changed, emit := s.set(v)
	if emit {
		s.changes.Next(v)
	}
	return changed
}

// set makes v the current state; it reports whether v is a change, and
// whether to emit it. equal is the user's and may read the state, so it
// is called without mu; current cannot move meanwhile, as next comes
// one call at a time.
func (s *stateSubject[S]) set(v S) (changed, emit bool) {
	changed = !s.equal(s.value(), v)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.current = v
	return changed, changed && !s.ended
}

// complete ends state$ for its subscribers; the value goes on changing.
func (s *stateSubject[S]) complete() {
	s.mu.Lock()
	s.ended = true
	s.mu.Unlock()
	s.changes.Complete()
}

// fail ends state$ with err, unless it has ended already.
func (s *stateSubject[S]) fail(err error) {
	s.mu.Lock()
	first := !s.ended
	s.ended = true
	if first {
		s.err = err
	}
	s.mu.Unlock()
	if first {
		s.changes.Error(err)
	}
}

// defaultEqual is the comparison WithEqual documents as the default.
func defaultEqual[S any]() func(a, b S) bool {
	if !reflect.TypeFor[S]().Comparable() {
		return func(a, b S) bool { return reflect.DeepEqual(a, b) }
	}
	return func(a, b S) bool {
		var equal bool
		// == panics on interfaces holding values it cannot compare.
		if panics.Catch("==", func() { equal = any(a) == any(b) }) != nil {
			return reflect.DeepEqual(a, b)
		}
		return equal
	}
}

// Format prints the type and never the state, which may hold secrets,
// under every verb.
func (o *StateObservable[S]) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "epics.StateObservable[%v]", reflect.TypeFor[S]())
}
