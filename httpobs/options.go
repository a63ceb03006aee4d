package httpobs

import (
	"fmt"
	"net/http"
)

// defaultMaxBody is the response body limit without WithMaxBody.
const defaultMaxBody = 10 << 20

// Option configures a source. Options are applied in order when the
// source is built; a later option of the same kind wins, except
// WithDecorator and WithHeader, which add up.
type Option func(*config)

// config is what a source sends with. It is built once per source and
// only read afterwards, so subscriptions share it freely.
type config struct {
	client  *http.Client
	header  []headerField
	maxBody int64
	own     []Decorator // WithDecorator's
	// strict is the copy of a WithClient client that client points to:
	// part of the source, rather than an allocation of its own.
	strict http.Client
}

// headerField is a WithHeader header: a short list rather than an
// http.Header, whose map costs more than the few fields a source sets.
type headerField struct {
	key    string // canonical
	values []string
}

// init sets c from opts.
func (c *config) init(opts []Option) {
	c.maxBody = defaultMaxBody
	for _, o := range opts {
		if o == nil {
			panic("httpobs: nil Option")
		}
		o(c)
	}
	if c.client == nil {
		c.client = defaultClient
	} else {
		c.strict = withStrictRedirects(c.client)
		c.client = &c.strict
	}
}

// WithClient sends the requests with c instead of the package's default
// client. c is not modified: the source uses a copy of it whose redirect
// policy first strips credentials on a redirect to another origin (see the
// package documentation) and then applies c.CheckRedirect. Everything else
// — transport, jar, timeout — is c's. Beware c.Timeout: it bounds the
// whole exchange, body included; prefer [Timeout] or a context deadline.
//
// Without WithClient, requests go through a shared client whose transport
// bounds dialling (10 s), the TLS handshake (10 s) and the wait for
// response headers (30 s), but sets no overall timeout, so long bodies
// are never cut off; the subscription's context is what ends a request.
// A nil c means the default client.
func WithClient(c *http.Client) Option {
	return func(cfg *config) { cfg.client = c }
}

// WithHeader sets a request header, replacing any value the request
// already had for key (Content-Type included). Use it for static headers;
// a credential belongs in a [Decorator], whose headers never follow a
// redirect to another origin (a WithHeader header does, as in net/http).
func WithHeader(key, value string) Option {
	key = http.CanonicalHeaderKey(key)
	return func(cfg *config) {
		f := headerField{key: key, values: []string{value}}
		for i := range cfg.header {
			if cfg.header[i].key == key {
				cfg.header[i] = f
				return
			}
		}
		cfg.header = append(cfg.header, f)
	}
}

// WithMaxBody limits the response body to n bytes (default 10 MiB). A
// longer body fails the request with an error matching [ErrBodyTooLarge];
// it is never cut short silently. n must be positive.
func WithMaxBody(n int64) Option {
	if n <= 0 {
		panic(fmt.Sprintf("httpobs.WithMaxBody: n = %d, want > 0", n))
	}
	return func(cfg *config) { cfg.maxBody = n }
}

// WithDecorator adds d to the decorators that run on each request just
// before it is sent (see [Decorator]). Decorators run in the order they
// were given, before those carried by the subscription's context.
func WithDecorator(d Decorator) Option {
	if d == nil {
		panic("httpobs.WithDecorator: nil decorator")
	}
	return func(cfg *config) { cfg.own = append(cfg.own, d) }
}
