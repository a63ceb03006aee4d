package streams

import "github.com/reactivex/rxgo/v2"

// Subject is a hot observable you push values into. Every subscriber sees
// the values pushed after it subscribed, in order. Pushes from several
// goroutines are delivered one at a time, by whichever pushing goroutine
// finds the subject idle; a slow rxgo consumer never blocks Next or the
// other subscribers, because its items wait in a queue of its own.
// Unsubscribing one subscriber leaves the rest alone. After Error or
// Complete, later calls are ignored and new subscribers get only that
// terminal event.
//
// All methods are safe for concurrent use. The zero value is not usable;
// call NewSubject.
type Subject struct {
	hub *hub
	obs rxgo.Observable
}

// NewSubject returns a Subject with no subscribers.
func NewSubject() *Subject { return newSubject(newHub(0, nil, false)) }

func newSubject(h *hub) *Subject {
	return &Subject{hub: h, obs: newObservable(h.subscribe)}
}

// Next pushes v to every current subscriber.
func (s *Subject) Next(v any) { s.hub.next(v) }

// Error ends the subject with err; every subscriber, current and future,
// gets err.
func (s *Subject) Error(err error) {
	mustNotBeNil("Subject.Error", "error", err == nil)
	s.hub.fail(err)
}

// Complete ends the subject; every subscriber, current and future,
// completes.
func (s *Subject) Complete() { s.hub.done() }

// Observable returns the subject as an observable. Subscribing registers
// at once, inside Observe.
func (s *Subject) Observable() rxgo.Observable { return s.obs }

// BehaviorSubject is a Subject with a current value: a new subscriber gets
// the current value first, then what follows. After Error or Complete a new
// subscriber gets only the terminal event.
type BehaviorSubject struct{ Subject }

// NewBehaviorSubject returns a BehaviorSubject whose current value is
// initial.
func NewBehaviorSubject(initial any) *BehaviorSubject {
	return &BehaviorSubject{*newSubject(newHub(1, []any{initial}, false))}
}

// Value returns the current value: the last one pushed, or the initial one.
func (b *BehaviorSubject) Value() any {
	b.hub.mu.Lock()
	defer b.hub.mu.Unlock()
	return b.hub.replay[0]
}

// ReplaySubject is a Subject that replays the last n values to every new
// subscriber, even after it has ended, and then the terminal event.
type ReplaySubject struct{ Subject }

// NewReplaySubject returns a ReplaySubject that keeps the last n values;
// n must be at least 1.
func NewReplaySubject(n int) *ReplaySubject {
	if n < 1 {
		panic("streams.NewReplaySubject: buffer size must be at least 1")
	}
	return &ReplaySubject{*newSubject(newHub(n, nil, true))}
}
