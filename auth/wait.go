package auth

import (
	"context"
	"fmt"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

// refreshWait is the outcome of the refresh that replaces the token of one
// generation, shared by every request waiting for it: the stream of new
// tokens with take(1), cut off with takeUntil by a refresh failure or a
// sign-out, subscribed once for all of them and replayed to each. A storm
// of N rejected requests thus costs one subscription to action$, not N,
// and each waiter holds only its subscription to the replay.
type refreshWait struct {
	gen     uint64
	outcome *streams.ReplaySubject
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
	switch w := a.wait; {
	case w != nil && w.gen == gen:
		return w.waiter
	case w != nil && w.gen > gen:
		// A later generation has been seen, so gen's token has been
		// replaced: requestRefresh answers at once.
		return streams.Defer(func(context.Context) rxgo.Observable {
			if answer := a.requestRefresh(gen); answer != nil {
				return answer
			}
			return streams.Throw(fmt.Errorf("auth: the token of generation %d is still in use after generation %d", gen, w.gen))
		})
	}
	// Subscribed before it is published, so that no waiter can trigger a
	// refresh whose outcome it would miss.
	w := &refreshWait{gen: gen, outcome: streams.NewReplaySubject(1)}
	a.feeds.Add(1)
	sub := streams.Subscribe(context.Background(), a.outcomeOf(gen), streams.Observer{
		Next:     w.outcome.Next,
		Error:    w.outcome.Error,
		Complete: w.outcome.Complete,
	})
	go func() {
		defer a.feeds.Done()
		sub.Wait()
	}()
	w.waiter = streams.Defer(func(context.Context) rxgo.Observable {
		if answer := a.requestRefresh(gen); answer != nil {
			return answer
		}
		return w.outcome.Observable()
	})
	a.wait = w
	return w.waiter
}

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
				return fmt.Errorf("auth: waiting for a refresh: %w", epics.ErrClosed)
			}
			return signedOut(reason)
		}),
	)
}

// requestRefresh asks for the token of generation gen to be replaced,
// and returns nil for the waiter to read the outcome; or, without asking,
// the answer itself: a value if the token has been replaced already, an
// error if the session is signed out or the request could not be
// dispatched.
func (a *Authenticator) requestRefresh(gen uint64) rxgo.Observable {
	s := a.state()
	switch {
	case s.Status == StatusSignedOut:
		return streams.Throw(signedOut(s.Err))
	case s.Generation > gen:
		return streams.Of(s.Generation)
	case s.Status == StatusRefreshing:
		// Its refresh is under way: a storm of 401s dispatches one
		// request, not one each.
		return nil
	}
	if err := a.store.Dispatch(RefreshRequested{Generation: gen}); err != nil {
		return streams.Throw(fmt.Errorf("auth: requesting a refresh: %w", err))
	}
	return nil
}
