package streams

import "time"

// DebounceTime emits a value only once d has passed without another: each
// value replaces the one waiting and restarts the wait. When the source
// completes, the value waiting is emitted at once, then the stream
// completes; an error is passed on at once and drops it. Its timer stops
// when the subscription ends. A negative d panics.
func DebounceTime(d time.Duration) Operator {
	mustNotBeNegative("DebounceTime", "duration", d)
	return timedOperator("DebounceTime", func(s *subscriber, timer *opTimer) func(event) {
		db := &debouncing{d: d, s: s, timer: timer}
		return db.handle
	})
}

// debouncing is one subscription of a DebounceTime; only handle touches
// it.
type debouncing struct {
	d     time.Duration
	s     *subscriber
	timer *opTimer
	value any       // the value waiting, if timer runs
	due   time.Time // when it is to be emitted
}

func (db *debouncing) handle(e event) {
	switch {
	case e.from == fromTimer:
		if !db.timer.fired(e) {
			return
		}
		// A value came while the timer ran: wait on for it rather than
		// restart a timer for every value.
		if wait := time.Until(db.due); wait > 0 {
			db.timer.start(wait)
			return
		}
		db.emit()
	case e.kind == nextEvent:
		db.value, db.due = e.v, time.Now().Add(db.d)
		if !db.timer.running() {
			db.timer.start(db.d)
		}
	case e.kind == failEvent:
		db.s.fail(e.err)
	default:
		if db.timer.running() {
			db.emit()
		}
		db.s.done()
	}
}

func (db *debouncing) emit() {
	db.timer.stop()
	v := db.value
	db.value = nil
	db.s.next(v)
}
