package main

import (
	"fmt"
	"net/http"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// apiAnswer is what the protected API answers for an event.
type apiAnswer struct {
	Path       string `json:"path"`
	Generation int    `json:"generation"`
}

// processEvents is the epic that reports each event to the protected API,
// at most concurrency at a time, through the 401 flow: a request rejected
// for an expired or revoked token waits for the refresh and is sent again.
// Every event ends in exactly one of EventProcessed, EventFailed or, once
// the state says the events in flight are being cancelled, EventCancelled;
// never in silence.
func processEvents(authn *auth.Authenticator, client *http.Client, api string, concurrency int) epics.Epic[State, struct{}] {
	return epics.Named("processEvents", func(actions rxgo.Observable, states *epics.StateObservable[State], _ struct{}) rxgo.Observable {
		// From state$, which hands its current value at once, so that an
		// event still waiting for its turn is cancelled as it gets it.
		cancelling := streams.Pipe(states, streams.Filter(func(s State) bool { return s.Cancelling }))
		return streams.Pipe(actions,
			epics.OfType[EventReceived](),
			streams.MergeMap(func(e EventReceived) rxgo.Observable {
				return streams.Pipe(
					httpobs.GetJSON[apiAnswer](fmt.Sprintf("%s/events/%d", api, e.ID), httpobs.WithClient(client)),
					authn.Reauth(),
					streams.Map(func(a apiAnswer) any { return EventProcessed{ID: e.ID, Generation: a.Generation} }),
					streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable {
						return streams.Of(EventFailed{ID: e.ID, Err: err})
					}),
					streams.TakeUntil(cancelling),
					streams.DefaultIfEmpty(EventCancelled{ID: e.ID}),
				)
			}, concurrency),
		)
	})
}
