package main

import (
	"fmt"
	"time"

	"github.com/rxepic/rxepic/auth"
)

// State is the backend's store: the auth slice, mounted beside the
// backend's own counters, so that one store runs the 401 flow and the
// event processing.
type State struct {
	Auth      auth.State
	Received  int // events that arrived
	Processed int // events the API accepted
	Failed    int // events the API could not be told about
	Cancelled int // events given up at shutdown, when the grace period ran out

	// Cancelling is set when the grace period has run out: the events
	// still in flight are cancelled, and so is any that would start.
	Cancelling bool
}

// The backend's actions.

// EventReceived is an event from a source: the ticker or the webhook.
type EventReceived struct {
	ID     int
	Source string
}

// EventProcessed records that the protected API accepted event ID, and
// with which token generation.
type EventProcessed struct {
	ID         int
	Generation int
}

// EventFailed records that event ID could not be processed, and why.
type EventFailed struct {
	ID  int
	Err error
}

// EventCancelled records that event ID was given up at shutdown before
// the API answered.
type EventCancelled struct {
	ID int
}

// ShutdownStarted records that the backend takes no more events: its
// sources have stopped and its webhook is closed. Why says what started
// the shutdown.
type ShutdownStarted struct {
	Why string
}

// CancelInFlight cancels the events still in flight, once the shutdown's
// grace period has run out.
type CancelInFlight struct {
	Grace time.Duration
}

// Type names the action.
func (EventReceived) Type() string { return "backend/eventReceived" }

// Type names the action.
func (EventProcessed) Type() string { return "backend/eventProcessed" }

// Type names the action.
func (EventFailed) Type() string { return "backend/eventFailed" }

// Type names the action.
func (EventCancelled) Type() string { return "backend/eventCancelled" }

// Type names the action.
func (ShutdownStarted) Type() string { return "backend/shutdownStarted" }

// Type names the action.
func (CancelInFlight) Type() string { return "backend/cancelInFlight" }

// reduce is the store's reducer: auth.Reduce for the auth slice, and the
// counters for the backend's own actions.
func reduce(s State, action any) State {
	s.Auth = auth.Reduce(s.Auth, action)
	switch action.(type) {
	case EventReceived:
		s.Received++
	case EventProcessed:
		s.Processed++
	case EventFailed:
		s.Failed++
	case EventCancelled:
		s.Cancelled++
	case CancelInFlight:
		s.Cancelling = true
	}
	return s
}

// inFlight is how many events are being processed: every event received
// is in flight until it is processed, failed or cancelled.
func (s State) inFlight() int { return s.Received - s.Processed - s.Failed - s.Cancelled }

// String describes the state on one line. Tokens are left out.
func (s State) String() string {
	return fmt.Sprintf("received %d · processed %d · failed %d · cancelled %d · in flight %d · auth %s (token generation %d)",
		s.Received, s.Processed, s.Failed, s.Cancelled, s.inFlight(), s.Auth.Status, s.Auth.Generation)
}
