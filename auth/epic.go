package auth

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/internal/panics"
	"github.com/rxepic/rxepic/streams"
)

// RefreshEpic returns the epic that answers RefreshRequested: it calls
// refresh with the current refresh token and emits RefreshSucceeded, or
// RefreshFailed, which signs out. Both carry the generation refreshed, so
// that an outcome arriving after a sign-out or another sign-in changes
// nothing. slice reads the auth State out of the store's state.
//
// One refresh runs at a time and at most one per token generation: a
// request for a generation that is being, or has been, refreshed is ignored
// — exhaustMap's guarantee. Unlike a bare exhaustMap, a request for a newer
// generation that arrives while an older refresh is finishing waits its
// turn instead of being dropped, so no waiter is left without an outcome.
//
// The refresh call is raw: it never goes through Reauth or Transport, so a
// token endpoint that answers 401 fails the refresh instead of looping.
func RefreshEpic[S, D any](slice func(S) State, refresh RefreshFunc, opts ...Option) epics.Epic[S, D] {
	if slice == nil || refresh == nil {
		panic("auth.RefreshEpic: nil slice or refresh function")
	}
	cfg := newConfig(opts)
	return epics.Named("auth.RefreshEpic", func(actions rxgo.Observable, states *epics.StateObservable[S], _ D) rxgo.Observable {
		// last is the refresh queued last: a generation and the refresh
		// token it would present. Not the generation alone: a store that
		// resets the slice on sign-out brings generations round again, and
		// then a new sign-in's refresh must not be taken for a duplicate.
		// Only the Filter touches it, one call at a time.
		type refreshKey struct {
			generation uint64
			token      Token
		}
		var last refreshKey
		queued := false
		return streams.Pipe(actions,
			streams.OfType[RefreshRequested](),
			streams.Filter(func(r RefreshRequested) bool {
				key := refreshKey{r.Generation, slice(states.Value()).RefreshToken}
				if queued && key == last {
					return false
				}
				queued, last = true, key
				return true
			}),
			streams.ConcatMap(func(r RefreshRequested) rxgo.Observable {
				return streams.Defer(func(context.Context) rxgo.Observable {
					s := slice(states.Value())
					switch {
					case s.Generation != r.Generation || s.Status != StatusRefreshing:
						return streams.Empty() // refreshed already, or signed out
					case s.RefreshToken == "":
						return failed(cfg, s.Generation, ErrNoRefreshToken)
					}
					return cfg.refresh(refresh, s)
				})
			}),
		)
	})
}

// refresh calls the token endpoint once and turns the outcome into actions.
func (cfg config) refresh(refresh RefreshFunc, s State) rxgo.Observable {
	old := s.RefreshToken
	call := streams.FromFunc(func(ctx context.Context) (any, error) {
		ctx, cancel := context.WithTimeout(ctx, cfg.refreshTimeout)
		defer cancel()
		cfg.logger.Info("auth: refreshing", "generation", s.Generation, "refresh_token", old.Fingerprint())
		pair, err := refresh(ctx, old)
		if err == nil && ctx.Err() != nil {
			err = ctx.Err() // a RefreshFunc that ignored its deadline
		}
		if err != nil {
			return nil, err
		}
		if pair.AccessToken == "" {
			return nil, fmt.Errorf("auth: refresh gave no access token")
		}
		if pair.RefreshToken == "" {
			pair.RefreshToken = old
		}
		cfg.save(pair)
		cfg.logger.Info("auth: refreshed", "generation", s.Generation+1, "access_token", pair.AccessToken.Fingerprint())
		return RefreshSucceeded{Tokens: pair, Generation: s.Generation}, nil
	})
	return streams.Pipe(call, streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable {
		return failed(cfg, s.Generation, err)
	}))
}

// failed is the action a failed refresh of generation gen ends with.
func failed(cfg config, gen uint64, cause error) rxgo.Observable {
	err := fmt.Errorf("%w: %w", ErrRefreshFailed, cause)
	cfg.logger.LogAttrs(context.Background(), slog.LevelWarn, "auth: refresh failed, signing out", slog.String("error", err.Error()))
	return streams.Of(RefreshFailed{Err: err, Generation: gen})
}

// save hands a new pair to the OnTokens hook. The refresh has already
// happened and the old refresh token is spent, so a panicking hook is
// logged, not allowed to lose the new tokens.
func (cfg config) save(pair TokenPair) {
	if cfg.onTokens == nil {
		return
	}
	if err := panics.Catch("OnTokens", func() { cfg.onTokens(pair) }); err != nil {
		cfg.logger.Error("auth: OnTokens panicked", "panic", fmt.Sprint(err.(*panics.Error).Value))
	}
}
