package streams

import (
	"slices"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/serial"
)

// CombineLatest returns an observable that subscribes to the sources in
// order and, once each has emitted, emits a new []any of their latest
// values whenever one of them emits. It completes when every source has
// completed (one that completes without a value leaves it silent until
// then), and fails when one fails. CombineLatest() completes at once.
func CombineLatest(srcs ...rxgo.Observable) rxgo.Observable {
	mustNotHoldNil("CombineLatest", "source", srcs)
	return newObservable(func(s *subscriber) {
		if len(srcs) == 0 {
			s.done()
			return
		}
		c := &combining{
			s:       s,
			latest:  make([]any, len(srcs)),
			has:     make([]bool, len(srcs)),
			missing: len(srcs),
			active:  len(srcs),
		}
		subscribeInOrder(s, srcs, serial.New(c.handle))
	})
}

// combining is one subscription of a CombineLatest; only handle touches
// it.
type combining struct {
	s       *subscriber
	latest  []any
	has     []bool
	missing int // sources that have not emitted yet
	active  int // sources that have not completed
}

func (c *combining) handle(e event) {
	switch e.kind {
	case nextEvent:
		if !c.has[e.from] {
			c.has[e.from] = true
			c.missing--
		}
		c.latest[e.from] = e.v
		if c.missing == 0 {
			c.s.next(slices.Clone(c.latest))
		}
	case failEvent:
		c.s.fail(e.err)
	default:
		if c.active--; c.active == 0 {
			c.s.done()
		}
	}
}
