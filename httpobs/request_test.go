package httpobs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGetEmitsOneResponseAndCompletes(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodGet, r.Method)
		assert.Equal(t, "/items", r.URL.Path)
		w.Header().Set("X-Answer", "42")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "hello")
	})

	values, err := collect(t, httpobs.Get(srv.URL+"/items", httpobs.WithClient(srv.Client())))
	require.NoError(t, err)
	require.Len(t, values, 1)
	resp := values[0].(*httpobs.Response)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "42", resp.Header.Get("X-Answer"))
	assert.Equal(t, "hello", string(resp.Body))
}

func TestEverySubscriptionSendsOneNewRequest(t *testing.T) {
	var hits atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%d", hits.Add(1))
	})

	src := httpobs.Get(srv.URL, httpobs.WithClient(srv.Client()))
	assert.Zero(t, hits.Load(), "building a source must send nothing")

	for want := 1; want <= 3; want++ {
		values, err := collect(t, src)
		require.NoError(t, err)
		require.Len(t, values, 1)
		assert.Equal(t, fmt.Sprint(want), string(values[0].(*httpobs.Response).Body))
	}
	assert.Equal(t, int32(3), hits.Load())
}

func TestWithHeaderSetsRequestHeaders(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s|%s", r.Header.Get("X-One"), r.Header.Get("Content-Type"))
	})

	values, err := collect(t, httpobs.Post(srv.URL, httpobs.BytesBody([]byte("x"), "text/plain"),
		httpobs.WithClient(srv.Client()),
		httpobs.WithHeader("X-One", "1"),
		httpobs.WithHeader("Content-Type", "application/octet-stream")))
	require.NoError(t, err)
	assert.Equal(t, "1|application/octet-stream", string(values[0].(*httpobs.Response).Body))
}

