package streams_test

import (
	"context"
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// Programmer errors panic at construction, naming the operator and the
// argument.
func TestBadInputPanics(t *testing.T) {
	var nilObs rxgo.Observable
	src := streams.Of(1)
	tests := []struct {
		want string
		call func()
	}{
		{"streams.Pipe: nil source", func() { streams.Pipe(nilObs) }},
		{"streams.Pipe: nil operator at index 1", func() { streams.Pipe(src, streams.Take(1), nil) }},
		{"streams.Defer: nil factory", func() { streams.Defer(nil) }},
		{"streams.Iif: nil condition", func() { streams.Iif(nil, streams.Empty(), streams.Empty()) }},
		{"streams.Iif: nil whenTrue", func() { streams.Iif(func(context.Context) bool { return true }, nil, streams.Empty()) }},
		{"streams.Iif: nil whenFalse", func() { streams.Iif(func(context.Context) bool { return true }, streams.Empty(), nil) }},
		{"streams.FromFunc: nil function", func() { streams.FromFunc(nil) }},
		{"streams.Throw: nil error", func() { streams.Throw(nil) }},
		{"streams.Merge: nil source at index 1", func() { streams.Merge(src, nilObs) }},
		{"streams.Timer: negative duration -1s", func() { streams.Timer(-time.Second) }},
		{"streams.Take: negative count -1", func() { streams.Take(-1) }},
		{"streams.Take: nil source", func() { streams.Take(1)(nilObs) }},
		{"streams.First: nil source", func() { streams.First()(nilObs) }},
		{"streams.TakeUntil: nil notifier", func() { streams.TakeUntil(nilObs) }},
		{"streams.TakeUntil: nil source", func() { streams.TakeUntil(src)(nilObs) }},
		{"streams.CatchError: nil handler", func() { streams.CatchError(nil) }},
		{"streams.CatchError: nil source", func() {
			streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable { return streams.Throw(err) })(nilObs)
		}},
		{"streams.MergeMap: negative concurrency -2", func() { streams.MergeMap(ofInt, -2) }},
		{"streams.MergeMap: nil function", func() { streams.MergeMap[int](nil, 1) }},
		{"streams.MergeMap: nil source", func() { streams.MergeMap(ofInt, 1)(nilObs) }},
		{"streams.ConcatMap: nil function", func() { streams.ConcatMap[int](nil) }},
		{"streams.SwitchMap: nil function", func() { streams.SwitchMap[int](nil) }},
		{"streams.ExhaustMap: nil function", func() { streams.ExhaustMap[int](nil) }},
		{"streams.ExhaustMap: nil source", func() { streams.ExhaustMap(ofInt)(nilObs) }},
		{"streams.Share: nil source", func() { streams.Share()(nilObs) }},
		{"streams.RetryCount: negative count -1", func() { streams.RetryCount(-1) }},
		{"streams.RetryDelay: nil notifier", func() { streams.RetryDelay(nil) }},
		{"streams.Retry: nil option", func() { streams.Retry(nil) }},
		{"streams.Retry: nil source", func() { streams.Retry()(nilObs) }},
		{"streams.OfType: nil source", func() { streams.OfType[int]()(nilObs) }},
		{"streams.Map: nil function", func() { streams.Map[int, int](nil) }},
		{"streams.Map: nil source", func() { streams.Map(func(v int) int { return v })(nilObs) }},
		{"streams.Filter: nil predicate", func() { streams.Filter[int](nil) }},
		{"streams.Filter: nil source", func() { streams.Filter(func(int) bool { return true })(nilObs) }},
		{"streams.Delay: negative duration -1ms", func() { streams.Delay(-time.Millisecond) }},
		{"streams.Delay: nil source", func() { streams.Delay(0)(nilObs) }},
		{"streams.Timeout: negative duration -1ns", func() { streams.Timeout(-1) }},
		{"streams.Timeout: nil source", func() { streams.Timeout(1)(nilObs) }},
		{"streams.ThrowIfEmpty: nil error factory", func() { streams.ThrowIfEmpty(nil) }},
		{"streams.DeriveContext: nil function", func() { streams.DeriveContext(nil) }},
		{"streams.Subject.Error: nil error", func() { streams.NewSubject().Error(nil) }},
		{"streams.NewReplaySubject: negative size -1", func() { streams.NewReplaySubject(-1, 0) }},
		{"streams.NewReplaySubject: negative duration -1s", func() { streams.NewReplaySubject(1, -time.Second) }},
		{"streams.TimerEvery: negative duration -1s", func() { streams.TimerEvery(-time.Second, time.Second) }},
		{"streams.TimerEvery: period 0s is not positive", func() { streams.TimerEvery(0, 0) }},
		{"streams.TimeoutFirst: negative duration -1ns", func() { streams.TimeoutFirst(-1) }},
		{"streams.TimeoutWith: nil fallback", func() { streams.TimeoutWith(nil) }},
		{"streams.Timeout: nil option", func() { streams.Timeout(1, nil) }},
		{"streams.Matching: nil predicate", func() { streams.Matching[int](nil) }},
		{"streams.First: nil option", func() { streams.First(nil) }},
		{"streams.Share: nil option", func() { streams.Share(nil) }},
		{"streams.BehaviorSubject.Error: nil error", func() { streams.NewBehaviorSubject(0).Error(nil) }},
		{"streams.Subscribe: nil source", func() { streams.Subscribe(context.Background(), nilObs, streams.Observer{}) }},
		{"streams.Collect: nil source", func() { _, _ = streams.Collect(context.Background(), nilObs) }},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			require.PanicsWithValue(t, tt.want, tt.call)
		})
	}
}
