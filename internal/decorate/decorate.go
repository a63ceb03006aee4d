// Package decorate carries request decorators in a context, from an
// operator that wraps request sources to the sources, which run them on
// each request they send.
package decorate

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/rxepic/rxepic/internal/panics"
)

type key struct{}

// With returns a copy of ctx that carries d after the decorators ctx
// carries already.
func With(ctx context.Context, d func(*http.Request) error) context.Context {
	prev, _ := ctx.Value(key{}).([]func(*http.Request) error)
	all := append(prev[:len(prev):len(prev)], d)
	return context.WithValue(ctx, key{}, all)
}

// Carried returns the decorators ctx carries, first carried first.
func Carried(ctx context.Context) []func(*http.Request) error {
	ds, _ := ctx.Value(key{}).([]func(*http.Request) error)
	return ds
}

// Run runs ds on req in order and stops at the first error, which it
// wraps with which decorator it was and the request's method and URL, as
// redact writes it. A panic is a *panics.Error.
func Run(req *http.Request, redact func(*url.URL) string, ds []func(*http.Request) error) error {
	for i, d := range ds {
		var err error
		if perr := panics.Catch("httpobs.Decorator", func() { err = d(req) }); perr != nil {
			err = perr
		}
		if err != nil {
			return fmt.Errorf("httpobs: %s %s: decorator %d of %d: %w", req.Method, redact(req.URL), i+1, len(ds), err)
		}
	}
	return nil
}
