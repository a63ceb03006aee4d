package streams

import (
	"context"
	"sync"

	"github.com/reactivex/rxgo/v2"
)

// Subject is a hot observable you push values into. Every subscriber sees
// the values pushed after it subscribed. Each subscriber has its own
// unbounded queue, so a slow subscriber never blocks Next or the other
// subscribers, and unsubscribing one leaves the rest alone. After Error or
// Complete, later calls are ignored and new subscribers get only that
// terminal event.
//
// All methods are safe for concurrent use. The zero value is not usable;
// call NewSubject.
type Subject struct {
	hub hub
	obs rxgo.Observable
}

// NewSubject returns a Subject with no subscribers.
func NewSubject() *Subject {
	s := &Subject{hub: hub{subs: map[*subscriber]struct{}{}}}
	s.obs = newObservable(s.hub.subscribe)
	return s
}

// Next pushes v to every current subscriber.
func (s *Subject) Next(v any) { s.hub.push(rxgo.Of(v), false) }

// Error ends the subject with err; every subscriber, current and future,
// gets err.
func (s *Subject) Error(err error) {
	mustNotBeNil("Subject.Error", "error", err == nil)
	s.hub.push(rxgo.Error(err), true)
}

// Complete ends the subject; every subscriber, current and future,
// completes.
func (s *Subject) Complete() { s.hub.push(rxgo.Item{}, true) }

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
	b := &BehaviorSubject{Subject{hub: hub{
		subs:   map[*subscriber]struct{}{},
		keep:   1,
		replay: []any{initial},
	}}}
	b.obs = newObservable(b.hub.subscribe)
	return b
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
	r := &ReplaySubject{Subject{hub: hub{
		subs:        map[*subscriber]struct{}{},
		keep:        n,
		replayAtEnd: true,
	}}}
	r.obs = newObservable(r.hub.subscribe)
	return r
}

// hub is the multicast core shared by the subjects and Share.
type hub struct {
	mu          sync.Mutex
	subs        map[*subscriber]struct{}
	keep        int   // how many values to replay to a new subscriber
	replay      []any // the last values, at most keep
	replayAtEnd bool  // whether a subscriber after the end gets replay too
	ended       bool
	end         rxgo.Item // the terminal event: an error item, or zero for completion
}

// push sends item to every subscriber; a terminal push ends the hub.
func (h *hub) push(item rxgo.Item, terminal bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.ended {
		return
	}
	if terminal {
		h.ended, h.end = true, item
		for s := range h.subs {
			s.finish(item)
		}
		clear(h.subs)
		return
	}
	if h.keep > 0 {
		if len(h.replay) == h.keep {
			copy(h.replay, h.replay[1:])
			h.replay = h.replay[:h.keep-1]
		}
		h.replay = append(h.replay, item.V)
	}
	for s := range h.subs {
		s.add(item)
	}
}

// subscribe registers a subscriber at once and returns its feeding loop,
// which unregisters it when the subscription ends.
func (h *hub) subscribe(context.Context) runFunc {
	s := &subscriber{wake: make(chan struct{}, 1)}
	h.mu.Lock()
	if !h.ended || h.replayAtEnd {
		for _, v := range h.replay {
			s.queue = append(s.queue, rxgo.Of(v))
		}
	}
	if h.ended {
		s.finish(h.end)
	} else {
		h.subs[s] = struct{}{}
	}
	h.mu.Unlock()
	return func(ctx context.Context, next chan<- rxgo.Item) {
		defer func() {
			h.mu.Lock()
			delete(h.subs, s)
			h.mu.Unlock()
		}()
		s.feed(ctx, next)
	}
}

// subscriber is one subscription's queue.
type subscriber struct {
	mu    sync.Mutex
	queue []rxgo.Item
	done  bool          // the terminal event has been queued
	wake  chan struct{} // capacity 1: something was queued
}

func (s *subscriber) add(item rxgo.Item) {
	s.mu.Lock()
	s.queue = append(s.queue, item)
	s.mu.Unlock()
	s.signal()
}

// finish queues the terminal event: an error item, or zero for completion.
func (s *subscriber) finish(end rxgo.Item) {
	s.mu.Lock()
	if end.E != nil {
		s.queue = append(s.queue, end)
	}
	s.done = true
	s.mu.Unlock()
	s.signal()
}

func (s *subscriber) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// feed sends queued items until the terminal event or ctx ends.
func (s *subscriber) feed(ctx context.Context, next chan<- rxgo.Item) {
	var batch []rxgo.Item
	for {
		s.mu.Lock()
		batch, s.queue = s.queue, batch[:0]
		done := s.done
		s.mu.Unlock()
		for i, item := range batch {
			if !send(ctx, next, item) {
				return
			}
			batch[i] = rxgo.Item{}
		}
		if done {
			return
		}
		select {
		case <-s.wake:
		case <-ctx.Done():
			return
		}
	}
}
