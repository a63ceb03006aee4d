package streams_test

import (
	"context"
	"fmt"

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
