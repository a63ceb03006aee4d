package streams_test

import (
	"testing"
	"time"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// A value of another type than the typed operator was built for fails the
// stream with a *TypeError naming the operator.
func TestFilterOperatorsTypeErrors(t *testing.T) {
	for op, operator := range map[string]streams.Operator{
		"SkipWhile":                streams.SkipWhile(func(int) bool { return true }),
		"TakeWhile":                streams.TakeWhile(func(int) bool { return true }, false),
		"Last":                     streams.Last(streams.Matching(func(int) bool { return true })),
		"DistinctUntilChanged":     streams.DistinctUntilChanged[int](),
		"DistinctUntilChangedBy":   streams.DistinctUntilChangedBy(func(v int) int { return v }),
		"DistinctUntilChangedFunc": streams.DistinctUntilChangedFunc(func(a, b int) bool { return a == b }),
	} {
		t.Run(op, func(t *testing.T) {
			_, err := collect(t, streams.Pipe(streams.Of("a"), operator))
			var te *streams.TypeError
			require.ErrorAs(t, err, &te)
			require.Equal(t, op, te.Op)
		})
	}
}

// Values == cannot compare end the stream with a *PanicError instead of
// taking the process down.
func TestDistinctUntilChangedOfValuesThatDoNotCompare(t *testing.T) {
	got, err := collect(t, streams.Pipe(streams.Of([]int{1}, []int{1}), streams.DistinctUntilChanged[any]()))
	require.Equal(t, []any{[]int{1}}, got)
	var pe *streams.PanicError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "DistinctUntilChanged", pe.Op)
}

// A subscriber that has what it wants while TakeLast hands out what it
// held stops it there.
func TestTakeLastStopsHandingOutWhenUnsubscribed(t *testing.T) {
	var c counter
	got, err := collect(t, streams.Pipe(streams.Of(1, 2, 3, 4, 5), streams.TakeLast(3), streams.Map(c.count), streams.Take(1)))
	require.NoError(t, err)
	require.Equal(t, ints(3), got)
	require.EqualValues(t, 1, c.n.Load())
}

// With neither leading nor trailing values, ThrottleTime lets none
// through, as RxJS's throttle does.
func TestThrottleTimeWithNeitherEdge(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Hot("-a-b----c--|", nil)
		op := streams.ThrottleTime(h.Frames(3), streams.ThrottleLeading(false))
		h.Expect(streams.Pipe(src, op)).ToBe("-----------|", nil)
	})
}

// A notifier that fails while it is being subscribed fails the stream
// before the source is subscribed.
func TestSkipUntilNotifierFailingAtOnce(t *testing.T) {
	p := newProbe()
	_, err := collect(t, streams.Pipe(p.wrap(streams.Of(1)), streams.SkipUntil(streams.Throw(errBoom))))
	require.ErrorIs(t, err, errBoom)
	require.Zero(t, p.subscriptions())
}

// A timed operator reads foreign rxgo sources too, on their own
// goroutine, serialized with its timer.
func TestDebounceTimeOfAForeignSource(t *testing.T) {
	got, err := collect(t, streams.Pipe(emit(1, 2, 3), streams.DebounceTime(time.Hour)))
	require.NoError(t, err)
	require.Equal(t, ints(3), got)
}
