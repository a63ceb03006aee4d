package streams

import (
	"time"

	"github.com/rxepic/rxepic/internal/serial"
)

// hub is the multicast core of the Subjects and of Share. Everything that
// happens to it — a push, a subscription, a subscriber leaving — is
// handled one at a time in the order it happened, so every subscriber
// sees the same values in the same order: those pushed after it
// subscribed, after its replay if any. Only handle touches its state.
type hub struct {
	q *serial.Queue[hubEvent]

	sinks    []*hubSink // in subscription order; nil where one left
	live     int
	replay   replayBuffer
	atEnd    bool   // replay to a subscriber that arrives after the end
	end      *event // the terminal event, once there is one
	snapshot []*hubSink

	// taken, if set, is told of every push the hub takes, before it is
	// delivered: what keeps a BehaviorSubject's value in the hub's order.
	taken func(e event)
}

// hubSink is one subscriber of a hub.
type hubSink struct {
	s     *subscriber
	index int // in hub.sinks, once registered
}

// hubEvent is a push (e), a subscription (join) or a departure (leave).
type hubEvent struct {
	e     event
	join  *hubSink
	leave *hubSink
}

func newHub(replay replayBuffer, atEnd bool) *hub {
	h := &hub{replay: replay, atEnd: atEnd}
	h.q = serial.New(h.handle)
	return h
}

func (h *hub) next(v any)     { h.q.Push(hubEvent{e: event{kind: nextEvent, v: v}}) }
func (h *hub) fail(err error) { h.q.Push(hubEvent{e: event{kind: failEvent, err: err}}) }
func (h *hub) done()          { h.q.Push(hubEvent{e: event{kind: doneEvent}}) }

// subscribe adds s; it leaves when s ends.
func (h *hub) subscribe(s *subscriber) {
	sink := &hubSink{s: s}
	h.q.Push(hubEvent{join: sink})
	s.onEnd(func() { h.q.Push(hubEvent{leave: sink}) })
}

func (h *hub) handle(he hubEvent) {
	switch {
	case he.join != nil:
		h.join(he.join)
	case he.leave != nil:
		h.leaveSink(he.leave)
	case h.end == nil:
		h.push(he.e)
	}
}

// push delivers e to the subscribers present; a terminal e ends the hub.
func (h *hub) push(e event) {
	if h.taken != nil {
		h.taken(e)
	}
	if e.kind == nextEvent {
		h.replay.add(e.v)
		for _, sink := range h.present() {
			sink.s.next(e.v)
		}
		return
	}
	h.end = &e
	sinks := h.present()
	h.sinks, h.live = nil, 0
	h.replay.drop(!h.atEnd)
	for _, sink := range sinks {
		e.to(sink.s)
	}
}

func (h *hub) join(sink *hubSink) {
	if h.end == nil {
		sink.index = len(h.sinks)
		h.sinks = append(h.sinks, sink)
		h.live++
	}
	for _, v := range h.replay.values() {
		if sink.s.isClosed() {
			return
		}
		sink.s.next(v)
	}
	if h.end != nil {
		h.end.to(sink.s)
	}
}

func (h *hub) leaveSink(sink *hubSink) {
	if h.end != nil || sink.index >= len(h.sinks) || h.sinks[sink.index] != sink {
		return
	}
	h.sinks[sink.index] = nil
	h.live--
	if h.live < len(h.sinks)/2 {
		// Drop the holes, so that sinks never holds more than twice the
		// subscribers present.
		live := h.sinks[:0]
		for _, s := range h.sinks {
			if s != nil {
				s.index = len(live)
				live = append(live, s)
			}
		}
		clear(h.sinks[len(live):])
		h.sinks = live
	}
}

// present returns the sinks subscribed now, in order: a sink that joins
// or leaves while a push is delivered changes nothing for that push. The
// slice is valid until the next call.
func (h *hub) present() []*hubSink {
	clear(h.snapshot)
	h.snapshot = h.snapshot[:0]
	for _, s := range h.sinks {
		if s != nil {
			h.snapshot = append(h.snapshot, s)
		}
	}
	return h.snapshot
}

// replayBuffer holds the values a hub replays to a new subscriber: the
// last size of them (0: none; negative: all) pushed within window (0: no
// limit).
type replayBuffer struct {
	size   int
	window time.Duration
	items  []replayed
}

type replayed struct {
	v  any
	at time.Time
}

func (b *replayBuffer) add(v any) {
	if b.size == 0 {
		return
	}
	var at time.Time
	if b.window > 0 {
		at = time.Now()
	}
	b.items = append(b.items, replayed{v: v, at: at})
	b.trim()
}

// values returns what to replay now.
func (b *replayBuffer) values() []any {
	b.trim()
	if len(b.items) == 0 {
		return nil
	}
	vs := make([]any, len(b.items))
	for i, it := range b.items {
		vs[i] = it.v
	}
	return vs
}

func (b *replayBuffer) trim() {
	drop := 0
	if b.size > 0 && len(b.items) > b.size {
		drop = len(b.items) - b.size
	}
	if b.window > 0 {
		oldest := time.Now().Add(-b.window)
		for drop < len(b.items) && !b.items[drop].at.After(oldest) {
			drop++
		}
	}
	if drop > 0 {
		clear(b.items[:drop])
		b.items = b.items[drop:]
	}
}

// drop forgets every value if all is true.
func (b *replayBuffer) drop(all bool) {
	if all {
		b.items = nil
	}
}
