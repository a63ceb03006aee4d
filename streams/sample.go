package streams

import (
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/serial"
)

// SampleTime emits, every period from subscription, the last value that
// came since the tick before, if one did. It completes or fails when its
// source does, without emitting a value still unsampled. Its ticker stops
// when the subscription ends. A period that is not positive panics.
func SampleTime(period time.Duration) Operator {
	mustBePositive("SampleTime", "period", period)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("SampleTime", "source", src == nil)
		return newObservable(func(s *subscriber) {
			var (
				value any
				has   bool
			)
			q := serial.New(func(e event) {
				switch {
				case e.from == fromTimer:
					if has {
						v := value
						value, has = nil, false
						s.next(v)
					}
				case e.kind == nextEvent:
					value, has = e.v, true
				default:
					e.to(s)
				}
			})
			// The source first, as in RxJS: one that ends while it is
			// subscribed starts no ticker.
			subscribe(s, src, input{q: q, from: fromSource})
			if !s.isClosed() {
				subscribe(s, TimerEvery(period, period), input{q: q, from: fromTimer})
			}
		})
	}
}
