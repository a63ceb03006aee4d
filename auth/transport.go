package auth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"

	"github.com/reactivex/rxgo/v2"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// maxRejectionBody bounds how much of a 401's body Transport keeps to hand
// back to the caller when re-authentication did not help.
const maxRejectionBody = 64 << 10

// Transport is an http.RoundTripper that runs the same 401 flow as Reauth
// for code that is not reactive: give it to any http.Client, or to a
// generated API client, and its requests get the current access token and
// survive its expiry. It is safe for concurrent use.
//
// A request body is replayed through Request.GetBody (set by
// http.NewRequest for in-memory bodies); a request whose body cannot be
// replayed is sent once, and if it then needs a retry it fails with an
// error matching httpobs.ErrBodyNotReplayable rather than being resent
// empty. When re-authentication did not help, the last 401 response is
// returned as it came. A failed refresh is an error matching
// ErrRefreshFailed. The token never follows a redirect to another origin
// (scheme, host and port).
type Transport struct {
	auth *Authenticator
	base http.RoundTripper
}

// Transport returns a Transport that sends through base
// (http.DefaultTransport if nil).
func (a *Authenticator) Transport(base http.RoundTripper) *Transport {
	if base == nil {
		base = http.DefaultTransport
	}
	return &Transport{auth: a, base: base}
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if httpobs.LeftOrigin(req) {
		// A redirect that has left the origin the token is for: it goes
		// on without the token, and a 401 there is not ours to fix.
		return t.base.RoundTrip(req)
	}
	if ctx, ok := t.auth.sendNow(req.Context()); ok {
		// The token is valid: the first attempt goes out at once, as
		// Reauth's does, and the flow starts only if it is rejected.
		v, err := t.send(ctx, req, 1)
		switch {
		case err == nil:
			return v.(*http.Response), nil
		case !t.auth.cfg.reauthOn(err):
			return nil, err
		}
		return t.flow(req, 1, func(src rxgo.Observable) rxgo.Observable {
			return t.auth.afterRejection(err, t.auth.withToken(src))
		})
	}
	return t.flow(req, 0, t.auth.Reauth())
}

// flow runs the attempts of req after the first made: flow turns the
// source of attempts into the 401 flow.
func (t *Transport) flow(req *http.Request, made int, flow streams.Operator) (*http.Response, error) {
	tries := attempts{n: made}
	src := streams.FromFunc(func(ctx context.Context) (any, error) {
		n, ok := tries.next()
		if !ok {
			return nil, context.Cause(ctx) // RoundTrip has returned
		}
		return t.send(ctx, req, n)
	})
	values, err := streams.Collect(req.Context(), flow(src))
	if !tries.abandon() && req.Body != nil {
		req.Body.Close() // the RoundTripper contract: always close the body
	}
	var r *rejection
	switch {
	case errors.As(err, &r) && (errors.Is(err, ErrStillUnauthorized) || skipReauth(req.Context())):
		// Re-authentication did not help, or was not to be tried: the
		// 401 goes back as it came.
		return r.response(), nil
	case err != nil:
		for _, v := range values {
			v.(*http.Response).Body.Close()
		}
		return nil, err
	case len(values) != 1:
		return nil, fmt.Errorf("auth: transport got %d responses, want 1", len(values))
	}
	return values[0].(*http.Response), nil
}

// send makes attempt number n of req, authorized by the decorator ctx
// carries (the 401 flow's, or the first attempt's). A rejection comes back as an error so that the flow
// sees it; any other response is returned as it is, body unread.
func (t *Transport) send(ctx context.Context, req *http.Request, n int) (any, error) {
	out := outgoing(req)
	if n > 1 && req.Body != nil && req.Body != http.NoBody {
		if req.GetBody == nil {
			return nil, fmt.Errorf("auth: %s %s needs a retry: %w", req.Method, httpobs.RedactURL(req.URL), httpobs.ErrBodyNotReplayable)
		}
		body, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("auth: replaying the body of %s %s: %w", req.Method, httpobs.RedactURL(req.URL), err)
		}
		out.Body = body
	}
	tags, err := httpobs.Decorate(ctx, out)
	if err != nil {
		if out.Body != nil {
			out.Body.Close() // ours to close: never handed to base
		}
		return nil, err
	}
	resp, err := t.base.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		resp.Body.Close() // RoundTrip has given up on this attempt
		return nil, context.Cause(ctx)
	}
	return t.answer(req, resp, tags)
}

// outgoing is the copy of req an attempt sends, with headers of its own
// for the token. The response outlives the flow's subscription, which ends
// when RoundTrip returns: the request lives by the caller's context, as
// any RoundTripper's does.
func outgoing(req *http.Request) *http.Request {
	out := new(http.Request)
	*out = *req
	out.Header = make(http.Header, len(req.Header)+1)
	for k, vv := range req.Header {
		// Shared, but clipped: a decorator that adds a value appends to
		// a copy, never into the caller's array.
		out.Header[k] = slices.Clip(vv)
	}
	return out
}

// answer turns resp, the answer to an attempt at req whose decorators
// reported tags, into what the flow sees: a rejection is an error, any
// other response is returned as it is, body unread.
func (t *Transport) answer(req *http.Request, resp *http.Response, tags []any) (any, error) {
	if resp.StatusCode != http.StatusUnauthorized {
		return resp, nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxRejectionBody))
	resp.Body.Close()
	rej := &rejection{resp: resp, body: body, StatusError: &httpobs.StatusError{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		Body:       body,
		Method:     req.Method,
		URL:        httpobs.RedactURL(req.URL),
		Tags:       tags,
	}}
	if c, err := httpobs.ParseChallenge(resp.Header.Get("WWW-Authenticate")); err == nil {
		rej.Challenge = c
	}
	if !t.auth.cfg.reauthOn(rej) {
		return rej.response(), nil
	}
	return nil, rej
}

// rejection is a 401 met by Transport: an *httpobs.StatusError for the
// flow, and the response itself for the caller if retrying did not help.
type rejection struct {
	*httpobs.StatusError
	resp *http.Response
	body []byte
}

func (r *rejection) Unwrap() error { return r.StatusError }

func (r *rejection) response() *http.Response {
	resp := *r.resp
	resp.Body = io.NopCloser(bytes.NewReader(r.body))
	resp.ContentLength = int64(len(r.body))
	return &resp
}

// attempts counts the attempts of one RoundTrip. Once RoundTrip has
// returned (its context ended first), no attempt may start: the caller
// owns the request again.
type attempts struct {
	mu        sync.Mutex
	n         int
	abandoned bool
}

// next starts attempt number n, unless RoundTrip has returned.
func (a *attempts) next() (n int, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.abandoned {
		return 0, false
	}
	a.n++
	return a.n, true
}

// abandon ends the attempts and reports whether any was made.
func (a *attempts) abandon() (started bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.abandoned = true
	return a.n > 0
}
