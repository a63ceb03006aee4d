package epictest

import (
	"context"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// Play calls epic for a marble test of h and returns its output, for
// h.Expect: action$ is actions (a hot source of h, as a rule), state$ is
// NewStateObservable over the States option's source, or follows the
// Reducer over actions, or holds the State option's state; Deps gives
// the dependencies. Failures are reported at the test's lines by h.
//
//	streamtest.Run(t, func(h *streamtest.H) {
//		actions := h.Hot("-f--f-c", map[string]any{"f": Fetch{}, "c": Cancel{}})
//		out := epictest.Play(h, fetchEpic, actions, epictest.Deps(Config{Latency: h.Frames(2)}))
//		h.Expect(out).ToBe("---d---", map[string]any{"d": Fetched{}})
//	})
//
// The epic is called directly, as redux-observable tests do, not run on
// a store: its output is not dispatched, and a Combine is a plain merge.
// The Actions, Timeout and Restart options are for Run and Start; Play
// fails the test when given Actions.
func Play[S, D any](h *streamtest.H, epic epics.Epic[S, D], actions rxgo.Observable, opts ...Option) rxgo.Observable {
	h.Helper()
	switch {
	case epic == nil:
		h.Fatal("epictest.Play: nil epic")
	case actions == nil:
		h.Fatal("epictest.Play: nil actions")
	}
	cfg := newConfig("Play", opts)
	if len(cfg.actions) > 0 {
		h.Fatal("epictest.Play: the Actions option is for Run and Start; action$ is the actions given to Play")
	}
	initial := as[S](h, "State", cfg.state)
	deps := as[D](h, "Deps", cfg.deps)
	input := cfg.states
	switch {
	case input != nil && cfg.reducer != nil:
		h.Fatal("epictest.Play: give state$ as States or as a Reducer, not both")
	case cfg.reducer != nil:
		input = follow(initial, reducerOf[S](h, cfg.reducer), actions)
	case input == nil:
		input = streams.Never()
	}
	// state$ subscribes first, so that the reducer sees each action before
	// the epic does.
	states := epics.NewStateObservable(h.Context(), input, initial)
	return epic(actions, states, deps)
}

// follow returns the states reducer makes of actions, from initial on.
func follow[S any](initial S, reducer epics.Reducer[S], actions rxgo.Observable) rxgo.Observable {
	return streams.Defer(func(context.Context) rxgo.Observable {
		state := initial
		return streams.Pipe(actions, streams.Map(func(a any) any {
			state = reducer(state, a)
			return state
		}))
	})
}
