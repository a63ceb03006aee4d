package streams

import "github.com/reactivex/rxgo/v2"

// A PickOption says which value [First] picks, and what it does when
// there is none.
type PickOption func(op string, c *pick)

type pick struct {
	matches    func(v any) (bool, error) // nil: any value
	fallback   any
	hasDefault bool
}

// Matching picks only a value for which pred holds. A value that is not a
// T fails the stream with a *TypeError; a panic in pred fails it with a
// *PanicError.
func Matching[T any](pred func(T) bool) PickOption {
	mustNotBeNil("Matching", "predicate", pred == nil)
	return func(op string, c *pick) {
		t := newTypeOf[T](op)
		c.matches = func(v any) (bool, error) {
			x, err := t.mustAs(v)
			if err != nil {
				return false, err
			}
			return apply(op, pred, x)
		}
	}
}

// OrDefault emits v, instead of failing with ErrEmpty, when the source
// completes without a value to pick.
func OrDefault(v any) PickOption {
	return func(_ string, c *pick) { c.fallback, c.hasDefault = v, true }
}

func newPick(op string, opts []PickOption) pick {
	var c pick
	for _, o := range opts {
		mustNotBeNil(op, "option", o == nil)
		o(op, &c)
	}
	return c
}

// accepts reports whether v is a value to pick.
func (c pick) accepts(v any) (bool, error) {
	if c.matches == nil {
		return true, nil
	}
	return c.matches(v)
}

// First emits the first value (with Matching, the first that matches) and
// completes, ending its source at once. A source that completes without
// one fails with ErrEmpty, or emits the OrDefault value.
func First(opts ...PickOption) Operator {
	c := newPick("First", opts)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("First", "source", src == nil)
		return newObservable(func(s *subscriber) {
			subscribe(s, src, funcs{
				onNext: func(v any) {
					ok, err := c.accepts(v)
					switch {
					case err != nil:
						s.fail(err)
					case ok:
						s.next(v)
						s.done()
					}
				},
				onFail: s.fail,
				onDone: func() {
					if !c.hasDefault {
						s.fail(ErrEmpty)
						return
					}
					s.next(c.fallback)
					s.done()
				},
			})
		})
	}
}
