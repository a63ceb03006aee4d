package bench_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// The operators streams/bench_test.go leaves out — TakeUntil, ExhaustMap
// and Share — measured the same way: opItems values through the operator
// per operation, cost reported per item.

const opItems = 1000

var opValues = func() []any {
	vs := make([]any, opItems)
	for i := range vs {
		vs[i] = i
	}
	return vs
}()

// perOpItem runs op b.N times and reports ns and allocations per item.
func perOpItem(b *testing.B, op func(b *testing.B)) {
	b.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for range b.N {
		op(b)
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	n := float64(b.N) * opItems
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/item")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/item")
}

func collectAll(b *testing.B, ctx context.Context, obs rxgo.Observable, want int) {
	got, err := streams.Collect(ctx, obs)
	if err != nil || len(got) != want {
		b.Fatal(len(got), err)
	}
}

func BenchmarkOperators(b *testing.B) {
	ctx := context.Background()
	b.Run("TakeUntil/streams", func(b *testing.B) {
		// A notifier that never fires: every value passes.
		chain := streams.Pipe(streams.Of(opValues...), streams.TakeUntil(streams.Never()))
		perOpItem(b, func(b *testing.B) { collectAll(b, ctx, chain, opItems) })
	})
	b.Run("TakeUntil/rxgo", func(b *testing.B) {
		// rxgo's TakeUntil takes a predicate instead of a notifier: the
		// nearest it has.
		perOpItem(b, func(b *testing.B) {
			obs := rxgo.Just(opValues...)().TakeUntil(func(any) bool { return false })
			n := 0
			for item := range obs.Observe(rxgo.WithContext(ctx)) {
				if item.E != nil {
					b.Fatal(item.E)
				}
				n++
			}
			if n != opItems {
				b.Fatal(n)
			}
		})
	})
	b.Run("ExhaustMap/streams", func(b *testing.B) {
		// Each inner completes at once, so no value is ignored.
		chain := streams.Pipe(streams.Of(opValues...), streams.ExhaustMap(func(v int) rxgo.Observable { return streams.Of(v) }))
		perOpItem(b, func(b *testing.B) { collectAll(b, ctx, chain, opItems) })
	})
	for _, k := range []int{1, 4} {
		name := map[int]string{1: "Share/streams/1", 4: "Share/streams/4"}[k]
		b.Run(name, func(b *testing.B) {
			// k subscribers of one shared Subject; ns/item is per value
			// pushed.
			perOpItem(b, func(b *testing.B) {
				s := streams.NewSubject()
				shared := streams.Pipe(s.Observable(), streams.Share())
				subs := make([]*streams.Subscription, k)
				counts := make([]int, k)
				for i := range subs {
					subs[i] = streams.Subscribe(ctx, shared, streams.Observer{Next: func(any) { counts[i]++ }})
				}
				for _, v := range opValues {
					s.Next(v)
				}
				s.Complete()
				for i, sub := range subs {
					sub.Wait()
					if counts[i] != opItems {
						b.Fatal(counts[i])
					}
				}
			})
		})
	}
}
