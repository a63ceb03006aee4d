package streams_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// benchItems is how many items one benchmark operation pushes through.
const benchItems = 1000

// benchValues are 0..benchItems-1, boxed once so that no implementation
// pays for boxing its input.
var benchValues = func() []any {
	vs := make([]any, benchItems)
	for i := range vs {
		vs[i] = i
	}
	return vs
}()

// perItem runs op b.N times and reports its cost per item as well as per
// operation: items is how many items one op handles.
func perItem(b *testing.B, items int, op func(b *testing.B)) {
	b.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for range b.N {
		op(b)
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	n := float64(b.N) * float64(items)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/item")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/item")
}

// count drains ch and checks that it carried want values and no error.
func count(b *testing.B, ch <-chan rxgo.Item, want int) {
	n := 0
	for item := range ch {
		if item.E != nil {
			b.Fatal(item.E)
		}
		n++
	}
	if n != want {
		b.Fatalf("got %d items, want %d", n, want)
	}
}

func isInt(v any) bool                                { _, ok := v.(int); return ok }
func addOne(v int) int                                { return v + 1 }
func addOneAny(_ context.Context, v any) (any, error) { return v.(int) + 1, nil }

// BenchmarkChain: a source of benchItems values, a type filter, a map and a
// take of all of them.
func BenchmarkChain(b *testing.B) {
	ctx := b.Context()
	b.Run("streams/Collect", func(b *testing.B) {
		chain := streams.Pipe(streams.Of(benchValues...), streams.OfType[int](), streams.Map(addOne), streams.Take(benchItems))
		perItem(b, benchItems, func(b *testing.B) {
			got, err := streams.Collect(ctx, chain)
			if err != nil || len(got) != benchItems {
				b.Fatal(len(got), err)
			}
		})
	})
	b.Run("streams/Observe", func(b *testing.B) {
		chain := streams.Pipe(streams.Of(benchValues...), streams.OfType[int](), streams.Map(addOne), streams.Take(benchItems))
		perItem(b, benchItems, func(b *testing.B) {
			count(b, chain.Observe(rxgo.WithContext(ctx)), benchItems)
		})
	})
	b.Run("rxgo", func(b *testing.B) {
		// rxgo's Take(n) waits for an item past the n-th: taking all of them,
		// it ends with the source.
		chain := rxgo.Just(benchValues...)().Filter(isInt).Map(addOneAny).Take(benchItems)
		perItem(b, benchItems, func(b *testing.B) {
			count(b, chain.Observe(rxgo.WithContext(ctx)), benchItems)
		})
	})
	b.Run("channels", func(b *testing.B) {
		perItem(b, benchItems, func(b *testing.B) {
			n := 0
			for range channelChain(ctx, benchValues, benchItems) {
				n++
			}
			if n != benchItems {
				b.Fatal(n)
			}
		})
	})
}

