package streams

import (
	"sync"

	"github.com/reactivex/rxgo/v2"
)

// A RepeatOption configures [Repeat].
type RepeatOption func(*repeatConfig)

type repeatConfig struct {
	count int // -1: no limit
	delay func(count int) rxgo.Observable
}

// RepeatCount subscribes to the source n times in all, as RxJS's
// repeat(n): Repeat(RepeatCount(1)) mirrors its source, and
// Repeat(RepeatCount(0)) completes without subscribing. A negative n
// panics.
func RepeatCount(n int) RepeatOption {
	mustNotBeNegative("RepeatCount", "count", n)
	return func(c *repeatConfig) { c.count = n }
}

// RepeatDelay makes each resubscription wait for notifier(count), count
// being how many times the source has completed: it resubscribes when the
// notifier emits, fails with the notifier's error, and completes the
// stream if the notifier completes without a value. Timer(d) waits d. A
// panic in notifier, or a nil result, fails the stream.
func RepeatDelay(notifier func(count int) rxgo.Observable) RepeatOption {
	mustNotBeNil("RepeatDelay", "notifier", notifier == nil)
	return func(c *repeatConfig) { c.delay = notifier }
}

// Repeat resubscribes to its source each time it completes, as RxJS's
// repeat: with no option, at once and without limit. The completion of
// the last subscription completes the stream; an error fails it. Each
// repetition is a new subscription, made once the one before is torn
// down.
func Repeat(opts ...RepeatOption) Operator {
	cfg := repeatConfig{count: -1}
	configure("Repeat", &cfg, opts)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Repeat", "source", src == nil)
		return newObservable(func(s *subscriber) {
			if cfg.count == 0 {
				s.done()
				return
			}
			r := &repeating{cfg: cfg, s: s, src: src}
			r.loop.attempt = r.try
			r.loop.run()
		})
	}
}

// repeating is one subscription of a Repeat.
type repeating struct {
	cfg  repeatConfig
	s    *subscriber
	src  rxgo.Observable
	loop again

	mu        sync.Mutex
	completed int
}

func (r *repeating) try() {
	round := r.s.child(nil)
	round.o = funcs{
		onNext: r.s.next,
		onFail: r.s.fail,
		onDone: func() { r.done(round) },
	}
	start(round, r.src)
}

// done counts a completed round, and completes the stream or repeats.
func (r *repeating) done(round *subscriber) {
	r.mu.Lock()
	r.completed++
	n := r.completed
	r.mu.Unlock()
	if r.cfg.count >= 0 && n >= r.cfg.count {
		r.s.done() // which tears the round down after the subscriber's completion, as in RxJS
		return
	}
	round.end()
	if r.cfg.delay == nil {
		r.loop.run()
		return
	}
	afterNotifier(r.s, "Repeat", func() rxgo.Observable { return r.cfg.delay(n) }, r.loop.run)
}
