package streams_test

import (
	"context"
	"fmt"
	"time"

	"github.com/reactivex/rxgo/v2"

	"github.com/rxepic/rxepic/streams"
)

// Scan emits every running total; Reduce only the last one.
func ExampleScan() {
	sum := func(acc, v int) int { return acc + v }
	running, _ := streams.Collect(context.Background(), streams.Pipe(streams.Of(1, 2, 3, 4), streams.Scan(sum, 0)))
	total, _ := streams.Collect(context.Background(), streams.Pipe(streams.Of(1, 2, 3, 4), streams.Reduce(sum, 0)))
	fmt.Println(running, total)
	// Output: [1 3 6 10] [10]
}

// BufferCount(3, 2) starts a slice every two values, so neighbouring
// slices share one; what is still filling goes out at the end.
func ExampleBufferCount() {
	slices, _ := streams.Collect(context.Background(), streams.Pipe(streams.Of(1, 2, 3, 4, 5, 6), streams.BufferCount(3, 2)))
	fmt.Println(slices)
	// Output: [[1 2 3] [3 4 5] [5 6]]
}

// Pairwise pairs every value with the one before it.
func ExamplePairwise() {
	pairs, _ := streams.Collect(context.Background(), streams.Pipe(streams.Of("a", "b", "c"), streams.Pairwise()))
	fmt.Println(pairs)
	// Output: [[a b] [b c]]
}

// StartWith and EndWith put values around a stream: a state's initial
// value before its changes, a closing marker after its end.
func ExampleStartWith() {
	changes := streams.Pipe(streams.Of("on", "off"), streams.StartWith("initial"), streams.EndWith("closed"))
	values, _ := streams.Collect(context.Background(), changes)
	fmt.Println(values)
	// Output: [initial on off closed]
}

// DefaultIfEmpty answers for a source that had nothing to say.
func ExampleDefaultIfEmpty() {
	none, _ := streams.Collect(context.Background(), streams.Pipe(streams.Empty(), streams.DefaultIfEmpty("nothing")))
	some, _ := streams.Collect(context.Background(), streams.Pipe(streams.Of("something"), streams.DefaultIfEmpty("nothing")))
	fmt.Println(none, some)
	// Output: [nothing] [something]
}

// Tap looks at a stream without changing it; Finalize runs once it is
// over, after the subscriber has had its end.
func ExampleTap() {
	logged := streams.Pipe(streams.Of(1, 2),
		streams.Tap(streams.TapObserver{
			Next:     func(v any) { fmt.Println("saw", v) },
			Complete: func() { fmt.Println("saw the end") },
		}),
		streams.Finalize(func() { fmt.Println("finalized") }),
	)
	values, _ := streams.Collect(context.Background(), logged)
	fmt.Println(values)
	// Output:
	// saw 1
	// saw 2
	// saw the end
	// finalized
	// [1 2]
}

// Repeat subscribes again each time its source completes; here three
// times in all, each after a pause.
func ExampleRepeat() {
	pause := func(int) rxgo.Observable { return streams.Timer(time.Millisecond) }
	values, _ := streams.Collect(context.Background(), streams.Pipe(streams.Of("tick"),
		streams.Repeat(streams.RepeatCount(3), streams.RepeatDelay(pause))))
	fmt.Println(values)
	// Output: [tick tick tick]
}

// WithLatestFrom pairs each value with the latest of another stream,
// here the current state of a BehaviorSubject.
func ExampleWithLatestFrom() {
	state := streams.NewBehaviorSubject("idle")
	clicks := streams.Of("click 1", "click 2")
	values, _ := streams.Collect(context.Background(), streams.Pipe(clicks, streams.WithLatestFrom(state.Observable())))
	fmt.Println(values)
	// Output: [[click 1 idle] [click 2 idle]]
}

// BufferTime gathers what comes within each second; a source that ends
// sooner has its slice emitted at its end.
func ExampleBufferTime() {
	slices, _ := streams.Collect(context.Background(), streams.Pipe(streams.Of(1, 2, 3), streams.BufferTime(time.Second)))
	fmt.Println(slices)
	// Output: [[1 2 3]]
}

// GroupBy splits a stream by key; MergeMap subscribes to each group as it
// comes, here to count its values.
func ExampleGroupBy() {
	words := streams.Of("apple", "banana", "avocado", "blueberry", "cherry")
	counts := streams.Pipe(words,
		streams.GroupBy(func(w string) byte { return w[0] }),
		streams.MergeMap(func(g streams.Group[byte]) rxgo.Observable {
			return streams.Pipe(g.Values,
				streams.Reduce(func(n int, _ string) int { return n + 1 }, 0),
				streams.Map(func(n int) string { return fmt.Sprintf("%c:%d", g.Key, n) }),
			)
		}, 0),
	)
	values, _ := streams.Collect(context.Background(), counts)
	fmt.Println(values)
	// Output: [a:2 b:2 c:1]
}
