package auth

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

// refreshWait is the outcome of the refresh that replaces the token of one
// generation, shared by every request waiting for it: the stream of new
// tokens with take(1), cut off with takeUntil by a refresh failure or a
// sign-out, subscribed once for all of them and replayed to each. A storm
// of N rejected requests thus costs one such chain on action$, not N, and
// each waiter holds only its subscription to the replay.
type refreshWait struct {
	gen       uint64
	outcome   *streams.ReplaySubject
	feed      *streams.Subscription // feeds outcome from action$
	ended     atomic.Bool           // the outcome is in
	replaced  atomic.Bool           // the token has been replaced
	requested atomic.Bool           // a waiter has dispatched RefreshRequested
	// waiter is what each waiting request subscribes to (see refreshed).
	waiter rxgo.Observable
}

// refreshed emits once when the token of generation gen has been replaced,
// triggering the refresh if need be, or fails when the session is signed
// out first. The order is the heart of it: the shared outcome is
// subscribed to before anyone can trigger the refresh, so no outcome can
// be missed; each waiter then triggers it if need be and reads the
// outcome, replayed if it came already.
func (a *Authenticator) refreshed(gen uint64) rxgo.Observable {
	a.mu.Lock()
	defer a.mu.Unlock()
	if w := a.wait; w != nil && w.gen == gen && !w.ended.Load() {
		return w.waiter
	}
	// A wait that has ended is not reused: its outcome is old news if the
	// slice has since been reset and gen has come round again.
	if a.closed {
		return streams.Throw(errClosedWaiting)
	}
	w := &refreshWait{gen: gen, outcome: streams.NewReplaySubject(1, 0)}
	w.feed = streams.Subscribe(a.feedCtx, a.outcomeOf(gen), streams.Observer{
		Next: func(v any) {
			w.replaced.Store(true)
			w.outcome.Next(v)
		},
		Error: func(err error) {
			w.ended.Store(true)
			w.outcome.Error(err)
		},
		Complete: func() {
			w.ended.Store(true)
			w.outcome.Complete()
		},
	})
	a.waits = append(slices.DeleteFunc(a.waits, (*refreshWait).over), w)
	replay := w.outcome.Observable()
	w.waiter = streams.Defer(func(context.Context) rxgo.Observable {
		if answer := a.requestRefresh(w); answer != nil {
			return answer
		}
		return replay
	})
	a.wait = w
	return w.waiter
}

// over reports whether w's feed has ended.
func (w *refreshWait) over() bool {
	select {
	case <-w.feed.Done():
		return true
	default:
		return false
	}
}

// Close is for the end of the store's life, after the store is closed (a
// Session's Close does both): it ends the shared waits for refreshes and
// waits for the goroutines that feed them. A request still waiting fails,
// and one that needs a refresh from then on fails, with an error matching
// epics.ErrClosed. (The waits end by themselves when the store's action$
// completes; Close also ends them for a Store whose action$ never does.)
func (a *Authenticator) Close() {
	a.mu.Lock()
	a.closed = true
	waits := a.waits
	a.waits = nil
	a.mu.Unlock()
	a.cancelFeeds()
	for _, w := range waits {
		w.feed.Wait()
		switch {
		case w.ended.Load():
		case w.replaced.Load():
			// Cut off between the new token and its completion.
			w.ended.Store(true)
			w.outcome.Complete()
		default:
			// Cut off before its outcome: the subscription ended without
			// telling the observer, so tell the waiters here.
			w.ended.Store(true)
			w.outcome.Error(errClosedWaiting)
		}
	}
}

// errClosedWaiting fails requests that need a refresh once the store or
// the Authenticator is closed.
var errClosedWaiting = fmt.Errorf("auth: waiting for a refresh: %w", epics.ErrClosed)

// outcomeOf returns the stream that emits the first new token that
// replaces gen's, or fails when gen's refresh fails or the session signs
// out first, or when the store closes.
func (a *Authenticator) outcomeOf(gen uint64) rxgo.Observable {
	// Outcomes of another sign-in's refresh are not ours: a new token
	// counts if it replaced gen or came with a sign-in, a failure if it was
	// the refresh of gen or later. reason is written by the cut-off filter
	// before TakeUntil completes, and read after it.
	var reason error
	cut := false // touched only by the cut-off filter, one call at a time
	cutoff := streams.Pipe(a.endings, streams.Filter(func(act any) bool {
		if cut {
			return false
		}
		switch act := act.(type) {
		case RefreshFailed:
			reason, cut = act.Err, act.Generation >= gen
		case SignedOut:
			reason, cut = act.Reason, true
		}
		return cut
	}))
	mine := streams.Filter(func(act any) bool {
		r, refreshed := act.(RefreshSucceeded)
		return !refreshed || r.Generation >= gen
	})
	return streams.Pipe(a.newTokens,
		mine,
		streams.Take(1),
		streams.TakeUntil(cutoff),
		streams.ThrowIfEmpty(func() error {
			if !cut {
				// action$ completed: the store closed under the waiters.
				return errClosedWaiting
			}
			return signedOut(reason)
		}),
	)
}

// requestRefresh asks for the token of w's generation to be replaced,
// and returns nil for the waiter to read w's outcome; or, without asking,
// the answer itself: a value if the token has been replaced already, an
// error if the session is signed out or the request could not be
// dispatched.
func (a *Authenticator) requestRefresh(w *refreshWait) rxgo.Observable {
	s := a.state()
	switch {
	case s.Status == StatusSignedOut:
		return streams.Throw(signedOut(s.Err))
	case s.Generation != w.gen:
		// Replaced already (or, in a store that reset the slice, signed in
		// again since): no need to wait.
		return streams.Of(s.Generation)
	case s.Status == StatusRefreshing && !w.requested.CompareAndSwap(false, true):
		// Its refresh is under way, and this wait has asked for it: a
		// storm of 401s dispatches one request, not one each. The first
		// waiter asks even so, in case the refresh epic was not running
		// when the refresh was first requested.
		return nil
	}
	w.requested.Store(true)
	if err := a.store.Dispatch(RefreshRequested{Generation: w.gen}); err != nil {
		return streams.Throw(fmt.Errorf("auth: requesting a refresh: %w", err))
	}
	return nil
}
