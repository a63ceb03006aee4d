package streams

import "github.com/reactivex/rxgo/v2"

// TakeLast emits the last n values of its source, in order, when the
// source completes, then completes. An error is passed on and the values
// held are dropped. TakeLast(0) completes without subscribing. A negative
// n panics.
func TakeLast(n int) Operator {
	mustNotBeNegative("TakeLast", "count", n)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("TakeLast", "source", src == nil)
		return newObservable(func(s *subscriber) {
			if n == 0 {
				s.done()
				return
			}
			var held []any
			subscribe(s, src, funcs{
				onNext: func(v any) {
					if len(held) == n {
						held[0] = nil
						held = held[1:]
					}
					held = append(held, v)
				},
				onFail: s.fail,
				onDone: func() {
					for _, v := range held {
						if s.isClosed() {
							return
						}
						s.next(v)
					}
					s.done()
				},
			})
		})
	}
}

// Last emits the last value (with Matching, the last that matches) when
// its source completes, then completes. A source that completes without
// one fails with ErrEmpty, or emits the OrDefault value. An error is
// passed on; a value Matching cannot read fails with a *TypeError.
func Last(opts ...PickOption) Operator {
	c := newPick("Last", opts)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Last", "source", src == nil)
		return newObservable(func(s *subscriber) {
			var last any
			found := false
			subscribe(s, src, funcs{
				onNext: func(v any) {
					ok, err := c.accepts(v)
					switch {
					case err != nil:
						s.fail(err)
					case ok:
						last, found = v, true
					}
				},
				onFail: s.fail,
				onDone: func() {
					switch {
					case found:
						s.next(last)
					case c.hasDefault:
						s.next(c.fallback)
					default:
						s.fail(ErrEmpty)
						return
					}
					s.done()
				},
			})
		})
	}
}
