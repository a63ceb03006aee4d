package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
)

// printer writes the backend's log: one line per thing that happened, with
// the time since start. It is safe for concurrent use; lines never mix.
//
// The state it reports is the reducer applied to the actions it has
// printed, rather than the store's, which runs ahead of the action log:
// so its counts always agree with the lines above them.
type printer struct {
	mu      sync.Mutex
	w       io.Writer
	start   time.Time
	state   State // after the actions printed so far
	atStop  State // when the shutdown started
	stopped bool  // whether ShutdownStarted has been printed
}

func newPrinter(w io.Writer) *printer { return &printer{w: w, start: time.Now()} }

// logf writes a timed line.
func (p *printer) logf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.timed(format, args...)
}

func (p *printer) timed(format string, args ...any) {
	fmt.Fprintf(p.w, "%6.2fs  %s\n", time.Since(p.start).Seconds(), fmt.Sprintf(format, args...))
}

// status writes the state as of the lines printed so far.
func (p *printer) status() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.timed("state: %v", p.state)
}

// sinceStop returns the state when the shutdown started and the state
// now, as far as the lines printed say; before the shutdown, both are the
// state now.
func (p *printer) sinceStop() (atStop, now State) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.stopped {
		return p.state, p.state
	}
	return p.atStop, p.state
}

// plainf writes a line without a time.
func (p *printer) plainf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, format+"\n", args...)
}

// action logs an action the store has processed, in the order the store
// processed them.
func (p *printer) action(a any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.state = reduce(p.state, a)
	switch a := a.(type) {
	case EventReceived:
		p.timed("event %d received from the %s", a.ID, a.Source)
	case EventProcessed:
		p.timed("event %d processed (token generation %d)", a.ID, a.Generation)
	case EventFailed:
		p.timed("event %d failed: %v", a.ID, a.Err)
	case EventCancelled:
		p.timed("event %d cancelled", a.ID)
	case ShutdownStarted:
		p.atStop, p.stopped = p.state, true
		p.timed("shutting down (%s): sources stopped, webhook closed; finishing the %s in flight",
			a.Why, plural(p.state.inFlight(), "event", "events"))
	case CancelInFlight:
		p.timed("the %v grace period is over: cancelling the %s in flight", a.Grace, plural(p.state.inFlight(), "event", "events"))
	case auth.SignedIn:
		p.timed("auth: signed in")
	case auth.RefreshRequested:
		p.timed("auth: token generation %d rejected, refresh requested", a.Generation)
	case auth.RefreshSucceeded:
		p.timed("auth: refreshed: new access token and rotated refresh token")
	case auth.RefreshFailed:
		p.timed("auth: refresh failed: %v", a.Err)
	case auth.SignedOut:
		if a.Reason == nil {
			p.timed("auth: signed out")
		} else {
			p.timed("auth: signed out: %v", a.Reason)
		}
	}
}

// serverEvent logs what the auth server refused and the refreshes it
// granted; the requests it accepted show up as processed events.
func (p *printer) serverEvent(e authtest.Event) {
	switch e.Kind {
	case authtest.EventResourceDenied, authtest.EventRefreshDenied, authtest.EventReuse:
		p.logf("server: %s → %d %s", e.Path, e.Status, e.Detail)
	case authtest.EventRefresh:
		p.logf("server: %s → %d, token generation %d issued", e.Path, e.Status, e.Generation)
	}
}
