package streams_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/stretchr/testify/require"
)

const ms = time.Millisecond

// event is what a stream did, and when, on the virtual clock of a synctest
// bubble, counted from the moment it was subscribed.
type event struct {
	At   time.Duration
	V    any
	Err  error
	Done bool // completed (or ended after an error)
}

func (e event) String() string {
	switch {
	case e.Err != nil:
		return fmt.Sprintf("%v: error %v", e.At, e.Err)
	case e.Done:
		return fmt.Sprintf("%v: end", e.At)
	default:
		return fmt.Sprintf("%v: %v", e.At, e.V)
	}
}

func value(at time.Duration, v any) event       { return event{At: at, V: v} }
func failure(at time.Duration, err error) event { return event{At: at, Err: err} }
func end(at time.Duration) event                { return event{At: at, Done: true} }

// timeline subscribes to obs inside a synctest bubble and records its
// events from a goroutine of its own; the function it returns waits for
// the stream to end and returns them.
func timeline(t *testing.T, obs rxgo.Observable) func() []event {
	t.Helper()
	ch, _ := observe(t, obs)
	start := time.Now()
	done := make(chan []event)
	go func() {
		var events []event
		for item := range ch {
			events = append(events, event{At: time.Since(start), V: item.V, Err: item.E})
		}
		done <- append(events, end(time.Since(start)))
	}()
	return func() []event {
		t.Helper()
		select {
		case events := <-done:
			return events
		case <-time.After(time.Hour):
			require.FailNow(t, "the stream did not end within a virtual hour")
			return nil
		}
	}
}

// requireTimeline compares timelines; a wanted error matches any error
// that errors.Is recognises as it.
func requireTimeline(t *testing.T, want, got []event) {
	t.Helper()
	normal := make([]string, len(got))
	for i, e := range got {
		if i < len(want) && want[i].Err != nil && errors.Is(e.Err, want[i].Err) {
			e.Err = want[i].Err
		}
		normal[i] = e.String()
	}
	wanted := make([]string, len(want))
	for i, e := range want {
		wanted[i] = e.String()
	}
	require.Equal(t, wanted, normal)
}
