package streams

import (
	"sync/atomic"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
)

// TapObserver is what [Tap] calls, as RxJS's TapObserver. Any field may
// be nil.
type TapObserver struct {
	Subscribe   func()          // before the source is subscribed
	Next        func(v any)     // before v is passed on
	Error       func(err error) // before the error is passed on
	Complete    func()          // before the completion is passed on
	Unsubscribe func()          // at teardown, unless the source completed or failed
	Finalize    func()          // at teardown, whatever ended the subscription
}

// Tap mirrors its source and calls o's functions along the way, for side
// effects, as RxJS's tap: Unsubscribe then Finalize run once the source is
// torn down. A panic in Subscribe, Next, Error or Complete fails the
// stream with a *PanicError instead of passing the event on; one in
// Unsubscribe or Finalize is dropped, as the stream has ended.
func Tap(o TapObserver) Operator {
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Tap", "source", src == nil)
		return newObservable(func(s *subscriber) {
			if err := tapCall(o.Subscribe); err != nil {
				s.fail(err)
				return
			}
			var ended atomic.Bool // the source completed or failed
			s.onEnd(func() {
				if !ended.Load() {
					_ = tapCall(o.Unsubscribe)
				}
				_ = tapCall(o.Finalize)
			})
			subscribe(s, src, funcs{
				onNext: func(v any) {
					if o.Next != nil {
						if err := panics.Catch("Tap", func() { o.Next(v) }); err != nil {
							s.fail(err)
							return
						}
					}
					s.next(v)
				},
				onFail: func(err error) {
					ended.Store(true)
					if o.Error != nil {
						if perr := panics.Catch("Tap", func() { o.Error(err) }); perr != nil {
							err = perr
						}
					}
					s.fail(err)
				},
				onDone: func() {
					ended.Store(true)
					if err := tapCall(o.Complete); err != nil {
						s.fail(err)
						return
					}
					s.done()
				},
			})
		})
	}
}

// tapCall calls f, if there is one, turning a panic into a *PanicError
// naming Tap.
func tapCall(f func()) error {
	if f == nil {
		return nil
	}
	return panics.Catch("Tap", f)
}
