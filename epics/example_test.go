package epics_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

type Ping struct{ N int }

type Pong struct{ N int }

// Counts is the example's state.
type Counts struct{ Pings, Pongs int }

func count(s Counts, action any) Counts {
	switch action.(type) {
	case Ping:
		s.Pings++
	case Pong:
		s.Pongs++
	}
	return s
}

// pingEpic answers every Ping with a Pong.
func pingEpic(actions rxgo.Observable, _ *epics.StateObservable[Counts], _ struct{}) rxgo.Observable {
	return streams.Pipe(actions,
		epics.OfType[Ping](),
		streams.Map(func(p Ping) any { return Pong(p) }),
	)
}

func Example() {
	store := epics.NewStore(count, Counts{}, struct{}{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := store.Start(ctx, pingEpic); err != nil {
		panic(err)
	}
	for i := range 3 {
		store.Dispatch(Ping{N: i})
	}
	// Close lets pingEpic answer the Pings already dispatched; Wait waits
	// for it to end.
	store.Close()
	store.Wait()
	fmt.Printf("%+v\n", store.State())
	fmt.Println(store.Dispatch(Ping{}))
	// Output:
	// {Pings:3 Pongs:3}
	// epics: store closed
}

func ExampleNamed() {
	failing := func(actions rxgo.Observable, _ *epics.StateObservable[Counts], _ struct{}) rxgo.Observable {
		return streams.Pipe(actions, epics.OfType[Ping](), streams.MergeMap(func(Ping) rxgo.Observable {
			return streams.Throw(errors.New("no table"))
		}, 0))
	}
	store := epics.NewStore(count, Counts{}, struct{}{},
		epics.WithOnError(func(epic string, err error) { fmt.Println(err) }),
		epics.WithRestart(epics.NeverRestart()))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store.Start(ctx, epics.Named("pingpong", epics.Combine(pingEpic, epics.Named("table", failing))))
	store.Dispatch(Ping{})
	store.Close()
	store.Wait()
	fmt.Printf("%+v\n", store.State())
	// Output:
	// epics: epic "pingpong/table": no table
	// {Pings:1 Pongs:1}
}
