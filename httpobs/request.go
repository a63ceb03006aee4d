package httpobs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync/atomic"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/decorate"
	"github.com/rxepic/rxepic/internal/panics"
	"github.com/rxepic/rxepic/streams"
)

// Do returns a source that, on each subscription, sends a new request
// with the given method, URL and body (nil for none) and emits one
// *[Response] for a 2xx answer, then completes; otherwise it fails with
// one error (see the package documentation). Nothing happens until it is
// subscribed; the request carries the subscription's context, so
// cancelling the subscription aborts it. An invalid method or URL fails
// each subscription.
func Do(method, url string, body Body, opts ...Option) rxgo.Observable {
	s := &source{method: method, url: url, body: body}
	s.init(opts)
	return streams.FromFunc(s.run)
}

// Get is Do with method GET and no body.
func Get(url string, opts ...Option) rxgo.Observable {
	return Do(http.MethodGet, url, nil, opts...)
}

// Post is Do with method POST.
func Post(url string, body Body, opts ...Option) rxgo.Observable {
	return Do(http.MethodPost, url, body, opts...)
}

// FromRequest returns a source that calls build on each subscription, with
// the subscription's context, and sends the request it returns as Do
// does. The request should carry that context (or one derived from it);
// if it carries another, cancelling the subscription still aborts it.
//
// A request body is sent again on a resubscription only if build makes a
// new one each time and sets GetBody (http.NewRequest does for in-memory
// readers); a body without GetBody is taken to be single-use, and every
// subscription after the first that sent it fails with an error matching
// [ErrBodyNotReplayable]. An error or panic in build fails the
// subscription with it, wrapped.
func FromRequest(build func(ctx context.Context) (*http.Request, error), opts ...Option) rxgo.Observable {
	if build == nil {
		panic("httpobs.FromRequest: nil build function")
	}
	s := &source{build: build}
	s.init(opts)
	return streams.FromFunc(s.run)
}

// source is the request a source makes on each subscription.
type source struct {
	config

	// For Do: what to build the request from.
	method, url string
	body        Body

	// For FromRequest: how to build it, and whether a single-use body has
	// been sent.
	build func(ctx context.Context) (*http.Request, error)
	sent  atomic.Bool

	// decode, if set, turns the response into the value emitted.
	decode func(*Response) (any, error)
}

// run makes one request for the subscription whose context is ctx.
func (s *source) run(ctx context.Context) (any, error) {
	req, err := s.newRequest(ctx)
	if err != nil {
		return nil, err
	}
	resp, err := s.send(ctx, req)
	if err != nil {
		return nil, err
	}
	if s.decode != nil {
		return s.decode(resp)
	}
	return resp, nil
}

func (s *source) newRequest(ctx context.Context) (*http.Request, error) {
	if s.build != nil {
		return s.buildRequest(ctx)
	}
	req, err := http.NewRequestWithContext(ctx, s.method, s.url, nil)
	if err != nil {
		// A *url.Error quotes the whole URL, query included.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("httpobs: %s request: invalid URL: %w", s.method, err)
	}
	if s.body != nil {
		if err := s.body.attach(req); err != nil {
			return nil, fmt.Errorf("httpobs: %s %s: %w", req.Method, RedactURL(req.URL), err)
		}
	}
	return req, nil
}

func (s *source) buildRequest(ctx context.Context) (*http.Request, error) {
	req, err := callBuild(ctx, s.build)
	if err != nil {
		return nil, fmt.Errorf("httpobs: FromRequest: building the request: %w", err)
	}
	if req == nil {
		return nil, errors.New("httpobs: FromRequest: build returned neither a request nor an error")
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil && !s.sent.CompareAndSwap(false, true) {
		req.Body.Close()
		return nil, fmt.Errorf("httpobs: %s %s: %w: it has no GetBody and an earlier subscription sent it", req.Method, RedactURL(req.URL), ErrBodyNotReplayable)
	}
	return req, nil
}

func callBuild(ctx context.Context, build func(context.Context) (*http.Request, error)) (req *http.Request, err error) {
	if perr := panics.Catch("httpobs.FromRequest", func() { req, err = build(ctx) }); perr != nil {
		return nil, perr
	}
	return req, err
}

// send decorates req and sends it on behalf of the subscription whose
// context is ctx, and reads the answer.
func (c *config) send(ctx context.Context, req *http.Request) (_ *Response, err error) {
	sent := false
	defer func() {
		if !sent && req.Body != nil {
			req.Body.Close() // not handed to the client: ours to close
		}
	}()
	for _, f := range c.header {
		req.Header[f.key] = slices.Clone(f.values)
	}
	rctx := req.Context()
	if rctx != ctx {
		// Built with a context of its own: the subscription must still be
		// able to abort it.
		var cancel context.CancelFunc
		rctx, cancel = context.WithCancel(rctx)
		defer cancel()
		defer context.AfterFunc(ctx, cancel)()
	}
	if d, ok := requestTimeout(ctx); ok {
		var cancel context.CancelFunc
		rctx, cancel = context.WithTimeoutCause(rctx, d, &TimeoutError{After: d})
		defer cancel()
	}
	if ds := c.decorators(ctx); len(ds) > 0 {
		var before http.Header // what the decorators found: nothing, usually
		if len(req.Header) > 0 {
			before = req.Header.Clone()
		}
		if err := decorate.Run(req, RedactURL, ds); err != nil {
			return nil, err
		}
		rctx = withDecoratedHeaders(rctx, before, req.Header)
	}
	if rctx != req.Context() {
		req = req.WithContext(rctx)
	}
	sent = true // the client closes the body, whatever happens
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, requestError(ctx, req, err)
	}
	return c.read(ctx, req, resp)
}

// requestError describes req, sent for the subscription whose context is
// ctx, which could not be completed.
func requestError(ctx context.Context, req *http.Request, err error) error {
	// A *url.Error quotes the whole URL, query included.
	if ue, ok := err.(*url.Error); ok {
		err = ue.Err
	}
	if rctx := req.Context(); ctx.Err() == nil && rctx.Err() != nil {
		// Ended by its own deadline, not by the subscription: say so,
		// whatever the transport made of it.
		err = context.Cause(rctx)
	}
	return &RequestError{Method: req.Method, URL: RedactURL(req.URL), Err: err}
}
