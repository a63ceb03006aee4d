package httpobs

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/rxepic/rxepic/internal/panics"
)

// Decorator changes a request just before it is sent — typically to set
// Authorization from the current token. It runs on every attempt, so a
// retry reads the token anew. It may change the request's headers and
// URL, not its context or body. tag reports what it did (which token
// generation it used, say); non-nil tags are collected in order into
// Response.Tags or StatusError.Tags, so a handler can tell a rejection of
// an old token from a rejection of the current one. An error fails the
// attempt without sending it, with an error that wraps it. A panic fails
// it with a *streams.PanicError.
//
// A decorator may run concurrently for different requests; it must be
// safe for that. The headers it sets never follow a redirect to another
// origin. It changes a header by replacing its values (Header.Set, Add),
// never by writing into the slice it finds: a request's value slices may
// be shared with other requests (auth's token value is, and so are the
// caller's headers in a copy auth.Transport sends).
type Decorator func(req *http.Request) (tag any, err error)

type decoratorsKey struct{}

// ContextWithDecorator returns a copy of ctx that carries d, after any
// decorators ctx carries already. A source subscribed with such a context
// (streams operators pass their subscription's context on to their
// sources) runs them on its requests, after its own WithDecorator ones.
// This is how an operator wrapping any source, such as auth's Reauth,
// authorizes the requests it retries.
func ContextWithDecorator(ctx context.Context, d Decorator) context.Context {
	if d == nil {
		panic("httpobs.ContextWithDecorator: nil decorator")
	}
	prev := carried(ctx)
	return &decoratedContext{Context: ctx, d: d, prev: prev, n: prev.count() + 1}
}

// decoratedContext is context.WithValue's work for a decorator, linked to
// the decorators carried before it: one allocation per decorator, where a
// value holding a list would need two.
type decoratedContext struct {
	context.Context
	d    Decorator
	prev *decoratedContext
	n    int // decorators carried, this one included
}

func (c *decoratedContext) Value(key any) any {
	if key == (decoratorsKey{}) {
		return c
	}
	return c.Context.Value(key)
}

func (c *decoratedContext) String() string {
	return fmt.Sprint(c.Context) + ".WithValue(httpobs.Decorator)"
}

// carried returns the last decorator ctx carries, or nil.
func carried(ctx context.Context) *decoratedContext {
	c, _ := ctx.Value(decoratorsKey{}).(*decoratedContext)
	return c
}

// count is how many decorators c carries; none if c is nil.
func (c *decoratedContext) count() int {
	if c == nil {
		return 0
	}
	return c.n
}

// at returns the decorator carried in position i, from 0, first carried
// first: walking back from the last is cheap for the one or two
// decorators a context carries.
func (c *decoratedContext) at(i int) Decorator {
	for ; c.n-1 > i; c = c.prev {
	}
	return c.d
}

// Decorate runs the decorators carried by ctx (see ContextWithDecorator)
// on req, in order, and returns their non-nil tags. It is for code that
// sends requests itself, such as an http.RoundTripper, and wants the same
// decoration as a source; sources call it themselves. The error wraps the
// first decorator error and names the request.
func Decorate(ctx context.Context, req *http.Request) ([]any, error) {
	return decorate(req, nil, carried(ctx), nil)
}

// decorate runs own then the decorators carried up to last on req, and
// appends their non-nil tags to tags.
func decorate(req *http.Request, own []Decorator, last *decoratedContext, tags []any) ([]any, error) {
	n := len(own) + last.count()
	for i := range n {
		var d Decorator
		if i < len(own) {
			d = own[i]
		} else {
			d = last.at(i - len(own))
		}
		tag, err := callDecorator(d, req)
		if err != nil {
			return nil, fmt.Errorf("httpobs: %s %s: decorator %d of %d: %w", req.Method, RedactURL(req.URL), i+1, n, err)
		}
		if tag != nil {
			tags = append(tags, tag)
		}
	}
	return tags, nil
}

func callDecorator(d Decorator, req *http.Request) (tag any, err error) {
	if perr := panics.Catch("httpobs.Decorator", func() { tag, err = d(req) }); perr != nil {
		return nil, perr
	}
	return tag, err
}

type decoratedKey struct{}

// withDecoratedHeaders records in ctx the header keys that differ between
// before and after, for the redirect policy to strip along with the
// credential headers.
func withDecoratedHeaders(ctx context.Context, before, after http.Header) context.Context {
	if _, ok := after["Authorization"]; ok && len(before) == 0 && len(after) == 1 {
		return ctx // the common case: a token, and nothing else
	}
	var keys []string
	for k, vv := range after {
		if bv, ok := before[k]; (!ok || !slices.Equal(bv, vv)) && !slices.Contains(credentialHeaders, k) {
			// Credential headers are stripped anyway: recording only the
			// others spares the common case, Authorization, a context.
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return ctx
	}
	return context.WithValue(ctx, decoratedKey{}, keys)
}

func decoratedHeaders(ctx context.Context) []string {
	keys, _ := ctx.Value(decoratedKey{}).([]string)
	return keys
}
