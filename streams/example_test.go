package streams_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// Operators compose left to right. Take(2) completes at the second value
// without waiting for a third, and cancels its source.
func ExamplePipe() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	src := streams.Of(1, 2, 3, 4, 5)
	squares := streams.Pipe(src,
		streams.Filter(func(v int) bool { return v%2 == 1 }),
		streams.Map(func(v int) int { return v * v }),
		streams.Take(2),
	)
	values, err := streams.Collect(ctx, squares)
	fmt.Println(values, err)
	// Output: [1 9] <nil>
}

// TakeUntil mirrors a stream until another one emits. Subscribe first,
// then trigger: nothing pushed after Subscribe returns is missed.
func ExampleTakeUntil() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	ticks, stop := streams.NewSubject(), streams.NewSubject()
	seen := make(chan any)
	sub := streams.Subscribe(ctx, streams.Pipe(ticks.Observable(), streams.TakeUntil(stop.Observable())), streams.Observer{
		Next:     func(v any) { fmt.Println("tick", v); seen <- v },
		Complete: func() { fmt.Println("stopped") },
	})
	// Two subjects are two independent streams: wait for each tick to be
	// through before the stop, so that the output does not depend on luck.
	ticks.Next(1)
	<-seen
	ticks.Next(2)
	<-seen
	stop.Next("enough")
	sub.Wait()
	// Output:
	// tick 1
	// tick 2
	// stopped
}

// A Subject is a hot stream: each subscriber sees what is pushed after it
// subscribed, and the end.
func ExampleSubject() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	s := streams.NewSubject()
	s.Next("before anyone listens")
	done := make(chan []any)
	go func(in <-chan rxgo.Item) {
		var got []any
		for item := range in {
			got = append(got, item.V)
		}
		done <- got
	}(s.Observable().Observe(rxgo.WithContext(ctx)))
	s.Next("hello")
	s.Next("world")
	s.Complete()
	fmt.Println(<-done)
	// Output: [hello world]
}

// MergeMap runs an inner stream per value, at most two at a time here, and
// merges what they emit as it comes.
func ExampleMergeMap() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	fetch := func(id int) rxgo.Observable {
		return streams.FromFunc(func(context.Context) (any, error) {
			return fmt.Sprintf("user %d", id), nil
		})
	}
	users, err := streams.Collect(ctx, streams.Pipe(streams.Of(3, 1, 2), streams.MergeMap(fetch, 2)))
	// The order depends on which inner finishes first.
	slices.SortFunc(users, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	fmt.Println(users, err)
	// Output: [user 1 user 2 user 3] <nil>
}

// CatchError's handler gets the error and caught, the source with the
// handler still applied: returning caught resubscribes, which is how a
// read is tried again once what made it fail has been put right.
func ExampleCatchError() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	errStale := errors.New("stale cache")
	cache := "stale"
	read := streams.Defer(func(context.Context) rxgo.Observable {
		if cache == "stale" {
			return streams.Throw(errStale)
		}
		return streams.Of("read from the " + cache + " cache")
	})
	retried := streams.Pipe(read, streams.CatchError(func(err error, caught rxgo.Observable) rxgo.Observable {
		if errors.Is(err, errStale) && cache == "stale" {
			cache = "fresh" // warm it, then try again
			return caught
		}
		return streams.Throw(err)
	}))
	values, err := streams.Collect(ctx, retried)
	fmt.Println(values, err)
	// Output: [read from the fresh cache] <nil>
}

// A ReplaySubject hands what it holds to every new subscriber, even one
// that arrives after it has ended.
func ExampleReplaySubject() {
	config := streams.NewReplaySubject(1, 0)
	config.Next("config v1")
	config.Next("config v2")
	config.Complete()
	values, err := streams.Collect(context.Background(), config.Observable())
	fmt.Println(values, err)
	// Output: [config v2] <nil>
}

type cachedKey struct{}

// Iif chooses, on each subscription, between two observables by a look
// at the subscription's context: here a cached answer or the call.
func ExampleIif() {
	call := streams.FromFunc(func(context.Context) (any, error) { return "fetched", nil })
	answer := streams.Iif(func(ctx context.Context) bool { return ctx.Value(cachedKey{}) != nil },
		streams.Of("cached"), call)

	fresh, _ := streams.Collect(context.Background(), answer)
	cached, _ := streams.Collect(context.WithValue(context.Background(), cachedKey{}, true), answer)
	fmt.Println(fresh, cached)
	// Output: [fetched] [cached]
}
