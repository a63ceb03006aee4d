package authtest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rxepic/rxepic/auth/authtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// answer is a response read in full.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// send performs req with c and reads the answer; a transport error fails
// the test.
func send(t testing.TB, c *http.Client, req *http.Request) answer {
	t.Helper()
	a, err := trySend(c, req)
	require.NoError(t, err)
	return a
}

func trySend(c *http.Client, req *http.Request) (answer, error) {
	resp, err := c.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// refreshRequest builds a form refresh grant request.
func refreshRequest(ctx context.Context, srv *authtest.Server, refreshToken string) *http.Request {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.TokenURL(), strings.NewReader(form.Encode()))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// resourceRequest builds GET srv.URL()+path with a bearer token ("" for
// none).
func resourceRequest(ctx context.Context, srv *authtest.Server, path, token string) *http.Request {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL()+path, nil)
	if err != nil {
		panic(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

// refresh presents refreshToken and returns the answer.
func refresh(t testing.TB, srv *authtest.Server, refreshToken string) answer {
	t.Helper()
	return send(t, srv.Client(), refreshRequest(context.Background(), srv, refreshToken))
}

// access requests path with token and returns the answer.
func access(t testing.TB, srv *authtest.Server, path, token string) answer {
	t.Helper()
	return send(t, srv.Client(), resourceRequest(context.Background(), srv, path, token))
}

type tokenBody struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope"`
}

func decodeTokens(t testing.TB, a answer) tokenBody {
	t.Helper()
	require.Equal(t, http.StatusOK, a.status, "token answer: %s", a.body)
	var tb tokenBody
	require.NoError(t, json.Unmarshal(a.body, &tb))
	return tb
}

type errorBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// requireError checks an error answer's status and RFC 6749 §5.2 code, and
// returns its description.
func requireError(t testing.TB, a answer, status int, code string) string {
	t.Helper()
	require.Equal(t, status, a.status, "body: %s", a.body)
	var eb errorBody
	require.NoError(t, json.Unmarshal(a.body, &eb), "body: %s", a.body)
	require.Equal(t, code, eb.Error)
	return eb.Description
}

type resourceBody struct {
	Subject    string `json:"subject"`
	Path       string `json:"path"`
	Generation int    `json:"generation"`
}

func decodeResource(t testing.TB, a answer) resourceBody {
	t.Helper()
	require.Equal(t, http.StatusOK, a.status, "resource answer: %s", a.body)
	var rb resourceBody
	require.NoError(t, json.Unmarshal(a.body, &rb))
	return rb
}

// eventLog collects events from OnEvent.
type eventLog struct {
	mu     sync.Mutex
	events []authtest.Event
}

func (l *eventLog) add(e authtest.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

func (l *eventLog) all() []authtest.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]authtest.Event(nil), l.events...)
}
