package httpobs

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/rxepic/rxepic/streams"
)

// ErrBodyNotReplayable is matched (errors.Is) by the error of a
// subscription that would have to send a request body a second time when
// that body can be read only once: a [ReaderBody], or a FromRequest request
// without GetBody. The request is not sent, rather than sent empty.
var ErrBodyNotReplayable = errors.New("request body cannot be replayed")

// ErrBodyTooLarge is matched (errors.Is) by the error of a subscription
// whose response body is longer than the limit set with [WithMaxBody]. A
// body is never silently cut short.
var ErrBodyTooLarge = errors.New("response body too large")

// RequestError is the error of a request that could not be completed: the
// connection failed or was reset, the response or its body was cut short,
// the request timed out, or a redirect policy refused to go on. Unwrap
// gives the cause, so errors.Is(err, context.Canceled), errors.Is(err,
// context.DeadlineExceeded) or errors.Is(err, io.ErrUnexpectedEOF) work.
type RequestError struct {
	// Method and URL are the request's; URL is redacted with RedactURL.
	Method, URL string
	Err         error
}

func (e *RequestError) Error() string {
	return fmt.Sprintf("httpobs: %s %s: %v", e.Method, e.URL, e.Err)
}

func (e *RequestError) Unwrap() error { return e.Err }

// TimeoutError is the cause of a request ended by its per-request timeout
// (see [Timeout]). It matches both context.DeadlineExceeded and
// streams.ErrTimeout with errors.Is. It comes wrapped in a *RequestError
// that names the request.
type TimeoutError struct {
	After time.Duration // the timeout that ran out
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("request timed out after %v", e.After)
}

// Is reports whether target is context.DeadlineExceeded or
// streams.ErrTimeout.
func (e *TimeoutError) Is(target error) bool {
	return target == context.DeadlineExceeded || target == streams.ErrTimeout
}

// Timeout reports true, as net.Error does for a timeout.
func (e *TimeoutError) Timeout() bool { return true }

// DecodeError is the error of [JSON] and [GetJSON] when a response body
// does not decode into the wanted type. It names the type and the byte
// offset in the body where decoding failed (-1 when the decoder could not
// tell, as for an error from a custom UnmarshalJSON). It never quotes the
// body.
type DecodeError struct {
	Type   reflect.Type
	Offset int64
	Err    error
}

func (e *DecodeError) Error() string {
	if e.Offset < 0 {
		return fmt.Sprintf("httpobs: decoding JSON into %v: %v", e.Type, e.Err)
	}
	return fmt.Sprintf("httpobs: decoding JSON into %v at byte %d: %v", e.Type, e.Offset, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }
