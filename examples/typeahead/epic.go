package main

import (
	"context"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

// The actions of the search box.
type (
	// Typed is a keystroke: the query as it stands.
	Typed struct{ Query string }
	// Cleared empties the box, and cancels a search under way.
	Cleared struct{}
	// Found answers the last query.
	Found struct {
		Query   string
		Results []string
	}
	// SearchFailed says why the last query got no answer.
	SearchFailed struct {
		Query string
		Err   error
	}
)

// State is what the store holds: the search scope the user chose, and the
// last answer.
type State struct {
	Scope   string
	Query   string
	Results []string
}

func reduce(s State, action any) State {
	switch a := action.(type) {
	case Typed:
		s.Query = a.Query
	case Cleared:
		s.Query, s.Results = "", nil
	case Found:
		s.Results = a.Results
	}
	return s
}

// Deps is what the epic needs from the outside world.
type Deps struct {
	// Search looks query up in scope.
	Search func(ctx context.Context, scope, query string) ([]string, error)
	// Quiet is how long typing must pause before a search goes out.
	Quiet time.Duration
}

// searchEpic is the typeahead: once typing pauses, search for the query
// in the scope the state holds; a new query cancels the search before it
// (SwitchMap), and so does clearing the box.
func searchEpic(actions rxgo.Observable, states *epics.StateObservable[State], deps Deps) rxgo.Observable {
	cleared := streams.Pipe(actions, epics.OfType[Cleared]())
	return streams.Pipe(actions,
		epics.OfType[Typed](),
		streams.DebounceTime(deps.Quiet),
		streams.WithLatestFrom(states),
		streams.SwitchMap(func(v []any) rxgo.Observable {
			query, scope := v[0].(Typed).Query, v[1].(State).Scope
			search := streams.FromFunc(func(ctx context.Context) (any, error) {
				results, err := deps.Search(ctx, scope, query)
				if err != nil {
					return SearchFailed{Query: query, Err: err}, nil
				}
				return Found{Query: query, Results: results}, nil
			})
			return streams.Pipe(search, streams.TakeUntil(cleared))
		}),
	)
}
