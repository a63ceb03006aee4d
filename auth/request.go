package auth

import (
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// request is one subscription of a Reauth observable.
type request struct {
	a   *Authenticator
	src rxgo.Observable

	mu      sync.Mutex
	reauths int    // refreshes waited for and resends: the budget that ends loops
	waited  bool   // it waited for a refresh already
	sentGen uint64 // the generation of the token the last attempt carried
	sentOur bool   // whether our decorator ran on the last attempt
}

// send is one authorized attempt at the source: the token goes on every
// request it makes, and what it carried is recorded for the handler.
func (r *request) send() rxgo.Observable {
	r.mu.Lock()
	r.sentOur = false
	r.mu.Unlock()
	return streams.Pipe(r.src, streams.DeriveContext(func(ctx context.Context) context.Context {
		return httpobs.ContextWithDecorator(ctx, r.authorize)
	}))
}

func (r *request) authorize(req *http.Request) error {
	gen, err := r.a.authorize(req)
	r.mu.Lock()
	r.sentGen, r.sentOur = gen, err == nil
	r.mu.Unlock()
	return err
}

// rejected reports whether err means the token the last attempt carried
// was rejected, and that token's generation. A failed wait for a refresh
// is none, whatever its cause wraps (a token endpoint's 401, say).
func (r *request) rejected(err error) (uint64, bool) {
	if errors.Is(err, ErrRefreshFailed) || errors.Is(err, ErrSignedOut) || !r.a.cfg.reauthOn(err) {
		return 0, false
	}
	var se *httpobs.StatusError
	if errors.As(err, &se) && se.LeftOrigin {
		return 0, false // the token was never sent there
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.sentOur {
		// Not sent through our decorator: take it as a rejection of the
		// current token.
		return r.a.state().Generation, true
	}
	return r.sentGen, true
}

// spend takes one re-authentication from the request's budget, and
// reports false when there is none left: every wait for a refresh and
// every resend spends one, so a storm costs one refresh and no request is
// sent more than limit+1 times.
func (r *request) spend() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.reauths >= r.a.cfg.reauthLimit {
		return false
	}
	r.reauths++
	return true
}

// waitOnce reports whether the request should wait for a refresh now:
// when need holds and it has not waited yet.
func (r *request) waitOnce(need bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !need || r.waited {
		return false
	}
	r.waited = true
	return true
}
