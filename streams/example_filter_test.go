package streams_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rxepic/rxepic/streams"
)

// Skip and TakeWhile cut a stream at both ends.
func ExampleSkip() {
	values, err := streams.Collect(context.Background(), streams.Pipe(streams.Of(1, 2, 3, 4, 5, 6),
		streams.Skip(2),
		streams.TakeWhile(func(v int) bool { return v < 5 }, false),
	))
	fmt.Println(values, err)
	// Output: [3 4] <nil>
}

// SkipWhile drops a stream's leading values; once a value gets through,
// the predicate is not asked again.
func ExampleSkipWhile() {
	values, err := streams.Collect(context.Background(), streams.Pipe(streams.Of("", "", "a", "", "b"),
		streams.SkipWhile(func(s string) bool { return s == "" }),
	))
	fmt.Printf("%q %v\n", values, err)
	// Output: ["a" "" "b"] <nil>
}

// With inclusive, TakeWhile also emits the value that stopped it: here the
// first progress report that says done.
func ExampleTakeWhile() {
	progress := streams.Of(10, 50, 100, 100)
	values, err := streams.Collect(context.Background(), streams.Pipe(progress,
		streams.TakeWhile(func(percent int) bool { return percent < 100 }, true),
	))
	fmt.Println(values, err)
	// Output: [10 50 100] <nil>
}

// TakeLast and Last wait for the source to complete.
func ExampleLast() {
	ctx := context.Background()
	src := streams.Of(1, 2, 3, 4)
	last, _ := streams.Collect(ctx, streams.Pipe(src, streams.TakeLast(2)))
	odd, _ := streams.Collect(ctx, streams.Pipe(src, streams.Last(streams.Matching(func(v int) bool { return v%2 == 1 }))))
	_, err := streams.Collect(ctx, streams.Pipe(streams.Empty(), streams.Last()))
	fallback, _ := streams.Collect(ctx, streams.Pipe(streams.Empty(), streams.Last(streams.OrDefault(0))))
	fmt.Println(last, odd, err, fallback)
	// Output: [3 4] [3] streams: no elements in sequence [0]
}

// DistinctUntilChanged drops repeats of the value before, not every value
// seen before.
func ExampleDistinctUntilChanged() {
	values, err := streams.Collect(context.Background(), streams.Pipe(streams.Of(1, 1, 2, 2, 2, 1, 3),
		streams.DistinctUntilChanged[int](),
	))
	fmt.Println(values, err)
	// Output: [1 2 1 3] <nil>
}

// DistinctUntilChangedBy compares a key: here a search box's text, with
// the case and the spaces around it ignored.
func ExampleDistinctUntilChangedBy() {
	queries := streams.Of("go", "Go ", "rx", " RX", "go")
	values, err := streams.Collect(context.Background(), streams.Pipe(queries,
		streams.DistinctUntilChangedBy(func(q string) string { return strings.ToLower(strings.TrimSpace(q)) }),
	))
	fmt.Printf("%q %v\n", values, err)
	// Output: ["go" "rx" "go"] <nil>
}

// DistinctUntilChangedFunc lets a comparator decide: here readings count
// as changed only when they move by more than 0.5.
func ExampleDistinctUntilChangedFunc() {
	readings := streams.Of(20.0, 20.3, 20.4, 21.0, 20.8)
	values, err := streams.Collect(context.Background(), streams.Pipe(readings,
		streams.DistinctUntilChangedFunc(func(prev, v float64) bool { return v-prev <= 0.5 && prev-v <= 0.5 }),
	))
	fmt.Println(values, err)
	// Output: [20 21] <nil>
}

// A search box: each keystroke replaces the query waiting, and only one
// that has stood for 300 ms goes out. Here the keystrokes come faster than
// that, and the source completes: completion hands out the query waiting
// at once.
func ExampleDebounceTime() {
	keystrokes := streams.Of("r", "rx", "rxe", "rxep")
	values, err := streams.Collect(context.Background(), streams.Pipe(keystrokes,
		streams.DebounceTime(300*time.Millisecond),
	))
	fmt.Println(values, err)
	// Output: [rxep] <nil>
}

// ThrottleTime lets the first of a burst through at once and drops the
// rest of the window; ThrottleTrailing(true) would also emit the last of
// the window as it closes.
func ExampleThrottleTime() {
	clicks := streams.Of("click 1", "click 2", "click 3")
	values, err := streams.Collect(context.Background(), streams.Pipe(clicks,
		streams.ThrottleTime(time.Second),
	))
	fmt.Println(values, err)
	// Output: [click 1] <nil>
}

// IgnoreElements keeps only how a stream ends, for a stream run for its
// side effects alone.
func ExampleIgnoreElements() {
	values, err := streams.Collect(context.Background(), streams.Pipe(streams.Of(1, 2, 3), streams.IgnoreElements()))
	fmt.Println(values, err)
	// Output: [] <nil>
}
