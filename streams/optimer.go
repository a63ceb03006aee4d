package streams

import (
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/serial"
)

// timedOperator is an operator with one timer, the shape of DebounceTime,
// ThrottleTime, AuditTime and Delay: for each subscription, newHandler
// makes the function that gets the source's events and the timer's, one
// at a time.
func timedOperator(op string, newHandler func(s *subscriber, timer *opTimer) func(event)) Operator {
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil(op, "source", src == nil)
		return newObservable(func(s *subscriber) {
			timer := &opTimer{s: s}
			timer.q = serial.New(newHandler(s, timer))
			subscribe(s, src, input{q: timer.q, from: fromSource})
		})
	}
}

// opTimer is a timer of a time-based operator's subscription: it runs as
// a child of s, so it stops at teardown, and it fires by pushing an event
// from fromTimer into q, where the operator's handler meets it in turn
// with the source's events. Only that handler touches it.
type opTimer struct {
	s     *subscriber
	q     *serial.Queue[event]
	round int         // which start is current; a stale firing carries an older one
	sub   *subscriber // nil when no timer runs
}

// firing is the v of a timer's event: which timer, at which start, so
// that several timers can share a queue.
type firing struct {
	t     *opTimer
	round int
}

// start (re)starts the timer to fire after d.
func (t *opTimer) start(d time.Duration) {
	t.stop()
	t.round++
	f := firing{t: t, round: t.round}
	t.sub = subscribe(t.s, Timer(d), funcs{
		onNext: func(any) { t.q.Push(event{from: fromTimer, v: f}) },
		onFail: func(error) {},
		onDone: func() {},
	})
}

// stop stops the timer if it runs.
func (t *opTimer) stop() {
	if t.sub != nil {
		t.sub.end()
		t.sub = nil
	}
}

func (t *opTimer) running() bool { return t.sub != nil }

// fired reports whether e is this timer firing at its current start, and
// marks the timer stopped if so.
func (t *opTimer) fired(e event) bool {
	if t.sub == nil || e.v != (firing{t: t, round: t.round}) {
		return false
	}
	t.sub = nil
	return true
}
