package streams

import (
	"fmt"
	"math"

	"github.com/reactivex/rxgo/v2"
)

// Range returns an observable that emits the count ints start, start+1,
// …, then completes, as soon as it is subscribed. A negative count, or a
// range past the largest int, panics.
func Range(start, count int) rxgo.Observable {
	mustNotBeNegative("Range", "count", count)
	if count > 0 && start > math.MaxInt-(count-1) {
		panic(fmt.Sprintf("streams.Range: %d values from %d overflow int", count, start))
	}
	return newObservable(func(s *subscriber) {
		for i := range count {
			if s.isClosed() {
				return
			}
			s.next(start + i)
		}
		s.done()
	})
}
