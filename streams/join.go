package streams

import (
	"fmt"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/serial"
)

// What the observables built from several sources share.

// mustHaveSources panics, naming op and the index, if a source is nil.
func mustHaveSources(op string, srcs []rxgo.Observable) {
	for i, src := range srcs {
		if src == nil {
			panic(fmt.Sprintf("streams.%s: nil source at index %d", op, i))
		}
	}
}

// subscribeInOrder subscribes to each source in order, as children of s,
// pushing its events to q tagged with its index. It stops when s has
// ended, so that a source that ends the stream at once leaves the rest
// unsubscribed.
func subscribeInOrder(s *subscriber, srcs []rxgo.Observable, q *serial.Queue[event]) {
	for i, src := range srcs {
		if s.isClosed() {
			return
		}
		subscribe(s, src, input{q: q, from: i})
	}
}
