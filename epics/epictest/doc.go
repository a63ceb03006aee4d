// Package epictest runs one epic in a test: give it a state, dependencies
// and input actions, and get back the actions it emits.
//
//	got := epictest.Run(t, pingEpic, epictest.Actions(Ping{}, Ping{}))
//	assert.Equal(t, []any{Pong{}, Pong{}}, got)
//
// The epic runs on a real epics.Store, so it sees action$ and state$
// exactly as it would in production, with one difference: what it emits is
// recorded, not dispatched. It never sees its own actions, and the state
// changes only through the actions the test dispatches (with the reducer
// given by the Reducer option; without one the state stays as given).
//
// For step-by-step tests, Start returns a Harness: dispatch, Expect what
// comes out, dispatch again, Finish.
//
// For marble tests on package streamtest's harness, Play calls the epic
// with action$ (and, if need be, state$) as marble sources, and the test
// states the timeline of its output:
//
//	streamtest.Run(t, func(h *streamtest.H) {
//		actions := h.Hot("-g-o------g-x-", values)
//		out := epictest.Play(h, searchEpic, actions, epictest.Deps(Backend{Latency: h.Frames(4)}))
//		h.Expect(out).ToBe("-------O------", values)
//	})
//
// Time-based epics (streams.Delay, Timer, Timeout…) are tested on virtual
// time inside a testing/synctest bubble: call Run or Start inside
// synctest.Test, and a one-minute delay takes no time at all. The timeout
// (see Timeout) is on the same clock.
package epictest
