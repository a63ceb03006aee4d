package streams

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/rxepic/rxepic/internal/panics"
)

// ErrTimeout is what a [*TimeoutError] matches with errors.Is.
var ErrTimeout = errors.New("streams: timeout")

// ErrEmpty is the error [First], [ThrowIfEmpty] and friends fail a stream
// with when its source completed without a value. Match it with errors.Is.
var ErrEmpty = errors.New("streams: no elements in sequence")

// PanicError is the error a stream ends with when a function given to an
// operator panicked: the process goes on, the stream ends. Its Op names
// the operator, Value is what was passed to panic, Stack the panicking
// goroutine's stack; Unwrap returns Value when it is an error.
type PanicError = panics.Error

func errNilObservable(op, fn string) error {
	return fmt.Errorf("streams.%s: %s returned a nil observable", op, fn)
}

// TypeError is the error a typed operator fails with when a value is not
// of the type it was built for. It names the types, never the value,
// which may hold a secret.
type TypeError struct {
	Op   string       // the operator
	Got  reflect.Type // the value's dynamic type; nil for a nil value
	Want reflect.Type // the type the operator expects
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("streams.%s: got an item of type %v, want %v", e.Op, e.Got, e.Want)
}
