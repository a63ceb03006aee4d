package streams

import (
	"context"
	"fmt"

	"github.com/reactivex/rxgo/v2"
)

// MergeMap maps every item v to the observable f(v) and emits the items of
// all of them as they come, with at most concurrency inners subscribed at
// once (0 means no limit; values past the limit wait their turn in order).
// Unlike rxgo's FlatMap, inners really run concurrently. It completes when
// the source and every inner have completed, and fails on the first error,
// cancelling everything else.
func MergeMap[T any](f func(T) rxgo.Observable, concurrency int) Operator {
	if concurrency < 0 {
		panic(fmt.Sprintf("streams.MergeMap: negative concurrency %d", concurrency))
	}
	return flatten("MergeMap", f, mergeInners, concurrency)
}

// ConcatMap is MergeMap with a concurrency of 1: each inner runs to
// completion before the next value's inner is subscribed.
func ConcatMap[T any](f func(T) rxgo.Observable) Operator {
	return flatten("ConcatMap", f, mergeInners, 1)
}

// SwitchMap maps every item v to f(v) and mirrors only the latest: a new
// item cancels the inner of the one before. It completes when the source
// and the last inner have completed.
func SwitchMap[T any](f func(T) rxgo.Observable) Operator {
	return flatten("SwitchMap", f, switchInners, 0)
}

// ExhaustMap maps an item v to f(v) only when no inner is running, and
// drops items that arrive while one is. It completes when the source and
// the running inner have completed.
func ExhaustMap[T any](f func(T) rxgo.Observable) Operator {
	return flatten("ExhaustMap", f, exhaustInners, 0)
}

// strategy is what a flattening operator does with a new item.
type strategy int

const (
	mergeInners   strategy = iota // start its inner, or queue it past the limit
	switchInners                  // cancel the running inner, then start its own
	exhaustInners                 // drop it while an inner runs
)

func flatten[T any](op string, f func(T) rxgo.Observable, how strategy, limit int) Operator {
	mustNotBeNil(op, "function", f == nil)
	t := newTypeOf[T](op)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil(op, "source", src == nil)
		return newObservable(func(ctx context.Context) runFunc {
			outer := observe(ctx, src)
			return func(ctx context.Context, next chan<- rxgo.Item) {
				g := newGroup(ctx)
				defer g.stop()
				var waiting []T
				start := func(v T) bool {
					inner, err := apply(op, f, v)
					if err == nil && inner == nil {
						err = errNilObservable(op, "function")
					}
					if err != nil {
						send(ctx, next, rxgo.Error(err))
						return false
					}
					g.add(inner)
					return true
				}
				for outer != nil || g.active() > 0 {
					select {
					case item, ok := <-outer:
						if !ok {
							outer = nil
							continue
						}
						if item.Error() {
							send(ctx, next, item)
							return
						}
						v, err := t.mustAs(item.V)
						if err != nil {
							send(ctx, next, rxgo.Error(err))
							return
						}
						switch {
						case how == mergeInners && limit > 0 && g.active() >= limit:
							waiting = append(waiting, v)
							continue
						case how == switchInners:
							g.dropAll()
						case how == exhaustInners && g.active() > 0:
							continue
						}
						if !start(v) {
							return
						}
					case ev := <-g.events:
						ok, completed := g.handle(ctx, next, ev)
						if !ok {
							return
						}
						if completed && len(waiting) > 0 {
							v := waiting[0]
							waiting[0] = *new(T)
							waiting = waiting[1:]
							if !start(v) {
								return
							}
						}
					case <-ctx.Done():
						return
					}
				}
			}
		})
	}
}
