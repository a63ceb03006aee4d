package streams_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/observables/interval-spec.ts.
//
// Left out:
//   - "should emit when relative interval set to zero" and "should
//     consider negative interval as zero": a period that is not positive
//     panics here, as TimerEvery's does (see TestIntervalContract).
//   - "should create an observable emitting periodically with the
//     AsapScheduler", "… with the QueueScheduler", "… with the
//     AnimationFrameScheduler": Interval takes no scheduler.
func TestSpecInterval(t *testing.T) {
	t.Run("should set up an interval", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{"0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}
			unsubs := "---------------------------------------------------------------------------!"
			h.Expect(streams.Interval(h.Frames(10)), unsubs).ToBe("----------0---------1---------2---------3---------4---------5---------6-----", values)
		})
	})

	t.Run("should emit values until unsubscribed", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var (
				values []int
				sub    *streams.Subscription
			)
			ready := make(chan struct{}) // sub is set before Next reads it
			sub = streams.Subscribe(t.Context(), streams.Interval(5*time.Millisecond), streams.Observer{
				Next: func(v any) {
					<-ready
					values = append(values, v.(int))
					if v == 6 {
						sub.Unsubscribe()
					}
				},
				Error:    func(err error) { t.Errorf("should not be called: %v", err) },
				Complete: func() { t.Error("should not be called") },
			})
			close(ready)
			sub.Wait()
			require.Equal(t, []int{0, 1, 2, 3, 4, 5, 6}, values)
		})
	})
}

// Bad arguments, and what RxJS's diagrams cannot show.
func TestIntervalContract(t *testing.T) {
	t.Run("a period that is not positive panics naming Interval", func(t *testing.T) {
		require.PanicsWithValue(t, "streams.Interval: period 0s is not positive", func() { streams.Interval(0) })
		require.PanicsWithValue(t, "streams.Interval: period -1ms is not positive", func() { streams.Interval(-time.Millisecond) })
	})
	t.Run("each subscription has its own clock, started when it subscribes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			interval := streams.Pipe(streams.Interval(h.Frames(3)), streams.Take(2))
			values := map[string]any{"0": 0, "1": 1}
			h.Expect(interval).ToBe("---0--(1|)", values)
			h.Expect(interval, "--^").ToBe("-----0--(1|)", values)
		})
	})
}
