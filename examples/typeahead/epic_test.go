package main

import (
	"context"
	"testing"
	"time"

	"github.com/rxepic/rxepic/epics/epictest"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// The typeahead on marbles: a burst of keystrokes costs one search, for
// the last query; clearing the box cancels the search under way; a query
// typed while a search is out replaces it, and only its answer comes.
func TestTypeaheadMarbles(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		values := map[string]any{
			"a": Typed{"g"}, "b": Typed{"go"}, "c": Typed{"gos"},
			"d": Typed{"gof"}, "x": Cleared{},
			"e": Typed{"gop"}, "f": Typed{"gor"},
			"C": Found{Query: "gos", Results: []string{"docs:gos"}},
			"F": Found{Query: "gor", Results: []string{"docs:gor"}},
		}
		deps := Deps{Quiet: h.Frames(3), Search: searchTaking(h.Frames(6))}
		actions := h.Hot("-a-b-c---------d----x-----e----f", values)
		out := epictest.Play(h, searchEpic, actions, epictest.Deps(deps), epictest.State(State{Scope: "docs"}))
		h.Expect(out).ToBe("--------------C-------------------------F", values)
	})
}

// searchTaking is a search that answers "scope:query" after latency,
// unless it is cancelled first.
func searchTaking(latency time.Duration) func(ctx context.Context, scope, query string) ([]string, error) {
	return func(ctx context.Context, scope, query string) ([]string, error) {
		select {
		case <-time.After(latency):
			return []string{scope + ":" + query}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
