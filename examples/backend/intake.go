package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/rxepic/rxepic/epics"
)

// errNotAccepting is the error of an event offered once the backend has
// stopped taking events: it is shutting down, or has taken its limit.
var errNotAccepting = errors.New("not accepting events")

// intake admits the events of every source into the store, numbered in
// the order they arrive. It is safe for concurrent use: the ticker and the
// webhook's handlers offer events at the same time.
type intake struct {
	store  *epics.Store[State, struct{}]
	limit  int           // events to take before stopping; 0 for no limit
	before func(id int)  // called before event id is dispatched; may be nil
	full   chan struct{} // closed when the limit is reached

	mu     sync.Mutex
	last   int // the number of the last event admitted
	closed bool
}

func newIntake(store *epics.Store[State, struct{}], limit int, before func(id int)) *intake {
	return &intake{store: store, limit: limit, before: before, full: make(chan struct{})}
}

// admit numbers an event from source and dispatches it, or fails with
// errNotAccepting once the intake is closed or full.
func (in *intake) admit(source string) (int, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.closed || in.limit > 0 && in.last >= in.limit {
		return 0, errNotAccepting
	}
	id := in.last + 1
	if in.before != nil {
		in.before(id)
	}
	if err := in.store.Dispatch(EventReceived{ID: id, Source: source}); err != nil {
		return 0, fmt.Errorf("%w: %w", errNotAccepting, err)
	}
	in.last = id
	if id == in.limit {
		close(in.full)
	}
	return id, nil
}

// close stops the intake: every later event is refused.
func (in *intake) close() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.closed = true
}

// webhook is the handler of POST /webhook: each call is one event,
// answered 202 with its number, or 503 when events are not being taken.
func (in *intake) webhook(w http.ResponseWriter, r *http.Request) {
	// The payload is not used, but it is read, bounded, so that the
	// connection can be reused.
	if _, err := io.Copy(io.Discard, http.MaxBytesReader(w, r.Body, 64<<10)); err != nil {
		http.Error(w, "body too large or unreadable", http.StatusBadRequest)
		return
	}
	id, err := in.admit("webhook")
	if err != nil {
		http.Error(w, "not accepting events", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	fmt.Fprintf(w, "{\"id\":%d}\n", id)
}
