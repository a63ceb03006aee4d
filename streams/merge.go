package streams

import "github.com/reactivex/rxgo/v2"

// Merge returns an observable that subscribes to every source in order
// when it is itself subscribed (rxgo's Merge starts at construction), and
// emits their values as they come. It completes when all have completed and
// fails, ending the rest, when one fails.
func Merge(srcs ...rxgo.Observable) rxgo.Observable {
	mustNotHoldNil("Merge", "source", srcs)
	return newObservable(func(s *subscriber) {
		active := len(srcs)
		if active == 0 {
			s.done()
			return
		}
		q := serialTo(funcs{
			onNext: s.next,
			onFail: s.fail,
			onDone: func() {
				if active--; active == 0 {
					s.done()
				}
			},
		})
		subscribeInOrder(s, srcs, q)
	})
}
