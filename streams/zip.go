package streams

import (
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/serial"
)

// Zip returns an observable that subscribes to the sources in order and
// emits, as a new []any, their n-th values together once each has emitted
// an n-th value. It completes as soon as a source has completed and none
// of its values is left waiting, and fails when one fails. Values wait in
// unbounded buffers for their partners. Zip() completes at once.
func Zip(srcs ...rxgo.Observable) rxgo.Observable {
	mustNotHoldNil("Zip", "source", srcs)
	return newObservable(func(s *subscriber) {
		if len(srcs) == 0 {
			s.done()
			return
		}
		z := &zipping{s: s, buffers: make([][]any, len(srcs)), completed: make([]bool, len(srcs))}
		subscribeInOrder(s, srcs, serial.New(z.handle))
	})
}

// zipping is one subscription of a Zip; only handle touches it.
type zipping struct {
	s         *subscriber
	buffers   [][]any // per source, the values not zipped yet
	completed []bool
}

func (z *zipping) handle(e event) {
	if z.s.isClosed() {
		return
	}
	switch e.kind {
	case nextEvent:
		z.buffers[e.from] = append(z.buffers[e.from], e.v)
		for _, b := range z.buffers {
			if len(b) == 0 {
				return
			}
		}
		row := make([]any, len(z.buffers))
		for i, b := range z.buffers {
			row[i] = b[0]
			b[0] = nil
			z.buffers[i] = b[1:]
		}
		z.s.next(row)
		for i, b := range z.buffers {
			if len(b) == 0 && z.completed[i] {
				z.s.done()
				return
			}
		}
	case failEvent:
		z.s.fail(e.err)
	default:
		z.completed[e.from] = true
		if len(z.buffers[e.from]) == 0 {
			z.s.done()
		}
	}
}
