package streams

import (
	"fmt"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/serial"
)

// What the observables built from several sources share.

// mustNotHoldNil panics, naming op, what srcs are and the index, if one
// of srcs is nil.
func mustNotHoldNil(op, what string, srcs []rxgo.Observable) {
	for i, src := range srcs {
		if src == nil {
			panic(fmt.Sprintf("streams.%s: nil %s at index %d", op, what, i))
		}
	}
}

// subscribeInOrder subscribes to each source in order, as children of s,
// pushing its events to q tagged with its index: how Merge, CombineLatest,
// Zip and WithLatestFrom feed their one queue. It stops when s has ended,
// so that a source that ends the stream at once leaves the rest
// unsubscribed.
func subscribeInOrder(s *subscriber, srcs []rxgo.Observable, q *serial.Queue[event]) {
	for i, src := range srcs {
		if s.isClosed() {
			return
		}
		subscribe(s, src, input{q: q, from: i})
	}
}
