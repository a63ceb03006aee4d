package family

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/epics"
)

// step names the points of a refresh between two writes, where a test
// stops a holder as a crash would.
type step int

const (
	stepLeased       step = iota + 1 // the lease is taken, the write-ahead not written
	stepWrittenAhead                 // the write-ahead is written, the endpoint not called
	stepCalled                       // the endpoint has answered, the result is not written
	stepWritten                      // the result is written, the lease not released
)

// ask is one local request for the token of local to be replaced.
type ask struct {
	r     *replica
	local auth.State
	// holder is the value of the lease this ask takes: the replica and a
	// nonce, so that only this ask's own writes are taken for its resends.
	holder string
	// base is the attempt the record was at when the ask began, less one
	// under way then: an attempt past it that ends unavailable answers
	// the ask, as a refresh of one's own that found the endpoint down.
	base    uint64
	started bool
	trouble error // the last NATS error, nil after a read that worked
}

// answer runs the family's protocol for a local ask and returns the action
// that ends it, within the refresh timeout: the record is past the local
// token (no call), or signed out; or this replica takes the lease, writes
// ahead, calls the endpoint and writes the result; or another replica
// holds the lease and the ask waits for its result, taking the lease over
// if it expires first.
func (r *replica) answer(life context.Context, local auth.State) any {
	ctx, cancel := context.WithTimeout(life, r.cfg.refreshTimeout)
	defer cancel()
	a := &ask{r: r, local: local, holder: r.cfg.replica + "-" + nonce()}
	for ctx.Err() == nil {
		changed := r.changes.next()
		cur, err := r.b.read(ctx)
		if err != nil {
			if errors.Is(err, ErrUndecryptable) {
				return a.failed(err, false)
			}
			a.troubled(ctx, err)
			a.waitFor(ctx, changed)
			continue
		}
		a.trouble = nil
		r.gens.note(cur.tokens.AccessToken, cur.gen)
		if out, done := a.settled(cur); done {
			return out
		}
		if out, done := a.refresh(ctx, cur, changed); done {
			return out
		}
	}
	if life.Err() != nil {
		// Closing: the auth.Session has failed the requests waiting.
		return auth.RefreshFailed{Err: fmt.Errorf("%w: %w", auth.ErrRefreshFailed, epics.ErrClosed), Generation: local.Generation}
	}
	return a.timedOut()
}

// settled returns the answer the record cur gives the ask without a call,
// if it gives one.
func (a *ask) settled(cur snapshot) (any, bool) {
	if !a.started {
		a.started, a.base = true, cur.attempt
		if cur.status == statusRefreshing && cur.attempt > 0 {
			a.base--
		}
	}
	mine := a.r.gens.of(a.local.AccessToken)
	switch {
	case cur.rev == 0:
		return a.failed(ErrNoRecord, false), true
	case cur.status == statusSignedOut && cur.gen >= mine:
		return auth.SignedOut{Reason: cur.signOutReason(a.r.name)}, true
	case cur.hasTokens() && cur.gen > mine:
		a.r.log.Debug("family: refreshed by another replica", "family", a.r.name, "record", cur.String())
		return auth.RefreshSucceeded{Tokens: cur.tokens, Generation: a.local.Generation}, true
	case cur.status == statusUnavailable && cur.gen == mine && cur.attempt > a.base:
		err := &auth.UnavailableError{Err: fmt.Errorf("family %s: replica %s: %s", a.r.name, cur.holder, cur.reason)}
		return a.failed(err, true), true
	}
	return nil, false
}

