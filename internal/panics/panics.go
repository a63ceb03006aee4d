// Package panics turns a panic in a user's function into an error value,
// the one way rxepic's packages report such a panic.
package panics

import (
	"fmt"
	"runtime/debug"
)

// Error is a panic caught in a user's function: which operation's
// function panicked, with what, and the stack of the goroutine it
// panicked on. streams exports it as streams.PanicError.
type Error struct {
	Op    string // the operation whose function panicked
	Value any    // what was passed to panic
	Stack []byte // the panicking goroutine's stack
}

func (e *Error) Error() string {
	return fmt.Sprintf("streams: panic in %s: %v", e.Op, e.Value)
}

// Unwrap returns the panic value when it is an error, so errors.Is and
// errors.As see through the panic.
func (e *Error) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Catch calls f and returns nil, or the panic f raised as an *Error
// naming op.
func Catch(op string, f func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &Error{Op: op, Value: p, Stack: debug.Stack()}
		}
	}()
	f()
	return nil
}
