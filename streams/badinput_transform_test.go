package streams_test

import (
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// The transforming operators panic at construction on a programmer
// error, naming the operator and the argument.
func TestTransformBadInputPanics(t *testing.T) {
	var nilObs rxgo.Observable
	sum := func(a, v int) int { return a + v }
	tests := []struct {
		want string
		call func()
	}{
		{"streams.Scan: nil accumulator", func() { streams.Scan[int, int](nil, 0) }},
		{"streams.Scan: nil source", func() { streams.Scan(sum, 0)(nilObs) }},
		{"streams.Reduce: nil accumulator", func() { streams.Reduce[int, int](nil, 0) }},
		{"streams.Reduce: nil source", func() { streams.Reduce(sum, 0)(nilObs) }},
		{"streams.BufferCount: size 0 is not positive", func() { streams.BufferCount(0, 0) }},
		{"streams.BufferCount: negative every -1", func() { streams.BufferCount(1, -1) }},
		{"streams.BufferCount: nil source", func() { streams.BufferCount(1, 0)(nilObs) }},
		{"streams.BufferTime: duration 0s is not positive", func() { streams.BufferTime(0) }},
		{"streams.BufferTime: nil option", func() { streams.BufferTime(time.Second, nil) }},
		{"streams.BufferTime: nil source", func() { streams.BufferTime(time.Second)(nilObs) }},
		{"streams.BufferTimeMaxSize: size 0 is not positive", func() { streams.BufferTimeMaxSize(0) }},
		{"streams.BufferTimeEvery: interval -1s is not positive", func() { streams.BufferTimeEvery(-time.Second) }},
		{"streams.Pairwise: nil source", func() { streams.Pairwise()(nilObs) }},
		{"streams.StartWith: nil source", func() { streams.StartWith(1)(nilObs) }},
		{"streams.EndWith: nil source", func() { streams.EndWith(1)(nilObs) }},
		{"streams.DefaultIfEmpty: nil source", func() { streams.DefaultIfEmpty(1)(nilObs) }},
		{"streams.Tap: nil source", func() { streams.Tap(streams.TapObserver{})(nilObs) }},
		{"streams.Finalize: nil function", func() { streams.Finalize(nil) }},
		{"streams.Finalize: nil source", func() { streams.Finalize(func() {})(nilObs) }},
		{"streams.WithLatestFrom: nil other at index 1", func() { streams.WithLatestFrom(streams.Of(1), nilObs) }},
		{"streams.WithLatestFrom: nil source", func() { streams.WithLatestFrom()(nilObs) }},
		{"streams.GroupBy: nil key function", func() { streams.GroupBy[int, int](nil) }},
		{"streams.GroupBy: nil option", func() { streams.GroupBy(func(v int) int { return v }, nil) }},
		{"streams.GroupBy: nil source", func() { streams.GroupBy(func(v int) int { return v })(nilObs) }},
		{"streams.GroupDuration: nil duration selector", func() { streams.GroupDuration[int](nil) }},
		{"streams.RepeatCount: negative count -1", func() { streams.RepeatCount(-1) }},
		{"streams.RepeatDelay: nil notifier", func() { streams.RepeatDelay(nil) }},
		{"streams.Repeat: nil option", func() { streams.Repeat(nil) }},
		{"streams.Repeat: nil source", func() { streams.Repeat()(nilObs) }},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			require.PanicsWithValue(t, tt.want, tt.call)
		})
	}
}
