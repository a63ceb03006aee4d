package streams

import (
	"context"
	"sync"

	"github.com/reactivex/rxgo/v2"
)

// Handoff mirrors its source, but in a stream that Collect waits on it
// hands the source's events over to Collect's goroutine when that
// goroutine is idle, instead of running everything downstream on the
// goroutine that produced them. Events keep their order.
//
// It is for many subscriptions waiting on one hot event, such as requests
// waiting for a token: a Subject delivers the event to its subscribers one
// after another on one goroutine, and without Handoff each subscriber's
// reaction (resubscribing a request, say) runs there in turn; with it,
// each continues on its own Collect's goroutine, in parallel. Outside a
// Collect, or when Collect is busy, events are delivered where they were
// produced; upstream of a Share, whose connection outlives any one
// Collect, it does nothing.
func Handoff() Operator {
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Handoff", "source", src == nil)
		return newObservable(func(ctx context.Context, o observer) {
			c := callerFrom(ctx)
			if c == nil {
				subscribe(ctx, src, o)
				return
			}
			subscribe(ctx, src, &handoff{c: c, o: o})
		})
	}
}

// handoff queues one subscription's events and delivers them, one run at
// a time, on the caller if it takes the run, else on the goroutine that
// found the queue idle.
type handoff struct {
	c        *caller
	o        observer
	mu       sync.Mutex
	pending  []event
	draining bool
}

func (h *handoff) next(v any)     { h.push(event{kind: nextEvent, v: v}) }
func (h *handoff) fail(err error) { h.push(event{kind: failEvent, err: err}) }
func (h *handoff) done()          { h.push(event{kind: doneEvent}) }

func (h *handoff) push(e event) {
	h.mu.Lock()
	h.pending = append(h.pending, e)
	if h.draining {
		h.mu.Unlock()
		return
	}
	h.draining = true
	h.mu.Unlock()
	if !h.c.offer(h) {
		h.run()
	}
}

// run delivers events until none is pending.
func (h *handoff) run() {
	delivered := false
	defer func() {
		if !delivered {
			// A panic downstream: the next push must find the queue
			// idle, not wait for a drain that is over.
			h.mu.Lock()
			h.draining = false
			h.mu.Unlock()
		}
	}()
	for {
		h.mu.Lock()
		if len(h.pending) == 0 {
			h.draining = false
			h.pending = nil
			h.mu.Unlock()
			delivered = true
			return
		}
		e := h.pending[0]
		h.pending = h.pending[1:]
		h.mu.Unlock()
		switch e.kind {
		case nextEvent:
			h.o.next(e.v)
		case failEvent:
			h.o.fail(e.err)
		default:
			h.o.done()
		}
	}
}
