package streams

import (
	"sync"
	"time"

	"github.com/reactivex/rxgo/v2"
)

// Timer returns an observable that emits 0 after d and completes; each
// subscription has its own timer, and no goroutine waits for it. A
// negative d panics.
func Timer(d time.Duration) rxgo.Observable {
	mustNotBeNegative("Timer", "duration", d)
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
	mustNotBeNegative("TimerEvery", "duration", due)
	mustBePositive("TimerEvery", "period", period)
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
