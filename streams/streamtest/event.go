package streamtest

import (
	"errors"
	"fmt"

	"github.com/stretchr/testify/assert"
)

// ErrMarble is the error '#' stands for when a marble diagram is given no
// error of its own. Match it with errors.Is.
var ErrMarble = errors.New("streamtest: error")

// Kind is what happened in an Event.
type Kind uint8

const (
	Next     Kind = iota + 1 // a value: a letter or digit in marbles
	Error                    // the stream failed: '#'
	Complete                 // the stream completed: '|'
)

// String returns "next", "error" or "complete".
func (k Kind) String() string {
	switch k {
	case Next:
		return "next"
	case Error:
		return "error"
	case Complete:
		return "complete"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Event is one thing that happens on a timeline, at a frame counted from
// the timeline's frame 0. Frames before 0 occur only in hot marbles, to
// the left of '^'.
type Event struct {
	Frame int
	Kind  Kind
	Value any   // the value of a Next event
	Err   error // the error of an Error event
}

// terminal reports whether e ends its stream.
func (e Event) terminal() bool { return e.Kind == Error || e.Kind == Complete }

// matches reports whether got is what e expects: the same frame and kind,
// a value that is assert.ObjectsAreEqual to e's, or an error for which
// errors.Is(got.Err, e.Err) holds or that is assert.ObjectsAreEqual to it.
func (e Event) matches(got Event) bool {
	if e.Frame != got.Frame || e.Kind != got.Kind {
		return false
	}
	switch e.Kind {
	case Next:
		return assert.ObjectsAreEqual(e.Value, got.Value)
	case Error:
		return errors.Is(got.Err, e.Err) || assert.ObjectsAreEqual(e.Err, got.Err)
	}
	return true
}

// SubscriptionLog is one subscription to a source: the frame it was made
// at and the frame it ended at, as a subscription marble diagram such as
// "--^---!" writes it.
type SubscriptionLog struct {
	Subscribed   int
	Unsubscribed int // StillSubscribed if it had not ended when the timeline did
}

// StillSubscribed is the Unsubscribed frame of a subscription that had not
// ended when the timeline did: a diagram with '^' and no '!'.
const StillSubscribed = -1
