package streams

import (
	"sync"
	"time"

	"github.com/reactivex/rxgo/v2"
)

// Subject is a hot observable you push values into. Every subscriber sees
// the values pushed after it subscribed, in order. After Error or
// Complete, later calls are ignored and new subscribers get only that
// terminal event. Unsubscribing one subscriber leaves the rest alone.
//
// Pushes are delivered one at a time, in the order they were made, to
// each subscriber in the order they subscribed. A push made while another
// is being delivered, from another goroutine or from inside a
// subscriber's reaction, is delivered after it has reached every
// subscriber, so every subscriber sees the same values in the same order
// (RxJS would deliver a push from a reaction at once, and a second
// subscriber would see it before the first value).
//
// All methods are safe for concurrent use. The zero value is not usable;
// call NewSubject.
type Subject struct {
	hub *hub
	obs rxgo.Observable
}

// NewSubject returns a Subject with no subscribers.
func NewSubject() *Subject { return newSubject(newHub(replayBuffer{}, false)) }

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

// Observable returns the subject as an observable.
func (s *Subject) Observable() rxgo.Observable { return s.obs }

// BehaviorSubject is a Subject with a current value: a new subscriber gets
// the current value first, then what follows. After Error or Complete a
// new subscriber gets only the terminal event. A pushed value becomes
// current in its turn, when it is delivered: Value and what subscribers
// get follow one order.
type BehaviorSubject struct {
	Subject

	mu      sync.Mutex
	current any
	err     error
}

// NewBehaviorSubject returns a BehaviorSubject whose current value is
// initial.
func NewBehaviorSubject(initial any) *BehaviorSubject {
	b := &BehaviorSubject{current: initial}
	h := newHub(replayBuffer{size: 1, items: []replayed{{v: initial}}}, false)
	h.taken = b.taken
	b.Subject = *newSubject(h)
	return b
}

// taken records a push as the hub takes it, before delivering it.
func (b *BehaviorSubject) taken(e event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch e.kind {
	case nextEvent:
		b.current = e.v
	case failEvent:
		b.err = e.err
	}
}

// Error ends the subject with err, which Value reports from then on.
func (b *BehaviorSubject) Error(err error) {
	mustNotBeNil("BehaviorSubject.Error", "error", err == nil)
	b.hub.fail(err)
}

// Value returns the current value — the last one delivered or being
// delivered, or the initial one — and nil, or nil and the error the
// subject ended with. Once the subject has completed it keeps returning
// the last value.
func (b *BehaviorSubject) Value() (any, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return nil, b.err
	}
	return b.current, nil
}

// ReplaySubject is a Subject that replays values to every new subscriber,
// even after it has ended, and then the terminal event.
type ReplaySubject struct{ Subject }

// NewReplaySubject returns a ReplaySubject that replays the last size
// values pushed within window of the subscription; a size or window of 0
// means no limit, as RxJS's ReplaySubject() replays everything. A negative
// size or window panics.
func NewReplaySubject(size int, window time.Duration) *ReplaySubject {
	mustNotBeNegative("NewReplaySubject", "size", size)
	mustNotBeNegative("NewReplaySubject", "duration", window)
	if size == 0 {
		size = -1
	}
	return &ReplaySubject{*newSubject(newHub(replayBuffer{size: size, window: window}, true))}
}
