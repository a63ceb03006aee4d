package streams

import (
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/serial"
)

// ForkJoin returns an observable that subscribes to the sources in order
// and, once all have completed, emits one []any of their last values and
// completes, after the sources have been torn down. A source completing
// without a value completes it at once with nothing emitted; a source
// failing fails it. ForkJoin() completes at once.
func ForkJoin(srcs ...rxgo.Observable) rxgo.Observable {
	mustNotHoldNil("ForkJoin", "source", srcs)
	return newObservable(func(s *subscriber) {
		if len(srcs) == 0 {
			s.done()
			return
		}
		f := &forking{s: s, last: make([]any, len(srcs)), has: make([]bool, len(srcs)), missing: len(srcs), running: len(srcs)}
		q := serial.New(f.handle)
		for i, src := range srcs {
			if s.isClosed() {
				return
			}
			// A source's end is pushed from its teardown, as RxJS does from
			// its finalizer, so that the joined value comes after every
			// source has let go. While s is open, a source can only end by
			// completing: its failure, pushed before, fails s.
			c := subscribe(s, src, funcs{
				onNext: func(v any) { q.Push(event{from: i, kind: nextEvent, v: v}) },
				onFail: func(err error) { q.Push(event{from: i, kind: failEvent, err: err}) },
				onDone: func() {},
			})
			c.onEnd(func() { q.Push(event{from: i, kind: doneEvent}) })
		}
	})
}

// forking is one subscription of a ForkJoin; only handle touches it.
type forking struct {
	s       *subscriber
	last    []any
	has     []bool
	missing int // sources without a value yet
	running int // sources not ended
}

func (f *forking) handle(e event) {
	switch e.kind {
	case nextEvent:
		if !f.has[e.from] {
			f.has[e.from] = true
			f.missing--
		}
		f.last[e.from] = e.v
	case failEvent:
		f.s.fail(e.err)
	default:
		f.running--
		if f.running == 0 || !f.has[e.from] {
			if f.missing == 0 {
				f.s.next(f.last)
			}
			f.s.done()
		}
	}
}
