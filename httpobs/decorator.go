package httpobs

import (
	"context"
	"net/http"
	"slices"

	"github.com/rxepic/rxepic/internal/decorate"
)

// Decorator changes a request just before it is sent — typically to set
// Authorization from the current token. It runs on every attempt, so a
// retry reads the token anew. It may change the request's headers and
// URL, not its context or body. An error fails the attempt without
// sending it, with an error that wraps it; a panic fails it with a
// *streams.PanicError.
//
// A decorator may run concurrently for different requests; it must be
// safe for that. The headers it sets never follow a redirect to another
// origin. It changes a header by replacing its values (Header.Set, Add),
// never by writing into the slice it finds: a request's value slices may
// be shared with other requests.
type Decorator func(req *http.Request) error

// ContextWithDecorator returns a copy of ctx that carries d, after any
// decorators ctx carries already. A source subscribed under such a
// context — through streams.DeriveContext, say — runs them on its
// requests, after its own WithDecorator ones: how an operator that wraps
// any source stamps the requests it makes (see the example).
func ContextWithDecorator(ctx context.Context, d Decorator) context.Context {
	if d == nil {
		panic("httpobs.ContextWithDecorator: nil decorator")
	}
	return decorate.With(ctx, d)
}

// decorators returns the decorators a request sent for ctx runs: the
// source's own, then those ctx carries.
func (c *config) decorators(ctx context.Context) []func(*http.Request) error {
	carried := decorate.Carried(ctx)
	if len(c.own) == 0 {
		return carried
	}
	ds := make([]func(*http.Request) error, 0, len(c.own)+len(carried))
	for _, d := range c.own {
		ds = append(ds, d)
	}
	return append(ds, carried...)
}

type decoratedKey struct{}

// withDecoratedHeaders records in ctx the header keys that differ between
// before and after, for the redirect policy to strip along with the
// credential headers.
func withDecoratedHeaders(ctx context.Context, before, after http.Header) context.Context {
	var keys []string
	for k, vv := range after {
		if bv, ok := before[k]; (!ok || !slices.Equal(bv, vv)) && !slices.Contains(credentialHeaders, k) {
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
