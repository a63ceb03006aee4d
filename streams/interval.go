package streams

import (
	"time"

	"github.com/reactivex/rxgo/v2"
)

// Interval returns an observable that emits 0, 1, 2, … every period from
// its subscription on and never completes: TimerEvery(period, period).
// Each subscription has its own clock, stopped when it ends (rxgo's
// Interval starts at construction). A period that is not positive panics.
func Interval(period time.Duration) rxgo.Observable {
	mustBePositive("Interval", "period", period)
	return TimerEvery(period, period)
}
