package streams

import (
	"context"
	"sync"
	"sync/atomic"
)

// hub is the multicast core of the subjects and of Share. Pushes from any
// goroutine are queued and delivered in order, to every sink subscribed
// before the push, by whichever goroutine finds the hub idle: delivery
// never holds the lock, so a sink may subscribe or push from inside its
// own callback. A sink never blocks delivery: the sinks this package makes
// are operators or queues.
type hub struct {
	mu          sync.Mutex
	sinks       map[*hubSink]struct{}
	pending     []hubEvent
	delivering  bool
	seq         uint64 // events pushed so far
	keep        int    // how many values to replay to a new sink
	replay      []any  // the last values, at most keep
	replayAtEnd bool   // whether a sink arriving after the end gets replay too
	ended       bool
	end         hubEvent // the terminal event, once ended
	snapshot    []*hubSink
}

// hubSink is one subscription to a hub.
type hubSink struct {
	o      observer
	since  uint64      // it gets the events pushed after this one
	closed atomic.Bool // unsubscribed, or terminated
	stop   func() bool // stops watching its context
}

// hubEvent is a push, or (to != nil) a replay for one new sink.
type hubEvent struct {
	seq    uint64
	kind   kind
	v      any
	err    error
	to     *hubSink
	values []any // replayed to to
}

func newHub(keep int, replay []any, replayAtEnd bool) *hub {
	return &hub{sinks: map[*hubSink]struct{}{}, keep: keep, replay: replay, replayAtEnd: replayAtEnd}
}

func (h *hub) next(v any)     { h.push(hubEvent{kind: nextEvent, v: v}) }
func (h *hub) fail(err error) { h.push(hubEvent{kind: failEvent, err: err}) }
func (h *hub) done()          { h.push(hubEvent{kind: doneEvent}) }

func (h *hub) push(e hubEvent) {
	h.mu.Lock()
	if h.ended {
		h.mu.Unlock()
		return
	}
	h.seq++
	e.seq = h.seq
	if e.kind != nextEvent {
		h.ended, h.end = true, e
	} else if h.keep > 0 {
		if len(h.replay) == h.keep {
			copy(h.replay, h.replay[1:])
			h.replay = h.replay[:h.keep-1]
		}
		h.replay = append(h.replay, e.v)
	}
	h.enqueue(e)
}

// subscribe adds a sink for the life of ctx; replayed values, and the
// terminal event if the hub has ended, are delivered first.
func (h *hub) subscribe(ctx context.Context, o observer) {
	s := &hubSink{o: o}
	h.mu.Lock()
	s.since = h.seq
	var replay []any
	if !h.ended || h.replayAtEnd {
		replay = append(replay, h.replay...)
	}
	if !h.ended {
		h.sinks[s] = struct{}{}
		s.stop = context.AfterFunc(ctx, func() { h.remove(s) })
	}
	if len(replay) == 0 && !h.ended {
		h.mu.Unlock()
		return
	}
	h.enqueue(hubEvent{to: s, values: replay})
}

// remove drops a sink whose subscription ended.
func (h *hub) remove(s *hubSink) {
	s.closed.Store(true)
	h.mu.Lock()
	delete(h.sinks, s)
	h.mu.Unlock()
}

// enqueue adds e and, unless another goroutine is delivering, delivers
// everything pending. It is called with h.mu held and releases it.
func (h *hub) enqueue(e hubEvent) {
	h.pending = append(h.pending, e)
	if h.delivering {
		h.mu.Unlock()
		return
	}
	h.delivering = true
	defer func() {
		if p := recover(); p != nil {
			h.mu.Lock()
			h.delivering = false
			h.mu.Unlock()
			panic(p)
		}
	}()
	// Others append to pending while we deliver; it is reset, keeping its
	// capacity, once everything in it has been delivered.
	for i := 0; i < len(h.pending); i++ {
		e := h.pending[i]
		h.pending[i] = hubEvent{}
		if e.to != nil {
			h.mu.Unlock()
			h.replayTo(e)
			h.mu.Lock()
			continue
		}
		h.snapshot = h.snapshot[:0]
		for s := range h.sinks {
			if s.since < e.seq {
				h.snapshot = append(h.snapshot, s)
			}
		}
		if e.kind != nextEvent {
			clear(h.sinks)
		}
		sinks := h.snapshot
		h.mu.Unlock()
		for i, s := range sinks {
			deliver(s, e)
			sinks[i] = nil
		}
		h.mu.Lock()
	}
	h.pending = h.pending[:0]
	h.delivering = false
	h.mu.Unlock()
}

// replayTo delivers a new sink's replay, and the end if the hub has ended
// (read now: the end may have come while the replay waited its turn).
func (h *hub) replayTo(e hubEvent) {
	s := e.to
	for _, v := range e.values {
		if s.closed.Load() {
			return
		}
		s.o.next(v)
	}
	h.mu.Lock()
	ended, end := h.ended, h.end
	h.mu.Unlock()
	if ended && s.stop == nil {
		// Subscribed after the end: it was never registered.
		deliver(s, end)
	}
}

func deliver(s *hubSink, e hubEvent) {
	if s.closed.Load() {
		return
	}
	switch e.kind {
	case nextEvent:
		s.o.next(e.v)
	case failEvent:
		s.finish()
		s.o.fail(e.err)
	case doneEvent:
		s.finish()
		s.o.done()
	}
}

// finish marks a sink terminated and stops watching its context.
func (s *hubSink) finish() {
	s.closed.Store(true)
	if s.stop != nil {
		s.stop()
	}
}
