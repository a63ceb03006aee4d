package httpobs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type generation int

// tokenDecorator sets Authorization from a token that changes with each
// call, and tags the request with the generation it used.
func tokenDecorator(gen *atomic.Int32) httpobs.Decorator {
	return func(r *http.Request) (any, error) {
		g := gen.Add(1)
		r.Header.Set("Authorization", fmt.Sprintf("Bearer token-%d", g))
		return generation(g), nil
	}
}

func echoAuthorization(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/deny" {
		w.WriteHeader(http.StatusUnauthorized)
	}
	io.WriteString(w, r.Header.Get("Authorization")+"|"+r.Header.Get("X-Trace"))
}

func TestDecoratorViaOption(t *testing.T) {
	srv := newServer(t, echoAuthorization)
	var gen atomic.Int32
	src := httpobs.Get(srv.URL, httpobs.WithClient(srv.Client()), httpobs.WithDecorator(tokenDecorator(&gen)))

	for want := 1; want <= 2; want++ {
		values, err := collect(t, src)
		require.NoError(t, err)
		resp := values[0].(*httpobs.Response)
		assert.Equal(t, fmt.Sprintf("Bearer token-%d|", want), string(resp.Body), "each subscription decorates anew")
		assert.Equal(t, []any{generation(want)}, resp.Tags)
	}
}

func TestDecoratorViaContextRunsAfterOptions(t *testing.T) {
	srv := newServer(t, echoAuthorization)
	var order []string
	trace := httpobs.WithDecorator(func(r *http.Request) (any, error) {
		order = append(order, "option")
		r.Header.Set("X-Trace", "t1")
		return "traced", nil
	})
	untagged := httpobs.WithDecorator(func(*http.Request) (any, error) {
		order = append(order, "untagged")
		return nil, nil // not recorded
	})
	var gen atomic.Int32
	outer := func(r *http.Request) (any, error) {
		order = append(order, "context 1")
		return tokenDecorator(&gen)(r)
	}
	inner := func(*http.Request) (any, error) {
		order = append(order, "context 2")
		return "inner", nil
	}

	for _, path := range []string{"/ok", "/deny"} {
		order = nil
		ctx := httpobs.ContextWithDecorator(httpobs.ContextWithDecorator(context.Background(), outer), inner)
		values, err := streams.Collect(ctx, httpobs.Get(srv.URL+path, httpobs.WithClient(srv.Client()), trace, untagged))
		assert.Equal(t, []string{"option", "untagged", "context 1", "context 2"}, order)
		wantTags := []any{"traced", generation(gen.Load()), "inner"}
		if path == "/ok" {
			require.NoError(t, err)
			resp := values[0].(*httpobs.Response)
			assert.Equal(t, wantTags, resp.Tags)
			assert.Equal(t, "Bearer token-1|t1", string(resp.Body))
			continue
		}
		var se *httpobs.StatusError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, wantTags, se.Tags)
	}
}

func TestContextDecoratorsReachSourcesThroughOperators(t *testing.T) {
	srv := newServer(t, echoAuthorization)
	var gen atomic.Int32
	src := streams.Pipe(httpobs.Get(srv.URL, httpobs.WithClient(srv.Client())),
		streams.DeriveContext(func(ctx context.Context) context.Context {
			return httpobs.ContextWithDecorator(ctx, tokenDecorator(&gen))
		}))
	values, err := collect(t, src)
	require.NoError(t, err)
	assert.Equal(t, "Bearer token-1|", string(values[0].(*httpobs.Response).Body))
}

func TestDecoratorsRunAgainOnEveryRetry(t *testing.T) {
	rec := &flakyRecorder{failures: 2}
	var mu sync.Mutex
	var auths []string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
		rec.ServeHTTP(w, r)
	})
	var gen atomic.Int32
	values, err := collect(t, streams.Pipe(
		httpobs.Get(srv.URL, httpobs.WithClient(srv.Client()), httpobs.WithDecorator(tokenDecorator(&gen))),
		httpobs.Retry(httpobs.RetryBackoff(0, 0))))
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{"Bearer token-1", "Bearer token-2", "Bearer token-3"}, auths)
	assert.Equal(t, []any{generation(3)}, values[0].(*httpobs.Response).Tags)
}

func TestDecoratorErrorFailsWithoutSending(t *testing.T) {
	var hits atomic.Int32
	srv := newServer(t, func(http.ResponseWriter, *http.Request) { hits.Add(1) })
	signedOut := errors.New("signed out")

	_, err := collect(t, httpobs.Post(srv.URL+"/x?k=v", httpobs.BytesBody([]byte("b"), ""),
		httpobs.WithClient(srv.Client()),
		httpobs.WithDecorator(func(*http.Request) (any, error) { return "first", nil }),
		httpobs.WithDecorator(func(*http.Request) (any, error) { return nil, signedOut })))
	require.ErrorIs(t, err, signedOut)
	assert.Equal(t, fmt.Sprintf("httpobs: POST %s/x?REDACTED: decorator 2 of 2: signed out", srv.URL), err.Error())

	_, err = collect(t, httpobs.Get(srv.URL, httpobs.WithClient(srv.Client()),
		httpobs.WithDecorator(func(*http.Request) (any, error) { panic("bad decorator") })))
	var pe *streams.PanicError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "bad decorator", pe.Value)

	assert.Zero(t, hits.Load())
}

func TestDecorate(t *testing.T) {
	req, err := http.NewRequest(http.MethodGet, "http://example.com/?q=1", nil)
	require.NoError(t, err)

	tags, err := httpobs.Decorate(context.Background(), req)
	require.NoError(t, err)
	assert.Nil(t, tags)

	var gen atomic.Int32
	ctx := httpobs.ContextWithDecorator(context.Background(), tokenDecorator(&gen))
	tags, err = httpobs.Decorate(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, []any{generation(1)}, tags)
	assert.Equal(t, "Bearer token-1", req.Header.Get("Authorization"))

	boom := errors.New("boom")
	ctx = httpobs.ContextWithDecorator(ctx, func(*http.Request) (any, error) { return nil, boom })
	_, err = httpobs.Decorate(ctx, req)
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "GET http://example.com/?REDACTED")
}