// channelChain is the chain as plain goroutines and unbuffered channels,
// one goroutine per stage, each ending when its input ends or ctx does.
func channelChain(ctx context.Context, values []any, take int) <-chan int {
	ctx, cancel := context.WithCancel(ctx)
	src := make(chan any)
	go func() {
		defer close(src)
		for _, v := range values {
			select {
			case src <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	ints := make(chan int)
	go func() {
		defer close(ints)
		for v := range src {
			if i, ok := v.(int); ok {
				select {
				case ints <- i:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	mapped := make(chan int)
	go func() {
		defer close(mapped)
		for v := range ints {
			select {
			case mapped <- v + 1:
			case <-ctx.Done():
				return
			}
		}
	}()
	taken := make(chan int)
	go func() {
		defer close(taken)
		defer cancel() // at the n-th item, stops the stages above
		left := take
		for v := range mapped {
			select {
			case taken <- v:
			case <-ctx.Done():
				return
			}
			if left--; left == 0 {
				return
			}
		}
	}()
	return taken
}

// BenchmarkTakeUntil: a source of benchItems values cut off by a notifier
// that never fires, so every value passes; rxgo's TakeUntil takes a
// predicate instead of a notifier, the nearest it has.
func BenchmarkTakeUntil(b *testing.B) {
	ctx := b.Context()
	b.Run("streams", func(b *testing.B) {
		chain := streams.Pipe(streams.Of(benchValues...), streams.TakeUntil(streams.Never()))
		perItem(b, benchItems, func(b *testing.B) {
			got, err := streams.Collect(ctx, chain)
			if err != nil || len(got) != benchItems {
				b.Fatal(len(got), err)
			}
		})
	})
	b.Run("rxgo", func(b *testing.B) {
		perItem(b, benchItems, func(b *testing.B) {
			obs := rxgo.Just(benchValues...)().TakeUntil(func(any) bool { return false })
			count(b, obs.Observe(rxgo.WithContext(ctx)), benchItems)
		})
	})
}

// BenchmarkFlatten: benchItems outer values, each mapped to an inner of one
// value.
func BenchmarkFlatten(b *testing.B) {
	ctx := b.Context()
	inner := func(v int) rxgo.Observable { return streams.Of(v) }
	for _, bc := range []struct {
		name string
		op   streams.Operator
		all  bool // every inner value comes out
	}{
		{"streams/MergeMap", streams.MergeMap(inner, 0), true},
		{"streams/MergeMap-limit-4", streams.MergeMap(inner, 4), true},
		{"streams/ConcatMap", streams.ConcatMap(inner), true},
		{"streams/SwitchMap", streams.SwitchMap(inner), false},
		// Each inner completes at once, so ExhaustMap ignores no value.
		{"streams/ExhaustMap", streams.ExhaustMap(inner), true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			chain := streams.Pipe(streams.Of(benchValues...), bc.op)
			perItem(b, benchItems, func(b *testing.B) {
				got, err := streams.Collect(ctx, chain)
				if err != nil || (bc.all && len(got) != benchItems) {
					b.Fatal(len(got), err)
				}
			})
		})
	}
	b.Run("rxgo/FlatMap", func(b *testing.B) {
		perItem(b, benchItems, func(b *testing.B) {
			// rxgo's FlatMap can be observed only once: build it per run.
			chain := rxgo.Just(benchValues...)().FlatMap(func(item rxgo.Item) rxgo.Observable {
				return rxgo.Just(item.V)()
			})
			count(b, chain.Observe(rxgo.WithContext(ctx)), benchItems)
		})
	})
}

// BenchmarkFanOut: benchItems values pushed to k subscribers of a Subject,
// directly or through a Share of it, each of which receives all of them;
// ns/item is per value pushed.
func BenchmarkFanOut(b *testing.B) {
	for _, k := range []int{1, 4} {
		for _, via := range []struct {
			name  string
			share bool
		}{{"Subject", false}, {"Share", true}} {
			b.Run(fmt.Sprintf("%s/%d", via.name, k), func(b *testing.B) {
				ctx := b.Context()
				perItem(b, benchItems, func(b *testing.B) {
					s := streams.NewSubject()
					obs := s.Observable()
					if via.share {
						obs = streams.Pipe(obs, streams.Share())
					}
					subs := make([]*streams.Subscription, k)
					for i := range subs {
						n := 0
						subs[i] = streams.Subscribe(ctx, obs, streams.Observer{
							Next: func(any) { n++ },
							Complete: func() {
								if n != benchItems {
									b.Error(n)
								}
							},
						})
					}
					for _, v := range benchValues {
						s.Next(v)
					}
					s.Complete()
					for _, sub := range subs {
						sub.Wait()
					}
				})
			})
		}
		b.Run(fmt.Sprintf("channels/%d", k), func(b *testing.B) {
			perItem(b, benchItems, func(b *testing.B) {
				var wg sync.WaitGroup
				chans := make([]chan any, k)
				for i := range chans {
					chans[i] = make(chan any)
					wg.Go(func() {
						n := 0
						for range chans[i] {
							n++
						}
						if n != benchItems {
							b.Error(n)
						}
					})
				}
				for _, v := range benchValues {
					for _, c := range chans {
						c <- v
					}
				}
				for _, c := range chans {
					close(c)
				}
				wg.Wait()
			})
		})
	}
}
