package streams

import "time"

// Delay shifts every value later by d, keeping the gaps between them; the
// stream completes once the source has completed and the last value is
// out. An error is passed on at once, as in RxJS, dropping the values
// still held back. A negative d panics.
func Delay(d time.Duration) Operator {
	mustNotBeNegative("Delay", "duration", d)
	return timedOperator("Delay", func(s *subscriber, timer *opTimer) func(event) {
		dl := &delaying{d: d, s: s, timer: timer}
		return dl.handle
	})
}

// delaying is one subscription of a Delay; only handle touches it.
type delaying struct {
	d     time.Duration
	s     *subscriber
	timer *opTimer // runs for held[0]
	held  []heldValue
	ended bool // the source completed
}

type heldValue struct {
	v   any
	due time.Time
}

func (dl *delaying) handle(e event) {
	switch {
	case e.from == fromTimer:
		if !dl.timer.fired(e) {
			return
		}
		for len(dl.held) > 0 && !dl.held[0].due.After(time.Now()) {
			v := dl.held[0].v
			dl.held[0] = heldValue{}
			dl.held = dl.held[1:]
			dl.s.next(v)
		}
		dl.arm()
	case e.kind == nextEvent:
		dl.held = append(dl.held, heldValue{v: e.v, due: time.Now().Add(dl.d)})
		dl.arm()
	case e.kind == failEvent:
		dl.s.fail(e.err)
	default:
		dl.ended = true
		dl.arm()
	}
}

// arm starts the timer for the first held value, or completes when
// nothing is held after the source completed.
func (dl *delaying) arm() {
	switch {
	case dl.timer.running():
	case len(dl.held) > 0:
		dl.timer.start(max(time.Until(dl.held[0].due), 0))
	case dl.ended:
		dl.s.done()
	}
}
