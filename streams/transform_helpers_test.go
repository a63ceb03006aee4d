package streams_test

import (
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// What the spec files of the transforming operators share.

// countingSource is RxJS's synchronous observable that emits 0 to 9,
// checking subscriber.closed before each: Of does that check, and the Map
// records each value it lets out in sideEffects.
func countingSource(sideEffects *[]int) rxgo.Observable {
	return streams.Pipe(streams.Of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), streams.Map(func(i int) int {
		*sideEffects = append(*sideEffects, i)
		return i
	}))
}

// reemit is the inner of RxJS's mergeMap(x => of(x)).
func reemit(v any) rxgo.Observable { return streams.Of(v) }

// strs converts strings to []any for comparisons.
func strs(vs ...string) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}
