package streams

import (
	"fmt"
	"sync"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/serial"
)

// Timer returns an observable that emits 0 after d and completes; each
// subscription has its own timer, and no goroutine waits for it. A
// negative d panics.
func Timer(d time.Duration) rxgo.Observable {
	mustNotBeNegative("Timer", d)
	return newObservable(func(s *subscriber) {
		t := time.AfterFunc(d, func() {
			s.next(0)
			s.done()
		})
		s.onEnd(func() { t.Stop() })
	})
}

// TimerEvery returns an observable that emits 0 after due, then 1, 2, …
// every period after that, and never completes: RxJS's timer(due,
// period). A negative due or a period that is not positive panics.
func TimerEvery(due, period time.Duration) rxgo.Observable {
	mustNotBeNegative("TimerEvery", due)
	if period <= 0 {
		panic(fmt.Sprintf("streams.TimerEvery: period %v is not positive", period))
	}
	return newObservable(func(s *subscriber) {
		first := time.Now().Add(due)
		var (
			mu sync.Mutex
			t  *time.Timer
			n  int
		)
		tick := func() {
			s.next(n)
			n++
			mu.Lock()
			defer mu.Unlock()
			if !s.isClosed() {
				// From the schedule, not from now, so that ticks do not drift.
				t.Reset(time.Until(first.Add(time.Duration(n) * period)))
			}
		}
		mu.Lock()
		t = time.AfterFunc(due, tick)
		mu.Unlock()
		s.onEnd(func() {
			mu.Lock()
			t.Stop()
			mu.Unlock()
		})
	})
}

// Delay shifts every value later by d, keeping the gaps between them; the
// stream completes once the source has completed and the last value is
// out. An error is passed on at once, as in RxJS, dropping the values
// still held back. A negative d panics.
func Delay(d time.Duration) Operator {
	mustNotBeNegative("Delay", d)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("Delay", "source", src == nil)
		return newObservable(func(s *subscriber) {
			dl := &delaying{d: d, s: s}
			dl.q = serial.New(dl.handle)
			subscribe(s, src, input{q: dl.q, from: fromSource})
		})
	}
}

const (
	fromSource = iota
	fromTimer
	fromOther
)

// delaying is one subscription of a Delay; only handle touches it.
type delaying struct {
	d     time.Duration
	s     *subscriber
	q     *serial.Queue[event]
	held  []heldValue
	armed bool // a timer runs for held[0]
	ended bool // the source completed
}

type heldValue struct {
	v   any
	due time.Time
}

func (dl *delaying) handle(e event) {
	switch {
	case e.from == fromTimer:
		dl.armed = false
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
	case dl.armed:
	case len(dl.held) > 0:
		dl.armed = true
		subscribe(dl.s, Timer(max(time.Until(dl.held[0].due), 0)), funcs{
			onNext: func(any) { dl.q.Push(event{from: fromTimer}) },
			onFail: func(error) {},
			onDone: func() {},
		})
	case dl.ended:
		dl.s.done()
	}
}

func mustNotBeNegative(op string, d time.Duration) {
	if d < 0 {
		panic(fmt.Sprintf("streams.%s: negative duration %v", op, d))
	}
}
