package streams

import (
	"slices"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/serial"
)

// WithLatestFrom emits, for every source value v, []any{v, l1, l2, ...}
// where li is the latest value of others[i], as RxJS's withLatestFrom;
// source values that come before every other has a value are dropped.
// The others are subscribed first, in order, then the source. The
// stream completes with its source (an other completing changes nothing)
// and fails when any of them fails. With no others it emits []any{v}.
func WithLatestFrom(others ...rxgo.Observable) Operator {
	mustNotHoldNil("WithLatestFrom", "other", others)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("WithLatestFrom", "source", src == nil)
		return newObservable(func(s *subscriber) {
			w := &latestFrom{s: s, values: make([]any, len(others)), has: make([]bool, len(others)), missing: len(others)}
			// The source comes last, tagged len(others).
			subscribeInOrder(s, slices.Concat(others, []rxgo.Observable{src}), serial.New(w.handle))
		})
	}
}

// latestFrom is one subscription of a WithLatestFrom; only handle touches it.
type latestFrom struct {
	s       *subscriber
	values  []any // the latest value of each other
	has     []bool
	missing int // how many others have no value yet
}

func (w *latestFrom) handle(e event) {
	switch {
	case e.kind == failEvent:
		w.s.fail(e.err)
	case e.from < len(w.values): // an other
		if e.kind == nextEvent {
			w.values[e.from] = e.v
			if !w.has[e.from] {
				w.has[e.from] = true
				w.missing--
			}
		}
	case e.kind == doneEvent:
		w.s.done()
	case w.missing == 0:
		w.s.next(append([]any{e.v}, w.values...))
	}
}
