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
type printer struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
}

func newPrinter(w io.Writer) *printer { return &printer{w: w, start: time.Now()} }

// logf writes a timed line.
func (p *printer) logf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "%6.2fs  %s\n", time.Since(p.start).Seconds(), fmt.Sprintf(format, args...))
}

// plainf writes a line without a time.
func (p *printer) plainf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, format+"\n", args...)
}

// action logs an action the store has processed.
func (p *printer) action(a any) {
	switch a := a.(type) {
	case EventReceived:
		p.logf("event %d received from the %s", a.ID, a.Source)
	case EventProcessed:
		p.logf("event %d processed (token generation %d)", a.ID, a.Generation)
	case EventFailed:
		p.logf("event %d failed: %v", a.ID, a.Err)
	case auth.SignedIn:
		p.logf("auth: signed in")
	case auth.RefreshRequested:
		p.logf("auth: token generation %d rejected, refresh requested", a.Generation)
	case auth.RefreshSucceeded:
		p.logf("auth: refreshed: new access token and rotated refresh token")
	case auth.RefreshFailed:
		p.logf("auth: refresh failed: %v", a.Err)
	case auth.SignedOut:
		if a.Reason == nil {
			p.logf("auth: signed out")
		} else {
			p.logf("auth: signed out: %v", a.Reason)
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
