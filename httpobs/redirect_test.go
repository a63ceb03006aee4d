package httpobs_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// headerRecorder records the headers of the requests it serves.
type headerRecorder struct {
	mu      sync.Mutex
	headers []http.Header
	bodies  []string
}

func (h *headerRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.headers = append(h.headers, r.Header.Clone())
	h.bodies = append(h.bodies, string(body))
	h.mu.Unlock()
	io.WriteString(w, "landed")
}

func (h *headerRecorder) last() http.Header {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.headers[len(h.headers)-1]
}

func redirectTo(target string, code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		http.Redirect(w, r, target, code)
	}
}

// credentials are what a decorator and the options put on a request.
var credentials = []httpobs.Option{
	httpobs.WithHeader("Accept", "text/plain"),
	httpobs.WithDecorator(func(r *http.Request) error {
		r.Header.Set("Authorization", "Bearer secret")
		r.Header.Set("X-Api-Key", "key")
		return nil
	}),
}

func TestRedirectToAnotherHostDropsCredentials(t *testing.T) {
	landing := &headerRecorder{}
	other := newServer(t, landing.ServeHTTP)
	origin := newServer(t, redirectTo(other.URL+"/landing", http.StatusFound))
	// Both servers listen on 127.0.0.1: for net/http they are the same
	// host (it ignores the port), so it would pass Authorization on.
	require.Equal(t, hostname(t, origin.URL), hostname(t, other.URL))
	client := &http.Client{Transport: origin.Client().Transport}

	values, err := collect(t, httpobs.Get(origin.URL+"/start", append(credentials, httpobs.WithClient(client))...))
	require.NoError(t, err)
	assert.Equal(t, "landed", string(values[0].(*httpobs.Response).Body))
	h := landing.last()
	assert.Empty(t, h.Get("Authorization"))
	assert.Empty(t, h.Get("X-Api-Key"), "a header a decorator set is a credential")
	assert.Equal(t, "text/plain", h.Get("Accept"), "other headers follow the redirect")

	// The same request through net/http alone would have leaked it.
	req, err := http.NewRequest(http.MethodGet, origin.URL+"/start", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer secret")
	resp, err := client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "Bearer secret", landing.last().Get("Authorization"), "net/http forwards it: the test would catch a leak")
}

func TestRedirectWithinTheOriginKeepsCredentials(t *testing.T) {
	landing := &headerRecorder{}
	mux := http.NewServeMux()
	mux.HandleFunc("/landing", landing.ServeHTTP)
	srv := newServer(t, mux.ServeHTTP)
	mux.HandleFunc("/start", redirectTo(srv.URL+"/landing", http.StatusFound))

	_, err := collect(t, httpobs.Get(srv.URL+"/start", append(credentials, httpobs.WithClient(srv.Client()))...))
	require.NoError(t, err)
	assert.Equal(t, "Bearer secret", landing.last().Get("Authorization"))
	assert.Equal(t, "key", landing.last().Get("X-Api-Key"))
}

func TestRedirectBackToTheOriginStaysStripped(t *testing.T) {
	landing := &headerRecorder{}
	mux := http.NewServeMux()
	mux.HandleFunc("/landing", landing.ServeHTTP)
	origin := newServer(t, mux.ServeHTTP)
	other := newServer(t, redirectTo(origin.URL+"/landing", http.StatusFound))
	mux.HandleFunc("/start", redirectTo(other.URL+"/bounce", http.StatusFound))

	_, err := collect(t, httpobs.Get(origin.URL+"/start", append(credentials, httpobs.WithClient(origin.Client()))...))
	require.NoError(t, err)
	assert.Empty(t, landing.last().Get("Authorization"), "a chain that left the origin is not trusted again")
}

func TestRedirectDefaultClientIsAsStrict(t *testing.T) {
	landing := &headerRecorder{}
	other := newServer(t, landing.ServeHTTP)
	origin := newServer(t, redirectTo(other.URL+"/landing", http.StatusTemporaryRedirect))
	defer closeDefaultClientIdle(t)

	_, err := collect(t, httpobs.Post(origin.URL, httpobs.BytesBody([]byte("payload"), "text/plain"), credentials...))
	require.NoError(t, err)
	assert.Empty(t, landing.last().Get("Authorization"))
	assert.Equal(t, []string{"payload"}, landing.bodies, "a 307 replays the body")
}

func TestRedirectKeepsTheClientsOwnPolicy(t *testing.T) {
	landing := &headerRecorder{}
	other := newServer(t, landing.ServeHTTP)
	origin := newServer(t, redirectTo(other.URL+"/landing", http.StatusFound))
	stop := errors.New("no redirects here")
	var sawAuthorization []string
	client := &http.Client{
		Transport: origin.Client().Transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			sawAuthorization = append(sawAuthorization, req.Header.Get("Authorization"))
			return stop
		},
	}

	_, err := collect(t, httpobs.Get(origin.URL+"/start", append(credentials, httpobs.WithClient(client))...))
	var re *httpobs.RequestError
	require.ErrorAs(t, err, &re)
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, []string{""}, sawAuthorization, "the client's policy runs after credentials are stripped")
	assert.Empty(t, landing.headers)
	assert.NotNil(t, client.CheckRedirect, "the given client is not modified")
}

func hostname(t *testing.T, rawURL string) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, rawURL, nil)
	return strings.Split(req.Host, ":")[0]
}
