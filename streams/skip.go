package streams

import (
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/serial"
)

// Skip drops the first n values and mirrors the rest, errors and
// completion included. Skip(0) mirrors its source. A negative n panics.
func Skip(n int) Operator {
	mustNotBeNegative("Skip", "count", n)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Skip", "source", src == nil)
		return newObservable(func(s *subscriber) {
			seen := 0
			subscribe(s, src, funcs{
				onNext: func(v any) {
					if seen < n {
						seen++
						return
					}
					s.next(v)
				},
				onFail: s.fail,
				onDone: s.done,
			})
		})
	}
}

// SkipWhile drops values while skip holds for them, then mirrors every
// value from the first for which it does not, without calling skip again.
// A value that skip is called for and is not a T fails the stream with a
// *TypeError; a panic in skip fails it with a *PanicError.
func SkipWhile[T any](skip func(T) bool) Operator {
	mustNotBeNil("SkipWhile", "predicate", skip == nil)
	t := newTypeOf[T]("SkipWhile")
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("SkipWhile", "source", src == nil)
		return newObservable(func(s *subscriber) {
			taking := false
			subscribe(s, src, funcs{
				onNext: func(v any) {
					if !taking {
						skipped, err := holds(t, skip, v)
						if err != nil {
							s.fail(err)
							return
						}
						if skipped {
							return
						}
						taking = true
					}
					s.next(v)
				},
				onFail: s.fail,
				onDone: s.done,
			})
		})
	}
}

// holds reads v as a T and reports whether pred holds for it: a
// *TypeError if v is not a T, a *PanicError naming t's operator if pred
// panics.
func holds[T any](t typeOf[T], pred func(T) bool, v any) (bool, error) {
	x, err := t.mustAs(v)
	if err != nil {
		return false, err
	}
	return apply(t.op, pred, x)
}

// SkipUntil drops the source's values until notifier emits a value, then
// mirrors them. The notifier is subscribed first and ended at its first
// value; if it completes without one, every value is dropped until the
// source ends. A notifier error fails the stream.
func SkipUntil(notifier rxgo.Observable) Operator {
	mustNotBeNil("SkipUntil", "notifier", notifier == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("SkipUntil", "source", src == nil)
		return newObservable(func(s *subscriber) {
			var (
				taking bool
				notify *subscriber
			)
			q := serial.New(func(e event) {
				switch {
				case e.from == fromSource && e.kind == nextEvent:
					if taking {
						s.next(e.v)
					}
				case e.from == fromSource, e.kind == failEvent:
					e.to(s)
				case e.kind == nextEvent:
					taking = true
					notify.end()
				}
			})
			// Made before it is started, so that a notifier emitting while
			// it is subscribed can already be ended.
			notify = s.child(input{q: q, from: fromNotifier})
			start(notify, notifier)
			if !s.isClosed() {
				subscribe(s, src, input{q: q, from: fromSource})
			}
		})
	}
}
