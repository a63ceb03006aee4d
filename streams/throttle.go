package streams

import "time"

// A ThrottleOption configures [ThrottleTime].
type ThrottleOption func(*throttleConfig)

type throttleConfig struct {
	leading, trailing bool
}

// ThrottleLeading(false) keeps the value that opens a window from being
// emitted at once. The default is true.
func ThrottleLeading(on bool) ThrottleOption {
	return func(c *throttleConfig) { c.leading = on }
}

// ThrottleTrailing(true) emits, as a window closes, the last value that
// came during it, and opens the next window with it. The default is false.
func ThrottleTrailing(on bool) ThrottleOption {
	return func(c *throttleConfig) { c.trailing = on }
}

// ThrottleTime emits a value, then drops those that follow for d: a value
// arriving when no window is open opens one of d, and is emitted at once
// (ThrottleLeading). With ThrottleTrailing(true) the last value of a
// window is emitted when it closes, and the stream completes only after
// that. An error is passed on at once. Its timer stops when the
// subscription ends. A negative d panics.
func ThrottleTime(d time.Duration, opts ...ThrottleOption) Operator {
	mustNotBeNegative("ThrottleTime", "duration", d)
	cfg := throttleConfig{leading: true}
	configure("ThrottleTime", &cfg, opts)
	return timedOperator("ThrottleTime", func(s *subscriber, window *opTimer) func(event) {
		th := &throttling{cfg: cfg, d: d, s: s, window: window}
		return th.handle
	})
}

// throttling is one subscription of a ThrottleTime; only handle touches
// it.
type throttling struct {
	cfg    throttleConfig
	d      time.Duration
	s      *subscriber
	window *opTimer // runs while a window is open
	value  any      // the last value seen, if has
	has    bool
	ended  bool // the source completed
}

func (th *throttling) handle(e event) {
	switch {
	case e.from == fromTimer:
		if !th.window.fired(e) || !th.cfg.trailing {
			return
		}
		th.send()
		if th.ended {
			th.s.done()
		}
	case e.kind == nextEvent:
		th.value, th.has = e.v, true
		switch {
		case th.window.running():
		case th.cfg.leading:
			th.send()
		default:
			th.window.start(th.d)
		}
	case e.kind == failEvent:
		th.s.fail(e.err)
	default:
		th.ended = true
		if !th.cfg.trailing || !th.has || !th.window.running() {
			th.s.done()
		}
	}
}

// send emits the value held, if any, and opens a window after it.
func (th *throttling) send() {
	if !th.has {
		return
	}
	v := th.value
	th.value, th.has = nil, false
	th.s.next(v)
	if !th.ended {
		th.window.start(th.d)
	}
}
