package streams_test

import (
	"context"
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// rxgo streams go on after an error item; every operator here must stop at
// the first one, as RxJS does.
func TestErrorIsTerminalInEveryOperator(t *testing.T) {
	same := func(v int) rxgo.Observable { return streams.Of(v) }
	ops := []struct {
		name string
		op   streams.Operator
		// mayDrop: the value before the error may be lost, because the
		// operator emits it later (from an inner, after a delay) and an
		// error passes at once.
		mayDrop bool
	}{
		{name: "Take", op: streams.Take(10)},
		{name: "TakeUntil", op: streams.TakeUntil(streams.Never())},
		{name: "Map", op: streams.Map(func(v int) int { return v })},
		{name: "Filter", op: streams.Filter(func(int) bool { return true })},
		{name: "OfType", op: streams.OfType[int]()},
		{name: "MergeMap", mayDrop: true, op: streams.MergeMap(same, 0)},
		{name: "ConcatMap", mayDrop: true, op: streams.ConcatMap(same)},
		{name: "SwitchMap", mayDrop: true, op: streams.SwitchMap(same)},
		{name: "ExhaustMap", mayDrop: true, op: streams.ExhaustMap(same)},
		{name: "Share", op: streams.Share()},
		{name: "Retry", op: streams.Retry(streams.RetryCount(0))},
		{name: "CatchError passing the error on", op: streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable {
			return streams.Throw(err)
		})},
		{name: "Delay", mayDrop: true, op: streams.Delay(0)},
		{name: "Timeout", op: streams.Timeout(time.Hour)},
		{name: "ThrowIfEmpty", op: streams.ThrowIfEmpty(func() error { return streams.ErrEmpty })},
		{name: "Defer", op: func(src rxgo.Observable) rxgo.Observable {
			return streams.Defer(func(context.Context) rxgo.Observable { return src })
		}},
		{name: "Merge", op: func(src rxgo.Observable) rxgo.Observable { return streams.Merge(src, streams.Empty()) }},
	}
	for _, tt := range ops {
		t.Run(tt.name, func(t *testing.T) {
			// drain fails the test on any item after the error.
			got, err := drain(t, mustObserve(t, streams.Pipe(emit(1, errBoom, 2, 3), tt.op)))
			require.ErrorIs(t, err, errBoom)
			if tt.mayDrop {
				require.Subset(t, ints(1), got)
			} else {
				require.Equal(t, ints(1), got)
			}
		})
	}
}
