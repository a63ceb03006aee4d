package streams_test

import (
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// The filtering and time-based operators' programmer errors panic at
// construction, naming the operator and the argument.
func TestFilterBadInputPanics(t *testing.T) {
	var nilObs rxgo.Observable
	src := streams.Of(1)
	tests := []struct {
		want string
		call func()
	}{
		{"streams.Skip: negative count -1", func() { streams.Skip(-1) }},
		{"streams.Skip: nil source", func() { streams.Skip(1)(nilObs) }},
		{"streams.SkipWhile: nil predicate", func() { streams.SkipWhile[int](nil) }},
		{"streams.SkipWhile: nil source", func() { streams.SkipWhile(func(int) bool { return true })(nilObs) }},
		{"streams.SkipUntil: nil notifier", func() { streams.SkipUntil(nilObs) }},
		{"streams.SkipUntil: nil source", func() { streams.SkipUntil(src)(nilObs) }},
		{"streams.TakeWhile: nil predicate", func() { streams.TakeWhile[int](nil, false) }},
		{"streams.TakeWhile: nil source", func() { streams.TakeWhile(func(int) bool { return true }, true)(nilObs) }},
		{"streams.TakeLast: negative count -1", func() { streams.TakeLast(-1) }},
		{"streams.TakeLast: nil source", func() { streams.TakeLast(1)(nilObs) }},
		{"streams.Last: nil option", func() { streams.Last(nil) }},
		{"streams.Last: nil source", func() { streams.Last()(nilObs) }},
		{"streams.DistinctUntilChanged: nil source", func() { streams.DistinctUntilChanged[int]()(nilObs) }},
		{"streams.DistinctUntilChangedBy: nil key", func() { streams.DistinctUntilChangedBy[int, int](nil) }},
		{"streams.DistinctUntilChangedBy: nil source", func() {
			streams.DistinctUntilChangedBy(func(v int) int { return v })(nilObs)
		}},
		{"streams.DistinctUntilChangedFunc: nil comparator", func() { streams.DistinctUntilChangedFunc[int](nil) }},
		{"streams.DistinctUntilChangedFunc: nil source", func() {
			streams.DistinctUntilChangedFunc(func(a, b int) bool { return a == b })(nilObs)
		}},
		{"streams.IgnoreElements: nil source", func() { streams.IgnoreElements()(nilObs) }},
		{"streams.DebounceTime: negative duration -1ms", func() { streams.DebounceTime(-time.Millisecond) }},
		{"streams.DebounceTime: nil source", func() { streams.DebounceTime(0)(nilObs) }},
		{"streams.ThrottleTime: negative duration -1s", func() { streams.ThrottleTime(-time.Second) }},
		{"streams.ThrottleTime: nil option", func() { streams.ThrottleTime(time.Second, nil) }},
		{"streams.ThrottleTime: nil source", func() { streams.ThrottleTime(time.Second)(nilObs) }},
		{"streams.AuditTime: negative duration -1ns", func() { streams.AuditTime(-1) }},
		{"streams.AuditTime: nil source", func() { streams.AuditTime(1)(nilObs) }},
		{"streams.SampleTime: period 0s is not positive", func() { streams.SampleTime(0) }},
		{"streams.SampleTime: period -1s is not positive", func() { streams.SampleTime(-time.Second) }},
		{"streams.SampleTime: nil source", func() { streams.SampleTime(time.Second)(nilObs) }},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			require.PanicsWithValue(t, tt.want, tt.call)
		})
	}
}
