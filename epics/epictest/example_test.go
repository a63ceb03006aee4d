package epictest_test

import (
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/epics/epictest"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

type Search struct{ Query string }
type Results struct{ Query string }

// searchEpic answers each Search with its Results.
func searchEpic(actions rxgo.Observable, _ *epics.StateObservable[struct{}], _ struct{}) rxgo.Observable {
	return streams.Pipe(actions, epics.OfType[Search](), streams.Map(func(s Search) any { return Results{Query: s.Query} }))
}

// testSearch is an epic test as it is written in a _test.go file, where it
// would be func TestSearch(t *testing.T).
func testSearch(t *testing.T) {
	got := epictest.Run(t, searchEpic, epictest.Actions(Search{"go"}, "not a search", Search{"rx"}))
	fmt.Println(got)
}

type Query struct{ Text string }
type Hits struct{ Text string }
type Clear struct{}

// Backend is the search epic's dependency: how long a search takes.
type Backend struct{ Latency time.Duration }

// searchAsYouTypeEpic searches for the latest Query, dropping a search
// still under way, and drops it too on Clear.
func searchAsYouTypeEpic(actions rxgo.Observable, _ *epics.StateObservable[struct{}], b Backend) rxgo.Observable {
	return streams.Pipe(actions, epics.OfType[Query](), streams.SwitchMap(func(q Query) rxgo.Observable {
		return streams.Pipe(streams.Timer(b.Latency),
			streams.Map(func(any) any { return Hits(q) }),
			streams.TakeUntil(streams.Pipe(actions, epics.OfType[Clear]())))
	}))
}

// testSearchAsYouType is a marble test as it is written in a _test.go
// file, where it would be func TestSearchAsYouType(t *testing.T).
func testSearchAsYouType(t *testing.T) {
	values := map[string]any{
		"g": Query{"g"}, "o": Query{"go"}, "x": Clear{},
		"O": Hits{"go"}, "G": Hits{"g"},
	}
	streamtest.Run(t, func(h *streamtest.H) {
		actions := h.Hot("-g-o------g-x-", values)
		out := epictest.Play(h, searchAsYouTypeEpic, actions, epictest.Deps(Backend{Latency: h.Frames(4)}))
		// "go" replaces "g" before it is found; Clear drops the second "g".
		h.Expect(out).ToBe("-------O------", values)
	})
}

func ExamplePlay() {
	fmt.Println(runTest(testSearchAsYouType))
	// Output: PASS
}

func Example() {
	// An Example has no *testing.T of its own: run the test as go test
	// would, and show what it printed.
	runTest(testSearch)
	// Output: [{go} {rx}]
}

// runTest runs test once, as go test runs a Test function, with the flags
// that choose, repeat or detail the enclosing run's tests set aside, and
// says whether it passed.
func runTest(test func(*testing.T)) string {
	for name, v := range map[string]string{"test.run": "", "test.skip": "", "test.v": "false", "test.count": "1"} {
		if f := flag.Lookup(name); f != nil {
			old := f.Value.String()
			f.Value.Set(v)
			defer f.Value.Set(old)
		}
	}
	all := func(string, string) (bool, error) { return true, nil }
	if !testing.RunTests(all, []testing.InternalTest{{Name: "Example", F: test}}) {
		return "FAIL"
	}
	return "PASS"
}
