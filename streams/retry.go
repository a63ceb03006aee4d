package streams

import (
	"sync"

	"github.com/reactivex/rxgo/v2"
)

// A RetryOption configures [Retry].
type RetryOption func(*retryConfig)

type retryConfig struct {
	count          int // -1: no limit
	delay          func(err error, retry int) rxgo.Observable
	resetOnSuccess bool
}

// RetryCount allows at most n retries; after that the error is passed
// on. Retry(RetryCount(0)) mirrors its source. A negative n panics.
func RetryCount(n int) RetryOption {
	mustNotBeNegative("RetryCount", "count", n)
	return func(c *retryConfig) { c.count = n }
}

// RetryDelay makes each retry wait for notifier(err, retry), retry
// counting from 1: it resubscribes when the notifier emits, fails with the
// notifier's error, and completes the stream if the notifier completes
// without a value. Timer(d) waits d; Throw(err) stops retrying with err.
// A panic in notifier, or a nil result, fails the stream.
func RetryDelay(notifier func(err error, retry int) rxgo.Observable) RetryOption {
	mustNotBeNil("RetryDelay", "notifier", notifier == nil)
	return func(c *retryConfig) { c.delay = notifier }
}

// RetryResetOnSuccess starts the count afresh whenever the source emits a
// value, so that RetryCount limits failures in a row.
func RetryResetOnSuccess() RetryOption {
	return func(c *retryConfig) { c.resetOnSuccess = true }
}

// Retry resubscribes to its source when it fails, as RxJS's retry: with no
// option, at once and without limit. Each retry is a new subscription,
// made when the retry is due (rxgo's Retry subscribes at construction).
func Retry(opts ...RetryOption) Operator {
	cfg := retryConfig{count: -1}
	configure("Retry", &cfg, opts)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Retry", "source", src == nil)
		return newObservable(func(s *subscriber) {
			r := &retrying{cfg: cfg, s: s, src: src}
			r.loop.attempt = r.try
			r.loop.run()
		})
	}
}

// retrying is one subscription of a Retry.
type retrying struct {
	cfg  retryConfig
	s    *subscriber
	src  rxgo.Observable
	loop again

	mu      sync.Mutex
	retries int // in a row, with RetryResetOnSuccess
}

func (r *retrying) try() {
	attempt := r.s.child(nil)
	attempt.o = funcs{
		onNext: func(v any) {
			if r.cfg.resetOnSuccess {
				r.mu.Lock()
				r.retries = 0
				r.mu.Unlock()
			}
			r.s.next(v)
		},
		onDone: r.s.done,
		onFail: func(err error) {
			attempt.end()
			r.failed(err)
		},
	}
	start(attempt, r.src)
}

func (r *retrying) failed(err error) {
	r.mu.Lock()
	if r.cfg.count >= 0 && r.retries >= r.cfg.count {
		r.mu.Unlock()
		r.s.fail(err)
		return
	}
	r.retries++
	n := r.retries
	r.mu.Unlock()
	if r.cfg.delay == nil {
		r.loop.run()
		return
	}
	afterNotifier(r.s, "Retry", func() rxgo.Observable { return r.cfg.delay(err, n) }, r.loop.run)
}
