package streams

import (
	"errors"
	"fmt"
	"reflect"
	"runtime/debug"
)

// ErrTimeout is the error [Timeout] fails a stream with when no item
// arrived in time. Match it with errors.Is.
var ErrTimeout = errors.New("streams: timeout")

// ErrEmpty is the error [First] fails a stream with when its source
// completed without an item. Match it with errors.Is.
var ErrEmpty = errors.New("streams: no elements in sequence")

// PanicError is the error item a stream ends with when a function given to
// an operator panicked. The process goes on; the stream ends.
type PanicError struct {
	Op    string // the operator whose function panicked
	Value any    // what was passed to panic
	Stack []byte // the panicking goroutine's stack
}

func newPanicError(op string, value any) *PanicError {
	return &PanicError{Op: op, Value: value, Stack: debug.Stack()}
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("streams: panic in %s: %v", e.Op, e.Value)
}

// Unwrap returns the panic value when it is an error, so errors.Is and
// errors.As see through the panic.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// catch turns a panic into *PanicError stored in *err; deferred by every
// call of a user's function.
func catch(op string, err *error) {
	if p := recover(); p != nil {
		*err = newPanicError(op, p)
	}
}

// mustNotBeNil panics with a message naming the operator and the argument.
func mustNotBeNil(op, arg string, isNil bool) {
	if isNil {
		panic(fmt.Sprintf("streams.%s: nil %s", op, arg))
	}
}

func errNilObservable(op, fn string) error {
	return fmt.Errorf("streams.%s: %s returned a nil observable", op, fn)
}

// TypeError is the error item a typed operator fails with when an item is
// not of the type it was built for. It names the types, never the value,
// which may hold a secret.
type TypeError struct {
	Op   string       // the operator
	Got  reflect.Type // the item's dynamic type; nil for a nil item
	Want reflect.Type // the type the operator expects
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("streams.%s: got an item of type %v, want %v", e.Op, e.Got, e.Want)
}
