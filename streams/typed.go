package streams

import (
	"reflect"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
)

// typeOf describes T for typed operators: how to read a value as a T.
type typeOf[T any] struct {
	op      string
	want    reflect.Type
	nilable bool // whether a nil value is a valid T (interfaces, pointers…)
}

func newTypeOf[T any](op string) typeOf[T] {
	want := reflect.TypeFor[T]()
	switch want.Kind() {
	case reflect.Interface, reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return typeOf[T]{op: op, want: want, nilable: true}
	}
	return typeOf[T]{op: op, want: want}
}

// as reads v as a T; false means v is not one.
func (t typeOf[T]) as(v any) (T, bool) {
	if x, ok := v.(T); ok {
		return x, true
	}
	var zero T
	return zero, v == nil && t.nilable
}

// mustAs reads v as a T, or returns a *TypeError.
func (t typeOf[T]) mustAs(v any) (T, error) {
	x, ok := t.as(v)
	if !ok {
		return x, &TypeError{Op: t.op, Got: reflect.TypeOf(v), Want: t.want}
	}
	return x, nil
}

// OfType passes on the values that are of type T and drops the others, as
// a redux-observable ofType filter does by action type. The values it
// emits are T, so a function downstream can assert them safely; that is
// why a nil value, which is of no type, is dropped. For an interface T it
// passes every value that implements T.
func OfType[T any]() Operator {
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("OfType", "source", src == nil)
		return mapValues(src, func(v any) (any, bool, error) {
			_, ok := v.(T)
			return v, ok, nil
		})
	}
}

// Map emits f(v) for every value v. A value that is not a T fails the
// stream with a *TypeError; a panic in f fails it with a *PanicError.
func Map[T, R any](f func(T) R) Operator {
	mustNotBeNil("Map", "function", f == nil)
	t := newTypeOf[T]("Map")
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Map", "source", src == nil)
		return mapValues(src, func(v any) (any, bool, error) {
			x, err := t.mustAs(v)
			if err != nil {
				return nil, false, err
			}
			r, err := apply("Map", f, x)
			return r, true, err
		})
	}
}

// Filter passes on the values v for which keep(v) is true. A value that is
// not a T fails the stream with a *TypeError (use OfType to filter by
// type); a panic in keep fails it with a *PanicError.
func Filter[T any](keep func(T) bool) Operator {
	mustNotBeNil("Filter", "predicate", keep == nil)
	t := newTypeOf[T]("Filter")
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Filter", "source", src == nil)
		return mapValues(src, func(v any) (any, bool, error) {
			x, err := t.mustAs(v)
			if err != nil {
				return nil, false, err
			}
			pass, err := apply("Filter", keep, x)
			return v, pass, err
		})
	}
}

// apply calls f(v), turning a panic into a *PanicError naming op.
func apply[T, R any](op string, f func(T) R, v T) (r R, err error) {
	err = panics.Catch(op, func() { r = f(v) })
	return r, err
}

// mapValues is every one-in, at-most-one-out operator: each value goes
// through f, which returns what to emit, whether to, or an error that ends
// the stream.
func mapValues(src rxgo.Observable, f func(v any) (any, bool, error)) rxgo.Observable {
	return newObservable(func(s *subscriber) {
		subscribe(s, src, &mapper{s: s, f: f})
	})
}

// mapper observes the source of a mapValues operator.
type mapper struct {
	s *subscriber
	f func(v any) (any, bool, error)
}

func (m *mapper) next(v any) {
	out, emit, err := m.f(v)
	switch {
	case err != nil:
		m.s.fail(err)
	case emit:
		m.s.next(out)
	}
}

func (m *mapper) fail(err error) { m.s.fail(err) }
func (m *mapper) done()          { m.s.done() }
