package streams

import (
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
)

// DistinctUntilChanged drops each value equal (==) to the last value it
// emitted, so a run of equal values comes out once; the first value
// always passes. A value that is not a T fails the stream with a
// *TypeError; comparing values of a type == cannot compare (T an
// interface holding a slice, say) fails it with a *PanicError.
func DistinctUntilChanged[T comparable]() Operator {
	return distinctUntil("DistinctUntilChanged", func(v T) T { return v }, equal[T])
}

// DistinctUntilChangedBy is DistinctUntilChanged comparing key(v) instead
// of v: a value passes when its key differs from the key of the last
// value emitted. key is called once for every value; a panic in it fails
// the stream with a *PanicError.
func DistinctUntilChangedBy[T any, K comparable](key func(T) K) Operator {
	mustNotBeNil("DistinctUntilChangedBy", "key", key == nil)
	return distinctUntil("DistinctUntilChangedBy", key, equal[K])
}

// DistinctUntilChangedFunc is DistinctUntilChanged with same(prev, v)
// deciding, where prev is the last value emitted: v is dropped when it
// returns true. A panic in same fails the stream with a *PanicError.
func DistinctUntilChangedFunc[T any](same func(prev, v T) bool) Operator {
	mustNotBeNil("DistinctUntilChangedFunc", "comparator", same == nil)
	return distinctUntil("DistinctUntilChangedFunc", func(v T) T { return v }, same)
}

func equal[T comparable](a, b T) bool { return a == b }

// distinctUntil passes a value when same says its key differs from that
// of the last value passed; the first always passes.
func distinctUntil[T, K any](op string, key func(T) K, same func(prev, k K) bool) Operator {
	t := newTypeOf[T](op)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil(op, "source", src == nil)
		return newObservable(func(s *subscriber) {
			var prev K
			first := true
			subscribe(s, src, funcs{
				onNext: func(v any) {
					x, err := t.mustAs(v)
					var k K
					repeated := false
					if err == nil {
						err = panics.Catch(op, func() {
							k = key(x)
							repeated = !first && same(prev, k)
						})
					}
					if err != nil {
						s.fail(err)
						return
					}
					if repeated {
						return
					}
					// Kept before emitting, for a value pushed back in
					// from downstream to be compared with this one.
					prev, first = k, false
					s.next(v)
				},
				onFail: s.fail,
				onDone: s.done,
			})
		})
	}
}
