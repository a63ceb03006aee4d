package epics_test

import (
	"context"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

// The benchmarks below move the same work three ways: a Ping goes in, a
// filter keeps it by type, a map turns it into a Pong, and the Pong is
// counted. actions/s is Pings turned into counted Pongs per second.

type benchPing struct{ n int }

type benchPong struct{ n int }

func toPong(p benchPing) any { return benchPong(p) }

// benchWindow is how many round trips the store benchmark keeps in
// flight, as a busy service would; without a bound the Pings pile up in
// action$'s queue and the benchmark measures its growth.
const benchWindow = 1024

// BenchmarkStoreRoundTrip: Dispatch(Ping) -> reducer -> action$ -> epic
// (OfType -> Map) -> Dispatch(Pong) -> reducer counts it.
func BenchmarkStoreRoundTrip(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	target := b.N
	done := make(chan struct{})
	inFlight := make(chan struct{}, benchWindow)
	reduce := func(count int, action any) int {
		if _, ok := action.(benchPong); ok {
			<-inFlight
			if count++; count == target {
				close(done)
			}
		}
		return count
	}
	store := epics.NewStore(reduce, 0, struct{}{})
	epic := func(actions rxgo.Observable, _ *epics.StateObservable[int], _ struct{}) rxgo.Observable {
		return streams.Pipe(actions, epics.OfType[benchPing](), streams.Map(toPong))
	}
	if err := store.Start(ctx, epic); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		inFlight <- struct{}{}
		if err := store.Dispatch(benchPing{i}); err != nil {
			b.Fatal(err)
		}
	}
	<-done
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "actions/s")
	store.Close()
	store.Wait()
}

// BenchmarkRxgoChain: the same filter and map as rxgo's own operators,
// fed from a channel, counted by a loop.
func BenchmarkRxgoChain(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := make(chan rxgo.Item)
	out := rxgo.FromChannel(in).
		Filter(func(v any) bool { _, ok := v.(benchPing); return ok }).
		Map(func(_ context.Context, v any) (any, error) { return toPong(v.(benchPing)), nil }).
		Observe(rxgo.WithContext(ctx))
	b.ReportAllocs()
	b.ResetTimer()
	go func() {
		for i := range b.N {
			in <- rxgo.Of(benchPing{i})
		}
		close(in)
	}()
	count := 0
	for item := range out {
		if _, ok := item.V.(benchPong); ok {
			count++
		}
	}
	b.StopTimer()
	if count != b.N {
		b.Fatalf("counted %d pongs, want %d", count, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "actions/s")
}

// BenchmarkChannelLoop: a goroutine that filters and maps between two
// unbuffered channels, counted by a loop.
func BenchmarkChannelLoop(b *testing.B) {
	in := make(chan any)
	out := make(chan any)
	go func() {
		defer close(out)
		for v := range in {
			if p, ok := v.(benchPing); ok {
				out <- toPong(p)
			}
		}
	}()
	b.ReportAllocs()
	b.ResetTimer()
	go func() {
		for i := range b.N {
			in <- benchPing{i}
		}
		close(in)
	}()
	count := 0
	for v := range out {
		if _, ok := v.(benchPong); ok {
			count++
		}
	}
	b.StopTimer()
	if count != b.N {
		b.Fatalf("counted %d pongs, want %d", count, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "actions/s")
}

// BenchmarkStreamsChain: the epic's own chain without the store: a
// Subject takes the Pings, OfType and Map turn them into Pongs, and a
// Subscribe counts them. The gap to BenchmarkStoreRoundTrip is the
// store's share: the reducer, state$, and each Pong going back through
// Dispatch and action$.
func BenchmarkStreamsChain(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	subject := streams.NewSubject()
	inFlight := make(chan struct{}, benchWindow)
	done := make(chan struct{})
	count := 0
	sub := streams.Subscribe(ctx, streams.Pipe(subject.Observable(), epics.OfType[benchPing](), streams.Map(toPong)), streams.Observer{
		Next: func(v any) {
			if _, ok := v.(benchPong); ok {
				<-inFlight
				if count++; count == b.N {
					close(done)
				}
			}
		},
	})
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		inFlight <- struct{}{}
		subject.Next(benchPing{i})
	}
	<-done
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "actions/s")
	cancel()
	sub.Wait()
}

// BenchmarkDispatch: the store's own cost per action, with no epic: the
// reducer, state$ and action$ (no subscriber), from one goroutine.
func BenchmarkDispatch(b *testing.B) {
	store := epics.NewStore(func(n int, _ any) int { return n + 1 }, 0, struct{}{})
	defer store.Close()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := store.Dispatch(benchPing{i}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "actions/s")
}

// BenchmarkDispatchParallel: as BenchmarkDispatch, from every P at once.
func BenchmarkDispatchParallel(b *testing.B) {
	store := epics.NewStore(func(n int, _ any) int { return n + 1 }, 0, struct{}{})
	defer store.Close()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			if err := store.Dispatch(benchPing{i}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "actions/s")
}
