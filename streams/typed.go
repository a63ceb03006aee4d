package streams

import (
	"context"
	"reflect"

	"github.com/reactivex/rxgo/v2"
)

// typeOf describes T for typed operators: how to read an item as a T.
type typeOf[T any] struct {
	op      string
	want    reflect.Type
	nilable bool // whether a nil item is a valid T (interfaces, pointers…)
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

// OfType passes on the items that are of type T and drops the others, as
// a redux-observable ofType filter does by action type. The values it
// emits are T, so a function downstream can assert them safely. For an
// interface T it passes every item that implements T.
func OfType[T any]() Operator {
	t := newTypeOf[T]("OfType")
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("OfType", "source", src == nil)
		return mapItems(src, func(item rxgo.Item) (rxgo.Item, bool) {
			_, ok := t.as(item.V)
			return item, ok
		})
	}
}

// Map emits f(v) for every item v. An item that is not a T fails the
// stream with a *TypeError; a panic in f fails it with a *PanicError.
func Map[T, R any](f func(T) R) Operator {
	mustNotBeNil("Map", "function", f == nil)
	t := newTypeOf[T]("Map")
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Map", "source", src == nil)
		return mapItems(src, func(item rxgo.Item) (rxgo.Item, bool) {
			v, err := t.mustAs(item.V)
			if err != nil {
				return rxgo.Error(err), true
			}
			r, err := apply("Map", f, v)
			if err != nil {
				return rxgo.Error(err), true
			}
			return rxgo.Of(r), true
		})
	}
}

// Filter passes on the items v for which keep(v) is true. An item that is
// not a T fails the stream with a *TypeError (use OfType to filter by
// type); a panic in keep fails it with a *PanicError.
func Filter[T any](keep func(T) bool) Operator {
	mustNotBeNil("Filter", "predicate", keep == nil)
	t := newTypeOf[T]("Filter")
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Filter", "source", src == nil)
		return mapItems(src, func(item rxgo.Item) (rxgo.Item, bool) {
			v, err := t.mustAs(item.V)
			if err != nil {
				return rxgo.Error(err), true
			}
			pass, err := apply("Filter", keep, v)
			if err != nil {
				return rxgo.Error(err), true
			}
			return item, pass
		})
	}
}

// apply calls f(v), turning a panic into a *PanicError.
func apply[T, R any](op string, f func(T) R, v T) (r R, err error) {
	defer catch(op, &err)
	return f(v), nil
}

// mapItems is the loop of every one-in, at-most-one-out operator: each
// value item goes through f, which returns what to emit and whether to;
// error items pass through and end the stream, as does an error f returns.
func mapItems(src rxgo.Observable, f func(rxgo.Item) (rxgo.Item, bool)) rxgo.Observable {
	return newObservable(func(ctx context.Context) runFunc {
		in := observe(ctx, src)
		return func(ctx context.Context, next chan<- rxgo.Item) {
			for {
				select {
				case item, ok := <-in:
					if !ok {
						return
					}
					if !item.Error() {
						var emit bool
						if item, emit = f(item); !emit {
							continue
						}
					}
					if !send(ctx, next, item) || item.Error() {
						return
					}
				case <-ctx.Done():
					return
				}
			}
		}
	})
}
