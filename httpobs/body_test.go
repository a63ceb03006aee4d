package httpobs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flakyRecorder answers 503 to the first failures requests and 200 after,
// and records every request body and Content-Type it saw.
type flakyRecorder struct {
	mu       sync.Mutex
	failures int
	bodies   []string
	types    []string
	lengths  []int64
}

func (f *flakyRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.bodies = append(f.bodies, string(body))
	f.types = append(f.types, r.Header.Get("Content-Type"))
	f.lengths = append(f.lengths, r.ContentLength)
	fail := len(f.bodies) <= f.failures
	f.mu.Unlock()
	if fail {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	w.Write(body)
}

func (f *flakyRecorder) seen() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.bodies...)
}

// immediateRetry retries at once, so tests of what is sent need no clock.
var immediateRetry = []httpobs.RetryOption{httpobs.RetryAnyMethod(), httpobs.RetryBackoff(0, 0)}

func TestPostBodiesAreReplayedOnEveryRetry(t *testing.T) {
	payload := map[string]any{"name": "ada", "n": 7}
	wantJSON, err := json.Marshal(payload)
	require.NoError(t, err)
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"r1"}}

	tests := []struct {
		name     string
		body     httpobs.Body
		wantBody string
		wantType string
	}{
		{"JSONBody", httpobs.JSONBody(payload), string(wantJSON), "application/json"},
		{"FormBody", httpobs.FormBody(form), form.Encode(), "application/x-www-form-urlencoded"},
		{"BytesBody", httpobs.BytesBody([]byte("raw bytes"), "text/plain"), "raw bytes", "text/plain"},
		{"empty BytesBody", httpobs.BytesBody(nil, ""), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &flakyRecorder{failures: 2}
			srv := newServer(t, rec.ServeHTTP)

			values, err := collect(t, streams.Pipe(
				httpobs.Post(srv.URL, tt.body, httpobs.WithClient(srv.Client())),
				httpobs.Retry(append(immediateRetry, httpobs.RetryAttempts(3))...)))
			require.NoError(t, err)
			assert.Equal(t, tt.wantBody, string(values[0].(*httpobs.Response).Body))
			assert.Equal(t, []string{tt.wantBody, tt.wantBody, tt.wantBody}, rec.seen())
			assert.Equal(t, []string{tt.wantType, tt.wantType, tt.wantType}, rec.types)
			for _, n := range rec.lengths {
				assert.Equal(t, int64(len(tt.wantBody)), n, "Content-Length is sent")
			}
		})
	}
}

func TestReaderBodySecondSubscriptionFails(t *testing.T) {
	rec := &flakyRecorder{}
	srv := newServer(t, rec.ServeHTTP)
	src := httpobs.Post(srv.URL+"/upload?sig=abc", httpobs.ReaderBody(strings.NewReader("stream"), "text/plain"), httpobs.WithClient(srv.Client()))

	values, err := collect(t, src)
	require.NoError(t, err)
	assert.Equal(t, "stream", string(values[0].(*httpobs.Response).Body))

	_, err = collect(t, src)
	require.ErrorIs(t, err, httpobs.ErrBodyNotReplayable)
	assert.Contains(t, err.Error(), "POST "+srv.URL+"/upload?REDACTED")
	assert.Equal(t, []string{"stream"}, rec.seen(), "the second subscription sends nothing")
}

func TestReaderBodyRetryFailsClearly(t *testing.T) {
	rec := &flakyRecorder{failures: 1}
	srv := newServer(t, rec.ServeHTTP)

	_, err := collect(t, streams.Pipe(
		httpobs.Post(srv.URL, httpobs.ReaderBody(strings.NewReader("once"), ""), httpobs.WithClient(srv.Client())),
		httpobs.Retry(immediateRetry...)))
	assert.ErrorIs(t, err, httpobs.ErrBodyNotReplayable)
	assert.Equal(t, []string{"once"}, rec.seen(), "the retry must not send an empty body")
}

func TestReaderBodyClosesItsReader(t *testing.T) {
	srv := newServer(t, (&flakyRecorder{}).ServeHTTP)
	r := &closeRecorder{Reader: bytes.NewReader([]byte("data"))}
	_, err := collect(t, httpobs.Post(srv.URL, httpobs.ReaderBody(r, ""), httpobs.WithClient(srv.Client())))
	require.NoError(t, err)
	assert.True(t, r.closed())
}

type closeRecorder struct {
	io.Reader
	mu     sync.Mutex
	closes int
}

func (c *closeRecorder) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closes++
	return nil
}

func (c *closeRecorder) closed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closes > 0
}

func TestJSONBodyMarshalErrorFailsEachSubscription(t *testing.T) {
	srv := newServer(t, (&flakyRecorder{}).ServeHTTP)
	src := httpobs.Post(srv.URL, httpobs.JSONBody(make(chan int)), httpobs.WithClient(srv.Client()))
	for range 2 {
		_, err := collect(t, src)
		var unsupported *json.UnsupportedTypeError
		require.ErrorAs(t, err, &unsupported)
		assert.Contains(t, err.Error(), "chan int")
	}
}

func TestFromRequestBodyReplay(t *testing.T) {
	t.Run("with GetBody", func(t *testing.T) {
		rec := &flakyRecorder{failures: 1}
		srv := newServer(t, rec.ServeHTTP)
		src := httpobs.FromRequest(func(ctx context.Context) (*http.Request, error) {
			return http.NewRequestWithContext(ctx, http.MethodPut, srv.URL, strings.NewReader("put me"))
		}, httpobs.WithClient(srv.Client()))
		_, err := collect(t, streams.Pipe(src, httpobs.Retry(httpobs.RetryBackoff(0, 0))))
		require.NoError(t, err)
		assert.Equal(t, []string{"put me", "put me"}, rec.seen())
	})
	t.Run("without GetBody", func(t *testing.T) {
		rec := &flakyRecorder{failures: 1}
		srv := newServer(t, rec.ServeHTTP)
		body := io.NopCloser(strings.NewReader("once"))
		src := httpobs.FromRequest(func(ctx context.Context) (*http.Request, error) {
			return http.NewRequestWithContext(ctx, http.MethodPut, srv.URL, body)
		}, httpobs.WithClient(srv.Client()))
		_, err := collect(t, streams.Pipe(src, httpobs.Retry(httpobs.RetryBackoff(0, 0))))
		assert.ErrorIs(t, err, httpobs.ErrBodyNotReplayable)
		assert.Equal(t, []string{"once"}, rec.seen())
	})
}