func TestNon2xxFailsWithStatusError(t *testing.T) {
	long := strings.Repeat("x", 5000)
	tests := []struct {
		name      string
		status    int
		body      string
		header    map[string]string
		challenge *httpobs.Challenge
	}{
		{name: "404", status: http.StatusNotFound, body: "no such item"},
		{name: "500 with a long body", status: http.StatusInternalServerError, body: long},
		{
			name:   "401 with a Bearer challenge",
			status: http.StatusUnauthorized,
			body:   `{"error":"invalid_token"}`,
			header: map[string]string{"WWW-Authenticate": `Bearer realm="api", error="invalid_token", error_description="The access token expired"`},
			challenge: &httpobs.Challenge{
				Scheme: "Bearer", Realm: "api", Error: "invalid_token", ErrorDescription: "The access token expired",
			},
		},
		{
			name:   "401 with Basic only",
			status: http.StatusUnauthorized,
			header: map[string]string{"WWW-Authenticate": `Basic realm="api"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.Header().Set("X-Request-Id", "abc")
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})

			values, err := collect(t, httpobs.Do(http.MethodDelete, srv.URL+"/items/7", nil, httpobs.WithClient(srv.Client())))
			assert.Empty(t, values)
			var se *httpobs.StatusError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.status, se.StatusCode)
			assert.Equal(t, http.MethodDelete, se.Method)
			assert.Equal(t, srv.URL+"/items/7", se.URL)
			assert.Equal(t, "abc", se.Header.Get("X-Request-Id"))
			assert.Equal(t, tt.body[:min(len(tt.body), 1024)], string(se.Body))
			assert.Equal(t, tt.challenge, se.Challenge)
			assert.Contains(t, se.Error(), fmt.Sprint(tt.status))
			assert.Contains(t, se.Error(), "DELETE "+srv.URL+"/items/7")
		})
	}
}

func TestStatusErrorExcerptRespectsMaxBody(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, strings.Repeat("y", 300))
	})
	_, err := collect(t, httpobs.Get(srv.URL, httpobs.WithClient(srv.Client()), httpobs.WithMaxBody(100)))
	var se *httpobs.StatusError
	require.ErrorAs(t, err, &se)
	assert.Len(t, se.Body, 100)
}

func TestConnectionResetFailsWithRequestError(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if !assert.NoError(t, err) {
			return
		}
		conn.(*net.TCPConn).SetLinger(0) // close with RST
		conn.Close()
	})

	_, err := collect(t, httpobs.Get(srv.URL+"/reset", httpobs.WithClient(srv.Client())))
	var re *httpobs.RequestError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.MethodGet, re.Method)
	assert.Equal(t, srv.URL+"/reset", re.URL)
	var se *httpobs.StatusError
	assert.False(t, errors.As(err, &se))
	assert.NotErrorIs(t, err, context.Canceled)
}

func TestConnectionRefusedFailsWithRequestError(t *testing.T) {
	srv := newServer(t, func(http.ResponseWriter, *http.Request) {})
	client := srv.Client()
	srv.Close()

	_, err := collect(t, httpobs.Get(srv.URL, httpobs.WithClient(client)))
	var re *httpobs.RequestError
	require.ErrorAs(t, err, &re)
	var opErr *net.OpError
	assert.ErrorAs(t, err, &opErr, "the transport's error is reachable with errors.As")
}

func TestCancellingAHangingRequestEndsItAtOnce(t *testing.T) {
	entered := make(chan struct{})
	aborted := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-r.Context().Done() // hangs until the client goes away
		close(aborted)
	})

	var events []string
	var mu sync.Mutex
	record := func(e string) { mu.Lock(); events = append(events, e); mu.Unlock() }
	sub := streams.Subscribe(context.Background(), httpobs.Get(srv.URL, httpobs.WithClient(srv.Client())), streams.Observer{
		Next:     func(any) { record("next") },
		Error:    func(error) { record("error") },
		Complete: func() { record("complete") },
	})
	waitFor(t, entered, "the request to reach the server")
	sub.Unsubscribe()
	waitFor(t, sub.Done(), "the subscription to end")
	waitFor(t, aborted, "the server to see the request aborted")
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, events, "a cancelled subscription delivers nothing")
}

func TestCancellingMidBodyAbortsTheRead(t *testing.T) {
	aborted := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, strings.Repeat("a", 100))
		http.NewResponseController(w).Flush()
		<-r.Context().Done() // the other 900 bytes never come
		close(aborted)
	})
	readingBody := make(chan struct{})
	client := &http.Client{Transport: &signalOnBodyRead{base: srv.Client().Transport, reading: readingBody}}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var err error
	go func() {
		defer close(done)
		_, err = streams.Collect(ctx, httpobs.Get(srv.URL, httpobs.WithClient(client)))
	}()
	waitFor(t, readingBody, "the client to read the body")
	cancel()
	waitFor(t, done, "the subscription to end")
	waitFor(t, aborted, "the server to see the request aborted")
	assert.ErrorIs(t, err, context.Canceled)
}

// signalOnBodyRead closes reading when the first response body read
// returns.
type signalOnBodyRead struct {
	base    http.RoundTripper
	reading chan struct{}
	once    sync.Once
}

func (s *signalOnBodyRead) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.base.RoundTrip(req)
	if err == nil {
		resp.Body = &signalBody{ReadCloser: resp.Body, read: func() { s.once.Do(func() { close(s.reading) }) }}
	}
	return resp, err
}

type signalBody struct {
	io.ReadCloser
	read func()
}

func (b *signalBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.read()
	return n, err
}

func TestOversizedBodyFailsWithErrBodyTooLarge(t *testing.T) {
	tests := []struct {
		name    string
		size    int
		chunked bool
		tooBig  bool
	}{
		{name: "Content-Length over the limit", size: 1025, tooBig: true},
		{name: "chunked over the limit", size: 1025, chunked: true, tooBig: true},
		{name: "Content-Length at the limit", size: 1024},
		{name: "chunked at the limit", size: 1024, chunked: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				body := strings.Repeat("z", tt.size)
				if tt.chunked {
					io.WriteString(w, body[:10])
					http.NewResponseController(w).Flush() // no Content-Length from here on
					io.WriteString(w, body[10:])
					return
				}
				w.Header().Set("Content-Length", fmt.Sprint(len(body)))
				io.WriteString(w, body)
			})

			values, err := collect(t, httpobs.Get(srv.URL+"/big?key=s3cret", httpobs.WithClient(srv.Client()), httpobs.WithMaxBody(1024)))
			if !tt.tooBig {
				require.NoError(t, err)
				assert.Len(t, values[0].(*httpobs.Response).Body, tt.size)
				return
			}
			require.ErrorIs(t, err, httpobs.ErrBodyTooLarge)
			assert.Empty(t, values)
			assert.Contains(t, err.Error(), "1024")
			assert.NotContains(t, err.Error(), "s3cret")
		})
	}
}

func TestDefaultMaxBodyIs10MiB(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n := 10 << 20
		if r.URL.Path == "/over" {
			n++
		}
		w.Write(make([]byte, n))
	})
	values, err := collect(t, httpobs.Get(srv.URL+"/at", httpobs.WithClient(srv.Client())))
	require.NoError(t, err)
	assert.Len(t, values[0].(*httpobs.Response).Body, 10<<20)
	_, err = collect(t, httpobs.Get(srv.URL+"/over", httpobs.WithClient(srv.Client())))
	assert.ErrorIs(t, err, httpobs.ErrBodyTooLarge)
}

func TestHeadReadsNoBody(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "5000")
	})
	values, err := collect(t, httpobs.Do(http.MethodHead, srv.URL, nil, httpobs.WithClient(srv.Client()), httpobs.WithMaxBody(10)))
	require.NoError(t, err)
	assert.Empty(t, values[0].(*httpobs.Response).Body)
}

func TestInvalidRequestFailsEachSubscription(t *testing.T) {
	src := httpobs.Get("http://exa mple.com/?token=s3cret")
	for range 2 {
		_, err := collect(t, src)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "invalid URL")
		assert.NotContains(t, err.Error(), "s3cret")
	}
	_, err := collect(t, httpobs.Do("BAD METHOD", "http://example.com/", nil))
	assert.ErrorContains(t, err, "invalid method")
}

func TestFromRequest(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s %s", r.Method, r.Header.Get("X-Built"), body)
	})

	var builds atomic.Int32
	src := httpobs.FromRequest(func(ctx context.Context) (*http.Request, error) {
		builds.Add(1)
		req, err := http.NewRequestWithContext(ctx, http.MethodPatch, srv.URL, strings.NewReader("patch"))
		if err == nil {
			req.Header.Set("X-Built", "yes")
		}
		return req, err
	}, httpobs.WithClient(srv.Client()))
	assert.Zero(t, builds.Load())

	for range 2 {
		values, err := collect(t, src)
		require.NoError(t, err)
		assert.Equal(t, "PATCH yes patch", string(values[0].(*httpobs.Response).Body))
	}
	assert.Equal(t, int32(2), builds.Load())
}

func TestFromRequestBuildErrors(t *testing.T) {
	boom := errors.New("boom")
	_, err := collect(t, httpobs.FromRequest(func(context.Context) (*http.Request, error) { return nil, boom }))
	assert.ErrorIs(t, err, boom)

	_, err = collect(t, httpobs.FromRequest(func(context.Context) (*http.Request, error) { return nil, nil }))
	assert.ErrorContains(t, err, "neither a request nor an error")

	_, err = collect(t, httpobs.FromRequest(func(context.Context) (*http.Request, error) { panic("kaput") }))
	var pe *streams.PanicError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "kaput", pe.Value)
}

func TestFromRequestWithAnotherContextIsStillCancelled(t *testing.T) {
	entered := make(chan struct{})
	aborted := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-r.Context().Done()
		close(aborted)
	})
	src := httpobs.FromRequest(func(context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL, nil)
	}, httpobs.WithClient(srv.Client()))

	sub := streams.Subscribe(context.Background(), src, streams.Observer{})
	waitFor(t, entered, "the request to reach the server")
	sub.Unsubscribe()
	waitFor(t, sub.Done(), "the subscription to end")
	waitFor(t, aborted, "the server to see the request aborted")
}

func TestRedaction(t *testing.T) {
	const secret = "s3cr3t-t0ken"
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "session="+secret)
		// A hostile server echoes the token in a challenge parameter.
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="`+r.Header.Get("Authorization")+`"`)
		status := http.StatusUnauthorized
		if r.URL.Path == "/ok" {
			status = http.StatusOK
		}
		w.WriteHeader(status)
		io.WriteString(w, "echo "+r.Header.Get("Authorization"))
	})
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	u.User = url.UserPassword("alice", secret+"-pw")
	u.RawQuery = "access_token=" + secret
	u.Fragment = secret + "-frag"
	bearer := httpobs.WithDecorator(func(r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+secret)
		return nil
	})

	u.Path = "/denied"
	_, err = collect(t, httpobs.Get(u.String(), httpobs.WithClient(srv.Client()), bearer))
	var se *httpobs.StatusError
	require.ErrorAs(t, err, &se)
	assert.Contains(t, string(se.Body), secret, "the body is kept as the server sent it")
	assert.Equal(t, srv.URL+"/denied?REDACTED#REDACTED", se.URL)
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		s := fmt.Sprintf(format, err)
		assert.NotContains(t, s, secret, format)
		assert.NotContains(t, s, "alice", format)
	}
	assert.NotContains(t, err.Error(), "invalid_token", "no header value reaches the message")
	assert.Equal(t, "invalid_token", se.Challenge.Error, "the challenge is there to read")

	u.Path = "/ok"
	values, err := collect(t, httpobs.Get(u.String(), httpobs.WithClient(srv.Client()), bearer))
	require.NoError(t, err)
	resp := values[0].(*httpobs.Response)
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(format, resp), secret, format)
		assert.NotContains(t, fmt.Sprintf(format, *resp), secret, format)
	}

	client := srv.Client()
	srv.Close()
	_, err = collect(t, httpobs.Get(u.String(), httpobs.WithClient(client), bearer))
	var re *httpobs.RequestError
	require.ErrorAs(t, err, &re)
	for _, format := range []string{"%v", "%+v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(format, err), secret, format)
	}

	for _, b := range []httpobs.Body{
		httpobs.JSONBody(map[string]string{"refresh_token": secret}),
		httpobs.FormBody(url.Values{"refresh_token": {secret}}),
		httpobs.BytesBody([]byte(secret), "text/plain"),
		httpobs.ReaderBody(strings.NewReader(secret), "text/plain"),
	} {
		for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
			assert.NotContains(t, fmt.Sprintf(format, b), secret, format)
		}
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://api.example.com/v1/users", "https://api.example.com/v1/users"},
		{"https://bob:pw@api.example.com:8443/x?token=abc#frag", "https://api.example.com:8443/x?REDACTED#REDACTED"},
		{"http://h/p?", "http://h/p?REDACTED"},
		{"/relative?q=1", "/relative?REDACTED"},
		{"mailto:someone@example.com", "mailto:REDACTED"},
		{"http://h/a%20b", "http://h/a%20b"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		require.NoError(t, err)
		assert.Equal(t, tt.want, httpobs.RedactURL(u), tt.in)
	}
	assert.Empty(t, httpobs.RedactURL(nil))
}

func TestOptionsRejectBadArguments(t *testing.T) {
	assert.PanicsWithValue(t, "httpobs.WithMaxBody: n = 0, want > 0", func() { httpobs.WithMaxBody(0) })
	assert.Panics(t, func() { httpobs.WithDecorator(nil) })
	assert.Panics(t, func() { httpobs.ContextWithDecorator(context.Background(), nil) })
	assert.Panics(t, func() { httpobs.FromRequest(nil) })
	assert.Panics(t, func() { httpobs.ReaderBody(nil, "") })
	assert.Panics(t, func() { httpobs.Get("http://example.com", nil) })
}
