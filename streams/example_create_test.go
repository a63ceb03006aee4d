package streams_test

import (
	"context"
	"fmt"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// Concat subscribes to each source once the one before has completed.
func ExampleConcat() {
	values, err := streams.Collect(context.Background(), streams.Concat(streams.Of(1, 2), streams.Range(3, 2), streams.Of(5)))
	fmt.Println(values, err)
	// Output: [1 2 3 4 5] <nil>
}

// Race mirrors the first source to emit and ends the others: here the
// hourly interval is let go as soon as the timer fires.
func ExampleRace() {
	fast := streams.Pipe(streams.Timer(10*time.Millisecond), streams.Map(func(int) string { return "timer" }))
	values, err := streams.Collect(context.Background(), streams.Race(streams.Interval(time.Hour), fast))
	fmt.Println(values, err)
	// Output: [timer] <nil>
}

// Zip pairs the n-th values of its sources; it completes when a completed
// source has no value left to pair.
func ExampleZip() {
	names := streams.Of("ada", "bob", "cy")
	ages := streams.Of(36, 41)
	values, err := streams.Collect(context.Background(), streams.Zip(names, ages))
	fmt.Println(values, err)
	// Output: [[ada 36] [bob 41]] <nil>
}

// CombineLatest emits the latest value of each source whenever one
// emits, once all have. Of emits everything at once, so the first source
// is done by the time the second is subscribed.
func ExampleCombineLatest() {
	values, err := streams.Collect(context.Background(), streams.CombineLatest(streams.Of("a", "b"), streams.Of(1, 2)))
	fmt.Println(values, err)
	// Output: [[b 1] [b 2]] <nil>
}

// ForkJoin waits for every source to complete and emits their last
// values once: here, two calls made concurrently.
func ExampleForkJoin() {
	call := func(answer string) rxgo.Observable {
		return streams.FromFunc(func(context.Context) (any, error) { return answer, nil })
	}
	values, err := streams.Collect(context.Background(), streams.ForkJoin(call("user"), call("orders")))
	fmt.Println(values, err)
	// Output: [[user orders]] <nil>
}

// Interval counts from 0, one value a period, until unsubscribed.
func ExampleInterval() {
	ticks := streams.Pipe(streams.Interval(10*time.Millisecond), streams.Take(3))
	values, err := streams.Collect(context.Background(), ticks)
	fmt.Println(values, err)
	// Output: [0 1 2] <nil>
}

// Range emits count ints from start.
func ExampleRange() {
	values, err := streams.Collect(context.Background(), streams.Range(10, 3))
	fmt.Println(values, err)
	// Output: [10 11 12] <nil>
}

// FromChannel reads a channel until it is closed. Each subscription reads
// for itself; to hand every value to several subscribers, Share it.
func ExampleFromChannel() {
	jobs := make(chan string, 2)
	jobs <- "build"
	jobs <- "test"
	close(jobs)
	values, err := streams.Collect(context.Background(), streams.FromChannel(jobs))
	fmt.Println(values, err)
	// Output: [build test] <nil>
}

// ToChannel hands a stream to code that ranges over a channel; err tells,
// once the channel is closed, how the stream ended.
func ExampleToChannel() {
	values, err := streams.ToChannel[int](context.Background(), streams.Concat(streams.Range(1, 2), streams.Throw(fmt.Errorf("disk full"))))
	for v := range values {
		fmt.Println(v)
	}
	fmt.Println(err())
	// Output:
	// 1
	// 2
	// disk full
}
