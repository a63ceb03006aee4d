package httpobs

import (
	"fmt"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// FanOut returns an observable that subscribes to sources — request
// sources, or pipelines built on them — with at most limit subscribed at
// once (0: no limit), starting them in order as earlier ones finish, and
// emits their values as they arrive, so not in order. It completes when
// all have completed. The first error fails it and cancels every request
// still running; to collect failures instead, give each source its own
// streams.CatchError. Like every source here it is lazy: each subscription
// runs all the sources anew.
func FanOut(limit int, sources ...rxgo.Observable) rxgo.Observable {
	if limit < 0 {
		panic(fmt.Sprintf("httpobs.FanOut: limit = %d, want >= 0", limit))
	}
	items := make([]any, len(sources))
	for i, src := range sources {
		if src == nil {
			panic(fmt.Sprintf("httpobs.FanOut: nil source at index %d", i))
		}
		items[i] = src
	}
	return streams.Pipe(streams.Of(items...), streams.MergeMap(func(src rxgo.Observable) rxgo.Observable { return src }, limit))
}
