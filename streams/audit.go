package streams

import "time"

// AuditTime emits, d after a value opens a window, the last value that
// came in that window; the next value opens the next window. When the
// source completes during a window, its last value is emitted as the
// window closes, then the stream completes. An error is passed on at once
// and drops the value held. Its timer stops when the subscription ends. A
// negative d panics.
func AuditTime(d time.Duration) Operator {
	mustNotBeNegative("AuditTime", "duration", d)
	return timedOperator("AuditTime", func(s *subscriber, window *opTimer) func(event) {
		au := &auditing{d: d, s: s, window: window}
		return au.handle
	})
}

// auditing is one subscription of an AuditTime; only handle touches it.
type auditing struct {
	d      time.Duration
	s      *subscriber
	window *opTimer // runs while a window is open
	value  any      // the last value of the window
	ended  bool     // the source completed
}

func (au *auditing) handle(e event) {
	switch {
	case e.from == fromTimer:
		if !au.window.fired(e) {
			return
		}
		v := au.value
		au.value = nil
		au.s.next(v)
		if au.ended {
			au.s.done()
		}
	case e.kind == nextEvent:
		au.value = e.v
		if !au.window.running() {
			au.window.start(au.d)
		}
	case e.kind == failEvent:
		au.s.fail(e.err)
	default:
		au.ended = true
		if !au.window.running() {
			au.s.done()
		}
	}
}
