package streams

import (
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
)

// Finalize mirrors its source and calls f once the subscription is over,
// whether it completed, failed or was unsubscribed, as RxJS's finalize:
// after the subscriber has had the terminal event and after the source
// has been torn down, so Finalize earlier in a Pipe runs first. A panic in
// f is dropped, as the stream has ended.
func Finalize(f func()) Operator {
	mustNotBeNil("Finalize", "function", f == nil)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Finalize", "source", src == nil)
		return newObservable(func(s *subscriber) {
			subscribe(s, src, funcs{onNext: s.next, onFail: s.fail, onDone: s.done})
			// Added after the source is subscribed, as RxJS adds it: a
			// source that ends at once has torn itself down by then.
			s.onEnd(func() { _ = panics.Catch("Finalize", f) })
		})
	}
}
