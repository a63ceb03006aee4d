package streams_test

import (
	"errors"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// Helpers for the spec_*_test.go files, the cases of RxJS's spec files
// ported as marble tests.

// errThrown is what the ported cases panic with where RxJS's throw a
// value: a *PanicError wrapping it matches it with errors.Is.
var errThrown = errors.New("error")

// synchronousSource emits 0 to 9 while it is subscribed, checking before
// each value, and records in sideEffects every value it emits: RxJS's
// "synchronous observable" of the teardown cases.
func synchronousSource(sideEffects *[]int) rxgo.Observable {
	return streams.Pipe(streams.Of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), streams.Map(func(i int) int {
		*sideEffects = append(*sideEffects, i)
		return i
	}))
}

// subscribeSynchronously subscribes to obs, lets go of it once whatever
// happens during the subscription call has happened, and waits for the
// observer to be done.
func subscribeSynchronously(t *testing.T, obs rxgo.Observable, o streams.Observer) {
	t.Helper()
	sub := streams.Subscribe(testContext(t), obs, o)
	sub.Unsubscribe()
	waitFor(t, sub.Done(), "the subscription to end")
}

// ofString is RxJS's x => of(x) for the marble letters.
func ofString(x string) rxgo.Observable { return streams.Of(x) }

// lookup is RxJS's observableLookup: the source a letter names.
func lookup(sources map[string]*streamtest.Source) func(string) rxgo.Observable {
	return func(v string) rxgo.Observable { return sources[v] }
}

// complexInners returns the inners a to g of RxJS's "many complex" cases
// of the flattening operators, where a and b fail at once and f completes
// in two frames; c, d, e and g are given.
func complexInners(h *streamtest.H, c, d, e, g string) map[string]*streamtest.Source {
	return map[string]*streamtest.Source{
		"a": h.Cold("-#", nil),
		"b": h.Cold("-#", nil),
		"c": h.Cold(c, nil),
		"d": h.Cold(d, nil),
		"e": h.Cold(e, nil),
		"f": h.Cold("--|", nil),
		"g": h.Cold(g, nil),
	}
}

// foreign hides that src is one of ours, so that operators subscribe to
// it as to any rxgo.Observable: RxJS's interop observable.
type foreign struct{ rxgo.Observable }
