package streams

import (
	"fmt"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
	"github.com/rxepic/rxepic/internal/serial"
)

// TimeoutError is what [Timeout] fails a stream with: how long it waited
// and how many values it had seen. It matches ErrTimeout with errors.Is.
type TimeoutError struct {
	Waited time.Duration // the deadline that passed
	Seen   int           // the values emitted before it passed
}

func (e *TimeoutError) Error() string {
	if e.Seen == 0 {
		return fmt.Sprintf("streams: timeout: no value within %v", e.Waited)
	}
	return fmt.Sprintf("streams: timeout: no value within %v after %d values", e.Waited, e.Seen)
}

// Is reports whether target is ErrTimeout.
func (e *TimeoutError) Is(target error) bool { return target == ErrTimeout }

// A TimeoutOption configures [Timeout].
type TimeoutOption func(*timeoutConfig)

type timeoutConfig struct {
	first    time.Duration
	each     time.Duration
	fallback func(*TimeoutError) rxgo.Observable
}

// TimeoutFirst gives the first value d from subscribing to arrive,
// instead of Timeout's own deadline. A negative d panics.
func TimeoutFirst(d time.Duration) TimeoutOption {
	mustNotBeNegative("TimeoutFirst", "duration", d)
	return func(c *timeoutConfig) { c.first = d }
}

// TimeoutWith continues with fallback(err) instead of failing when the
// deadline passes. A panic in fallback, or a nil result, fails the
// stream.
func TimeoutWith(fallback func(err *TimeoutError) rxgo.Observable) TimeoutOption {
	mustNotBeNil("TimeoutWith", "fallback", fallback == nil)
	return func(c *timeoutConfig) { c.fallback = fallback }
}

// Timeout fails the stream with a *TimeoutError, ending its source, when
// the source lets d pass without a value: the first within d of
// subscribing, each next within d of the one before, except that d = 0
// sets no deadline between values (as RxJS's each: 0). What the source
// emits while it is being subscribed, its end included, always gets
// through. A negative d panics.
func Timeout(d time.Duration, opts ...TimeoutOption) Operator {
	mustNotBeNegative("Timeout", "duration", d)
	cfg := timeoutConfig{first: d, each: d}
	configure("Timeout", &cfg, opts)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Timeout", "source", src == nil)
		return newObservable(func(s *subscriber) {
			t := &timingOut{cfg: cfg, s: s}
			t.q = serial.New(t.handle)
			t.timer = opTimer{s: s, q: t.q}
			// The source subscription exists before its first event, so
			// that a deadline can always end it.
			t.source = s.child(input{q: t.q, from: fromSource})
			start(t.source, src)
			t.q.Push(event{from: fromSubscribed}) // the deadlines start now
		})
	}
}

// timingOut is one subscription of a Timeout; only handle touches it.
type timingOut struct {
	cfg    timeoutConfig
	s      *subscriber
	q      *serial.Queue[event]
	source *subscriber
	seen   int
	timer  opTimer // the current deadline's
	armed  bool    // the source has been subscribed: deadlines run
	over   bool
}

func (t *timingOut) handle(e event) {
	switch {
	case t.over:
	case e.from == fromSubscribed:
		// No deadline runs while the source is being subscribed, so a
		// source that emits and ends at once is never cut off by a timer
		// that fires on another goroutine meanwhile.
		t.armed = true
		if t.seen == 0 {
			t.timer.start(t.cfg.first)
		} else {
			t.armEach()
		}
	case e.from == fromTimer:
		if t.timer.fired(e) {
			t.expire()
		}
	case e.kind == nextEvent:
		t.seen++
		if t.armed {
			t.armEach()
		}
		t.s.next(e.v)
	case e.kind == failEvent:
		t.over = true
		t.s.fail(e.err)
	default:
		t.over = true
		t.s.done()
	}
}

// armEach starts the deadline for the next value, if values have one.
func (t *timingOut) armEach() {
	if t.cfg.each > 0 {
		t.timer.start(t.cfg.each)
		return
	}
	t.timer.stop()
}

func (t *timingOut) expire() {
	t.over = true
	waited := t.cfg.each
	if t.seen == 0 {
		waited = t.cfg.first
	}
	err := &TimeoutError{Waited: waited, Seen: t.seen}
	t.source.end()
	if t.cfg.fallback == nil {
		t.s.fail(err)
		return
	}
	var then rxgo.Observable
	perr := panics.Catch("Timeout", func() { then = t.cfg.fallback(err) })
	if perr == nil && then == nil {
		perr = errNilObservable("Timeout", "fallback")
	}
	if perr != nil {
		t.s.fail(perr)
		return
	}
	start(t.s, then)
}
