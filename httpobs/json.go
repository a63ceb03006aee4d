package httpobs

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// JSON returns an operator that decodes each *Response's body as JSON
// into a T and emits the T. A body that is not valid JSON for T fails the
// stream with a *[DecodeError] naming T and the byte offset; an item that
// is not a *Response fails it with a *streams.TypeError. Decoding is
// strict about syntax (trailing data is an error) and lenient about
// fields, as json.Unmarshal is.
func JSON[T any]() streams.Operator {
	want := reflect.TypeFor[*Response]()
	return streams.ConcatMap(func(v any) rxgo.Observable {
		r, ok := v.(*Response)
		if !ok || r == nil {
			return streams.Throw(&streams.TypeError{Op: "httpobs.JSON", Got: reflect.TypeOf(v), Want: want})
		}
		x, err := decodeJSON[T](r.Body)
		if err != nil {
			return streams.Throw(err)
		}
		return streams.Of(x)
	})
}

// GetJSON returns a source that GETs url, with Accept: application/json
// unless an option sets Accept, and emits the body decoded into a T, as
// Get followed by JSON[T] would, in one step.
func GetJSON[T any](url string, opts ...Option) rxgo.Observable {
	opts = append([]Option{WithHeader("Accept", "application/json")}, opts...)
	s := &source{method: http.MethodGet, url: url}
	s.init(opts)
	s.decode = func(r *Response) (any, error) { return decodeJSON[T](r.Body) }
	return streams.FromFunc(s.run)
}

func decodeJSON[T any](body []byte) (T, error) {
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		return v, &DecodeError{Type: reflect.TypeFor[T](), Offset: jsonOffset(err), Err: err}
	}
	return v, nil
}

// jsonOffset is where in the input err occurred, -1 if it does not say.
func jsonOffset(err error) int64 {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return syntax.Offset
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return typ.Offset
	}
	return -1
}
