package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/internal/panics"
	"github.com/rxepic/rxepic/streams"
)

// RefreshFunc exchanges a refresh token for new tokens. It is called by the
// refresh epic, at most once at a time, with a context that ends at the
// refresh timeout; a pair without Issued is taken as issued when it came.
// An error matching ErrUnavailable (see UnavailableError) is tried again
// with backoff; any other fails the refresh and signs out.
type RefreshFunc func(ctx context.Context, refreshToken Token) (TokenPair, error)

// RefreshEpic returns the epic that answers RefreshRequested: it calls
// refresh with the current refresh token and emits RefreshSucceeded, or
// RefreshFailed. Both carry the generation refreshed, so that an outcome
// arriving after a sign-out or another sign-in changes nothing. slice
// reads the auth State out of the store's state.
//
// It makes one refresh call per attempt of a generation however many
// requests asked, one at a time. The call is raw: it never goes through
// Reauth or Transport, so a token endpoint that answers 401 fails the
// refresh instead of looping. An unavailable token endpoint is tried again
// with backoff, honouring its Retry-After, within the refresh timeout;
// when that runs out the session stays signed in. Any other failure signs
// out, and so does a timeout of the call itself, since the endpoint may
// have used the refresh token: it is never presented twice.
func RefreshEpic[S, D any](slice func(S) State, refresh RefreshFunc, opts ...Option) epics.Epic[S, D] {
	if slice == nil || refresh == nil {
		panic("auth.RefreshEpic: nil slice or refresh function")
	}
	cfg := newConfig("RefreshEpic", opts)
	return epics.Named("auth.RefreshEpic", func(actions rxgo.Observable, states *epics.StateObservable[S], _ D) rxgo.Observable {
		current := func() State { return slice(states.Value()) }
		// last is the refresh queued last; only the Filter touches it.
		var last refreshKey
		refreshes := streams.Pipe(actions,
			streams.OfType[RefreshRequested](),
			streams.Filter(func(r RefreshRequested) bool {
				s := current()
				key := keyOf(s, s.Attempt)
				if s.Status != StatusRefreshing || s.Generation != r.Generation || key == last {
					return false // stale, or asked for twice
				}
				last = key
				return true
			}),
			streams.ConcatMap(func(r RefreshRequested) rxgo.Observable {
				return streams.Defer(func(context.Context) rxgo.Observable {
					s := current()
					if s.Status != StatusRefreshing || s.Generation != r.Generation {
						return streams.Empty() // refreshed or signed out meanwhile
					}
					return streams.FromFunc(func(ctx context.Context) (any, error) {
						return cfg.refresh(ctx, refresh, s), nil
					})
				})
			}),
		)
		// The new pair is handed to OnTokens once the store has taken it:
		// action$ delivers after the reducer, so state$ tells.
		saved := streams.Pipe(actions,
			streams.OfType[RefreshSucceeded](),
			streams.Filter(func(r RefreshSucceeded) bool {
				if s := current(); s.Generation == r.Generation+1 && s.AccessToken == r.Tokens.AccessToken {
					cfg.save(TokenPair{AccessToken: s.AccessToken, RefreshToken: s.RefreshToken, Expiry: s.Expiry, Issued: s.Issued})
				}
				return false
			}),
		)
		return streams.Merge(refreshes, saved)
	})
}

// backoff bounds the waits between tries of an unavailable endpoint.
const (
	firstBackoff = 100 * time.Millisecond
	maxBackoff   = 5 * time.Second
)

// refresh makes the refresh of s and returns the action it ends with.
func (cfg config) refresh(ctx context.Context, refresh RefreshFunc, s State) any {
	if s.RefreshToken == "" {
		return cfg.failed(s.Generation, ErrNoRefreshToken, false)
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.refreshTimeout)
	defer cancel()
	wait := firstBackoff
	for {
		cfg.logger.Debug("auth: refreshing", "generation", s.Generation, "refresh_token", s.RefreshToken.Fingerprint())
		pair, err := callWithin(ctx, refresh, s.RefreshToken)
		if err == nil {
			return cfg.succeeded(s, pair)
		}
		var ue *UnavailableError
		if !errors.As(err, &ue) {
			if ctx.Err() != nil {
				err = fmt.Errorf("%w: no answer within %v: %w", ErrAmbiguous, cfg.refreshTimeout, err)
			}
			return cfg.failed(s.Generation, err, false)
		}
		wait = max(wait, ue.RetryAfter)
		if deadline, _ := ctx.Deadline(); time.Until(deadline) < wait {
			return cfg.failed(s.Generation, err, true)
		}
		cfg.logger.Debug("auth: token endpoint unavailable, trying again", "after", wait, "error", err.Error())
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return cfg.failed(s.Generation, err, true)
		}
		wait = min(2*wait, maxBackoff)
	}
}

// callWithin calls refresh and returns its result, or ctx's error if ctx
// ends first: a RefreshFunc that ignores its context is left to finish on
// its own, and what it returns then is dropped.
func callWithin(ctx context.Context, refresh RefreshFunc, token Token) (TokenPair, error) {
	type result struct {
		pair TokenPair
		err  error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		if err := panics.Catch("RefreshFunc", func() { r.pair, r.err = refresh(ctx, token) }); err != nil {
			r.err = err
		}
		done <- r
	}()
	select {
	case r := <-done:
		if r.err == nil && ctx.Err() != nil {
			return TokenPair{}, context.Cause(ctx) // it ignored its deadline
		}
		return r.pair, r.err
	case <-ctx.Done():
		return TokenPair{}, context.Cause(ctx)
	}
}

func (cfg config) succeeded(s State, pair TokenPair) any {
	if pair.AccessToken == "" {
		return cfg.failed(s.Generation, errors.New("auth: refresh gave no access token"), false)
	}
	if pair.RefreshToken == "" {
		pair.RefreshToken = s.RefreshToken
	}
	if pair.Issued.IsZero() {
		// Obtained now: with the expiry, that gives the token's lifetime,
		// which bounds the expiry margin of a token that lives less.
		pair.Issued = time.Now()
	}
	cfg.logger.Debug("auth: refreshed", "generation", s.Generation+1, "access_token", pair.AccessToken.Fingerprint())
	return RefreshSucceeded{Tokens: pair, Generation: s.Generation}
}

// failed is the action a failed refresh of generation gen ends with.
func (cfg config) failed(gen uint64, cause error, retryable bool) any {
	err := fmt.Errorf("%w: %w", ErrRefreshFailed, cause)
	msg := "auth: refresh failed, signing out"
	if retryable {
		msg = "auth: refresh failed, the token endpoint is unavailable; staying signed in"
	}
	cfg.logger.LogAttrs(context.Background(), slog.LevelWarn, msg, slog.String("error", err.Error()))
	return RefreshFailed{Err: err, Generation: gen, Retryable: retryable}
}

// save hands a new pair to the OnTokens hook. The refresh has happened and
// the old refresh token is spent, so a panicking hook is logged, not
// allowed to lose the new tokens.
func (cfg config) save(pair TokenPair) {
	if cfg.onTokens == nil {
		return
	}
	if err := panics.Catch("OnTokens", func() { cfg.onTokens(pair) }); err != nil {
		cfg.logger.Error("auth: OnTokens panicked", "panic", fmt.Sprint(err.(*panics.Error).Value))
	}
}
