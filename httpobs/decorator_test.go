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

// tokenDecorator sets Authorization from a token that changes with each
// call.
func tokenDecorator(gen *atomic.Int32) httpobs.Decorator {
	return func(r *http.Request) error {
		g := gen.Add(1)
		r.Header.Set("Authorization", fmt.Sprintf("Bearer token-%d", g))
		return nil
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
	}
}

func TestDecoratorViaContextRunsAfterOptions(t *testing.T) {
	srv := newServer(t, echoAuthorization)
	var order []string
	trace := httpobs.WithDecorator(func(r *http.Request) error {
		order = append(order, "option 1")
		r.Header.Set("X-Trace", "t1")
		return nil
	})
	second := httpobs.WithDecorator(func(*http.Request) error {
		order = append(order, "option 2")
		return nil
	})
	var gen atomic.Int32
	outer := func(r *http.Request) error {
		order = append(order, "context 1")
		return tokenDecorator(&gen)(r)
	}
	inner := func(*http.Request) error {
		order = append(order, "context 2")
		return nil
	}

	for _, path := range []string{"/ok", "/deny"} {
		order = nil
		ctx := httpobs.ContextWithDecorator(httpobs.ContextWithDecorator(context.Background(), outer), inner)
		values, err := streams.Collect(ctx, httpobs.Get(srv.URL+path, httpobs.WithClient(srv.Client()), trace, second))
		assert.Equal(t, []string{"option 1", "option 2", "context 1", "context 2"}, order)
		if path == "/ok" {
			require.NoError(t, err)
			assert.Equal(t, fmt.Sprintf("Bearer token-%d|t1", gen.Load()), string(values[0].(*httpobs.Response).Body))
			continue
		}
		var se *httpobs.StatusError
		require.ErrorAs(t, err, &se)
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
	require.Len(t, values, 1)
}

func TestDecoratorErrorFailsWithoutSending(t *testing.T) {
	var hits atomic.Int32
	srv := newServer(t, func(http.ResponseWriter, *http.Request) { hits.Add(1) })
	signedOut := errors.New("signed out")

	_, err := collect(t, httpobs.Post(srv.URL+"/x?k=v", httpobs.BytesBody([]byte("b"), ""),
		httpobs.WithClient(srv.Client()),
		httpobs.WithDecorator(func(*http.Request) error { return nil }),
		httpobs.WithDecorator(func(*http.Request) error { return signedOut })))
	require.ErrorIs(t, err, signedOut)
	assert.Equal(t, fmt.Sprintf("httpobs: POST %s/x?REDACTED: decorator 2 of 2: signed out", srv.URL), err.Error())

	_, err = collect(t, httpobs.Get(srv.URL, httpobs.WithClient(srv.Client()),
		httpobs.WithDecorator(func(*http.Request) error { panic("bad decorator") })))
	var pe *streams.PanicError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "bad decorator", pe.Value)

	assert.Zero(t, hits.Load())
}
