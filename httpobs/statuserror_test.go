package httpobs_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roundTripper answers every request with what answer returns.
type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// An error answer whose body stalls after a few bytes fails the request
// with its StatusError once the excerpt wait is over, not at the caller's
// deadline, and never hangs without one.
func TestStatusErrorOfAStallingBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pr, pw := io.Pipe()
		defer pw.Close()
		go pw.Write([]byte(`{"error":"invalid_token"`)) // and nothing more
		client := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusUnauthorized, Header: http.Header{}, Body: pr, Request: r}, nil
		})}
		start := time.Now()
		_, err := streams.Collect(context.Background(), httpobs.Get("http://api.example/", httpobs.WithClient(client)))
		var se *httpobs.StatusError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, http.StatusUnauthorized, se.StatusCode)
		assert.Equal(t, `{"error":"invalid_token"`, string(se.Body))
		assert.Equal(t, 100*time.Millisecond, time.Since(start))
	})
}

// NewStatusError leaves the whole body readable for its caller.
func TestNewStatusErrorPutsTheExcerptBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		body := strings.Repeat("x", 3000)
		req, err := http.NewRequest(http.MethodGet, "http://api.example/p?token=secret", nil)
		require.NoError(t, err)
		resp := &http.Response{StatusCode: http.StatusForbidden, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body)), Request: req}
		se := httpobs.NewStatusError(req, resp)
		assert.Len(t, se.Body, 1024)
		assert.Equal(t, "httpobs: GET http://api.example/p?REDACTED: status 403 Forbidden", se.Error())
		rest, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		assert.Equal(t, body, string(rest))
		require.NoError(t, resp.Body.Close())
	})
}

// A 401 that comes, after a redirect, from another origin says so: the
// request's credentials were never sent there.
func TestStatusErrorFromAnotherOrigin(t *testing.T) {
	other := newServer(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	first := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/here" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, other.URL+"/elsewhere", http.StatusFound)
	})
	_, err := collect(t, httpobs.Get(first.URL+"/away", httpobs.WithClient(first.Client())))
	var se *httpobs.StatusError
	require.ErrorAs(t, err, &se)
	assert.True(t, se.LeftOrigin)
	assert.Contains(t, se.Error(), "from another origin")

	_, err = collect(t, httpobs.Get(first.URL+"/here", httpobs.WithClient(first.Client())))
	require.ErrorAs(t, err, &se)
	assert.False(t, se.LeftOrigin)
	assert.False(t, bytes.Contains([]byte(se.Error()), []byte("origin")))
}
