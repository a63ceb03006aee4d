package epics

import (
	"fmt"
	"reflect"
	"sync"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/serial"
	"github.com/rxepic/rxepic/streams"
)

// Store holds a state of type S, changed only by its reducer, and runs
// epics that receive dependencies of type D. Dispatched actions go through
// the reducer one at a time, then out on action$ to the epics, whose
// outputs are dispatched in turn.
//
// All methods are safe for concurrent use. Make a Store with NewStore and
// Close it when done: Close completes action$ and state$, and Done tells
// when every epic has ended.
type Store[S, D any] struct {
	reducer Reducer[S]
	deps    D
	cfg     config
	state   *stateSubject[S]
	actions *streams.Subject
	feed    *feed // action$ as epics get it

	closing chan struct{} // closed by Close: no new actions, epics or restarts
	done    chan struct{} // closed once action$ has completed and every epic has ended

	queue *serial.Queue[any] // actions waiting to be processed, oldest first

	mu      sync.Mutex
	closed  bool // Close has been called
	ended   bool // action$ has completed
	running int  // groups of epics (one per Start, Run or Attach) still running
}

// NewStore returns a store holding initial, changed by reducer, whose
// epics get deps. No epic runs until Start or Run. It panics if reducer is
// nil, an option is nil, or WithEqual was given for another type than S.
func NewStore[S, D any](reducer Reducer[S], initial S, deps D, opts ...Option) *Store[S, D] {
	if reducer == nil {
		panic("epics.NewStore: nil reducer")
	}
	cfg := newConfig("NewStore", opts)
	equal := defaultEqual[S]()
	if cfg.equal != nil {
		eq, ok := cfg.equal.(func(a, b S) bool)
		if !ok {
			panic(fmt.Sprintf("epics.NewStore: WithEqual compares %v, but the state is %v", cfg.equalType, reflect.TypeFor[S]()))
		}
		equal = eq
	}
	s := &Store[S, D]{
		reducer: reducer,
		deps:    deps,
		cfg:     cfg,
		state:   newStateSubject(initial, equal),
		actions: streams.NewSubject(),
		closing: make(chan struct{}),
		done:    make(chan struct{}),
	}
	s.queue = serial.New(s.process)
	s.feed = &feed{actions: s.actions, queue: s.queue.Push, warn: s.warnLate}
	return s
}

// State returns the current state.
func (s *Store[S, D]) State() S { return s.state.value() }

// Actions returns action$: every action, after the reducer has seen it and
// state$ holds the state it produced. It is hot: a subscriber sees the
// actions processed after it subscribed (inside Observe). Each subscriber
// has its own unbounded queue, so a slow one never holds up Dispatch or
// the others. It completes when the store is closed.
func (s *Store[S, D]) Actions() rxgo.Observable { return s.actions.Observable() }

// States returns state$; see StateObservable.
func (s *Store[S, D]) States() *StateObservable[S] { return s.state.obs }

// Close stops the store taking actions: Dispatch, Start, Run and Attach
// return ErrClosed from now on, and no failed epic is restarted. The
// actions already queued are processed, then action$ and state$ complete.
// Epics finish the work they have under way, and what they still emit is
// reduced into the state (State and state$.Value see it), though no epic
// sees it on action$ any more.
//
// Close does not wait for the epics: an epic that never completes, such as
// one built on a timer, would hold it forever. Done and Wait wait; cancel
// the context given to Start to stop such epics. Close is idempotent and
// returns nil.
func (s *Store[S, D]) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.closing)
	s.mu.Unlock()
	s.enqueue(endOfActions{}, false)
	return nil
}

// Done is closed when the store has been closed, action$ has completed,
// and every epic started on the store has ended (completed, failed for
// good, or been stopped by its context).
func (s *Store[S, D]) Done() <-chan struct{} { return s.done }

// Wait blocks until Done is closed. It blocks forever if an epic never
// ends; cancel its context to end it.
func (s *Store[S, D]) Wait() { <-s.done }

// endOfActions is the queue item that completes action$ and state$.
type endOfActions struct{}

// finish completes action$ and state$; it runs as the last item of the
// queue that Close leaves.
func (s *Store[S, D]) finish() {
	s.actions.Complete()
	s.feed.end()
	s.state.complete()
	s.mu.Lock()
	s.ended = true
	s.checkDoneLocked()
	s.mu.Unlock()
}

// epicsEnded is called when a group of epics has ended.
func (s *Store[S, D]) epicsEnded() {
	s.mu.Lock()
	s.running--
	s.checkDoneLocked()
	s.mu.Unlock()
}

func (s *Store[S, D]) checkDoneLocked() {
	if s.ended && s.running == 0 {
		select {
		case <-s.done:
		default:
			close(s.done)
		}
	}
}

// Format prints the store's type and never its state, which may hold
// secrets, under every verb.
func (s *Store[S, D]) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "epics.Store[%v]", reflect.TypeFor[S]())
}
