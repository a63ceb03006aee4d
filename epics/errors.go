package epics

import (
	"errors"
	"fmt"
)

// ErrClosed is what Dispatch, Start, Run and Attach return once the store
// has been closed. Match it with errors.Is.
var ErrClosed = errors.New("epics: store closed")

// ErrNilAction is what Dispatch returns for a nil action, and the cause an
// epic that emits nil is reported with. Match it with errors.Is.
var ErrNilAction = errors.New("epics: nil action")

// ErrNilOutput is the cause an epic that returns a nil observable is
// reported with. Match it with errors.Is.
var ErrNilOutput = errors.New("epics: epic returned a nil observable")

// EpicError is how a failed epic is reported to the OnError hook and the
// restart policy: which epic, and why. Err is the stream's error item, a
// *streams.PanicError when the epic function or one of its operators
// panicked, or wraps ErrNilOutput or ErrNilAction.
type EpicError struct {
	Epic string // the epic's name: given to Named, or its function's
	Err  error
}

func (e *EpicError) Error() string { return fmt.Sprintf("epics: epic %q: %v", e.Epic, e.Err) }

// Unwrap returns the cause, so errors.Is and errors.As see through it.
func (e *EpicError) Unwrap() error { return e.Err }
