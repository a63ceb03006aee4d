package epictest_test

import (
	"flag"
	"fmt"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/epics/epictest"
	"github.com/rxepic/rxepic/streams"
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

func Example() {
	// An Example has no *testing.T of its own: run the test as go test
	// would, and show what it printed.
	runTest(testSearch)
	// Output: [{go} {rx}]
}

// runTest runs test once, as go test runs a Test function, with the flags
// that choose, repeat or detail the enclosing run's tests set aside.
func runTest(test func(*testing.T)) {
	for name, v := range map[string]string{"test.run": "", "test.skip": "", "test.v": "false", "test.count": "1"} {
		if f := flag.Lookup(name); f != nil {
			old := f.Value.String()
			f.Value.Set(v)
			defer f.Value.Set(old)
		}
	}
	all := func(string, string) (bool, error) { return true, nil }
	testing.RunTests(all, []testing.InternalTest{{Name: "Example", F: test}})
}
