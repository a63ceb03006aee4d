package streams

import (
	"context"
	"fmt"

	"github.com/reactivex/rxgo/v2"
)

// Merge returns an observable that subscribes to every source at once,
// when it is itself subscribed (rxgo's Merge starts at construction), and
// emits their items as they come. It completes when all have completed and
// fails, cancelling the rest, when one fails.
func Merge(srcs ...rxgo.Observable) rxgo.Observable {
	for i, src := range srcs {
		if src == nil {
			panic(fmt.Sprintf("streams.Merge: nil source at index %d", i))
		}
	}
	return newObservable(func(ctx context.Context) runFunc {
		g := newGroup(ctx)
		for _, src := range srcs {
			g.add(src)
		}
		return func(ctx context.Context, next chan<- rxgo.Item) {
			defer g.stop()
			for g.active() > 0 {
				select {
				case ev := <-g.events:
					if ok, _ := g.handle(ctx, next, ev); !ok {
						return
					}
				case <-ctx.Done():
					return
				}
			}
		}
	})
}