// refresh takes the lease and refreshes cur, or waits for a change when
// it cannot: it reports whether the ask is answered.
func (a *ask) refresh(ctx context.Context, cur snapshot, changed <-chan struct{}) (any, bool) {
	r := a.r
	if cur.gen < r.gens.of(a.local.AccessToken) || cur.status == statusSignedOut {
		a.waitFor(ctx, changed) // a stale read: the record is behind the local token
		return nil, false
	}
	// The lease, once taken, outlives the holder's work: the call ends a
	// quarter of its TTL before it does, the result written by then.
	taken := time.Now()
	leaseRev, err := r.b.takeLease(ctx, a.holder)
	if err != nil {
		if !conflict(err) {
			a.troubled(ctx, err)
		}
		a.waitFor(ctx, changed) // held: wait for its result, or for it to expire
		return nil, false
	}
	end := taken.Add(r.cfg.leaseTTL)
	if deadline, _ := ctx.Deadline(); deadline.Before(end) {
		end = deadline
	}
	// A holder finishes what it started even when the session closes.
	work, cancel := context.WithDeadline(context.WithoutCancel(ctx), end)
	defer cancel()
	r.hook(stepLeased)

	ahead := cur
	ahead.status, ahead.attempt, ahead.holder, ahead.reason = statusRefreshing, cur.attempt+1, r.cfg.replica, ""
	aheadRev, err := r.b.writeRetrying(work, ahead, cur.rev, msgID(ahead, a.holder, "refreshing"), r.poll)
	if err != nil {
		r.release(leaseRev)
		if !conflict(err) {
			a.troubled(ctx, err)
		}
		return nil, false // moved on, or NATS is gone: read it again
	}
	r.hook(stepWrittenAhead)

	r.log.Debug("family: refreshing", "family", r.name, "record", ahead.String(), "refresh_token", cur.tokens.RefreshToken.Fingerprint())
	callCtx, cancelCall := context.WithDeadline(work, end.Add(-r.cfg.leaseTTL/4))
	out := call(callCtx, r.refresh, cur.tokens.RefreshToken)
	cancelCall()
	r.hook(stepCalled)

	result := a.result(ahead, out)
	if _, err := r.b.writeRetrying(work, result, aheadRev, msgID(result, a.holder, "result"), r.poll); err != nil {
		if conflict(err) {
			// The lease expired and another replica took over, or a
			// sign-in or sign-out came: the record says what holds.
			r.release(leaseRev)
			r.log.Warn("family: the record moved on during this replica's refresh; its result is dropped", "family", r.name)
			return nil, false
		}
		// Fail closed: tokens the family does not hold are not used here.
		return a.failed(fmt.Errorf("%w: the refresh's result could not be written, and is dropped: %w", ErrUnreachable, err), true), true
	}
	r.hook(stepWritten)
	r.release(leaseRev)
	r.gens.note(result.tokens.AccessToken, result.gen)
	return a.ending(out), true
}

// result is the record a call's outcome leaves: the next generation, a
// sign-out, or the same tokens marked unavailable.
func (a *ask) result(ahead snapshot, out outcome) snapshot {
	next := ahead
	next.holder = ""
	switch {
	case out.err == nil:
		next = snapshot{gen: ahead.gen + 1, status: statusSignedIn, tokens: out.pair}
	case out.retryable:
		next.status = statusUnavailable
		next.holder = a.r.cfg.replica
		next.reason = redact(out.err.Error(), ahead.tokens.AccessToken, ahead.tokens.RefreshToken)
	default:
		next.status, next.tokens, next.failed = statusSignedOut, auth.TokenPair{}, true
		next.holder = a.r.cfg.replica
		next.reason = redact(out.err.Error(), ahead.tokens.AccessToken, ahead.tokens.RefreshToken)
	}
	return next
}

// ending is the local action a call's outcome ends the ask with.
func (a *ask) ending(out outcome) any {
	if out.err == nil {
		a.r.log.Debug("family: refreshed", "family", a.r.name, "access_token", out.pair.AccessToken.Fingerprint())
		return auth.RefreshSucceeded{Tokens: out.pair, Generation: a.local.Generation}
	}
	return a.failed(out.err, out.retryable)
}

func (a *ask) failed(cause error, retryable bool) auth.RefreshFailed {
	err := fmt.Errorf("%w: %w", auth.ErrRefreshFailed, cause)
	msg := "family: refresh failed, signing out"
	if retryable {
		msg = "family: refresh failed; staying signed in"
	}
	a.r.log.Warn(msg, "family", a.r.name, "error", err.Error())
	return auth.RefreshFailed{Err: err, Generation: a.local.Generation, Retryable: retryable}
}

// timedOut is the answer of an ask whose refresh timeout ran out: NATS
// could not be reached, or no replica's refresh came to an end.
func (a *ask) timedOut() auth.RefreshFailed {
	if a.trouble != nil {
		return a.failed(fmt.Errorf("%w (family %s, refresh timeout %v): %w", ErrUnreachable, a.r.name, a.r.cfg.refreshTimeout, a.trouble), true)
	}
	return a.failed(fmt.Errorf("%w (family %s, refresh timeout %v)", ErrNoResult, a.r.name, a.r.cfg.refreshTimeout), true)
}

// troubled records err, a NATS operation's failure, for the answer of an
// ask that times out: the cause, not the deadline that ended the last try.
func (a *ask) troubled(ctx context.Context, err error) {
	if ctx.Err() == nil || a.trouble == nil {
		a.trouble = err
	}
}

// waitFor waits for the family's keys to change, or the poll interval, in
// case a change is not seen, or ctx to end.
func (a *ask) waitFor(ctx context.Context, changed <-chan struct{}) {
	t := time.NewTimer(a.r.poll)
	defer t.Stop()
	select {
	case <-changed:
	case <-t.C:
	case <-ctx.Done():
	}
}

func nonce() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
