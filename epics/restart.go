package epics

import (
	"fmt"
	"time"
)

// RestartPolicy decides what happens to an epic that has failed: whether
// to start it again, and after how long. err is the *EpicError the
// failure was reported with; attempt counts the epic's failures in a row,
// from 1, and starts again from 1 after a run that lasted at least a
// minute. A policy may be called from several goroutines at once.
//
// An epic is never restarted once its context is cancelled or its store is
// closed, whatever the policy says.
type RestartPolicy func(err error, attempt int) (delay time.Duration, restart bool)

// stableRun is how long an epic must have run for its next failure to
// count as the first in a row again.
const stableRun = time.Minute

// ExponentialBackoff restarts a failed epic after first, then twice as
// long after each further failure in a row, never longer than limit. It
// panics unless 0 < first <= limit.
func ExponentialBackoff(first, limit time.Duration) RestartPolicy {
	if first <= 0 || limit < first {
		panic(fmt.Sprintf("epics.ExponentialBackoff: want 0 < first <= limit, got first %v, limit %v", first, limit))
	}
	return func(_ error, attempt int) (time.Duration, bool) {
		d := first
		for i := 1; i < attempt; i++ {
			if d > limit/2 {
				return limit, true
			}
			d *= 2
		}
		return d, true
	}
}

// NeverRestart leaves a failed epic stopped; the store and its other epics
// go on.
func NeverRestart() RestartPolicy {
	return func(error, int) (time.Duration, bool) { return 0, false }
}
