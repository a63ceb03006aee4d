package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// The fault matrix crosses what the token endpoint does, what the resource
// does and how callers behave, through Reauth and through Transport. Every
// cell runs in its own synctest bubble, on virtual time, against an
// in-memory authtest server, and checks that:
//
//   - every request ends with exactly the outcome the cell calls for — a
//     success, a status, or an error matched with errors.Is/errors.As — no
//     later than that outcome is due, or at its own deadline or cancellation
//     if that comes first;
//   - the token endpoint is called exactly once for the one stale token (or
//     never, when nothing calls for a refresh), and sees no reuse;
//   - the session ends in the right state: refreshed, signed out with the
//     reason, or untouched; a request made afterwards meets that state and
//     causes no further call;
//   - once every request has ended, the process runs as many goroutines as
//     before the first was made.
//
// Times: the resource answers after fmResource, the token endpoint after
// fmToken (faults included), a hung refresh gives up after fmTimeout.
const (
	fmResource = 10 * time.Millisecond
	fmToken    = 100 * time.Millisecond
	fmTimeout  = time.Second
	fmSlowBody = 300 * time.Millisecond
	// fmCutoff is when a cancelling caller cancels and when a caller's
	// deadline ends: after the resource's first answer, while the refresh
	// is under way in every cell that refreshes.
	fmCutoff = fmResource + fmToken/2
	// fmSettle is long enough for any refresh to have ended.
	fmSettle = fmTimeout + fmSlowBody + fmToken
	// fmSafety ends a request that would otherwise hang, so that the cell
	// fails on its timing instead of hanging.
	fmSafety = time.Minute
)

// tokenEndpointCase is a behaviour of the token endpoint.
type tokenEndpointCase struct {
	name  string
	fault func() authtest.Fault // nil: served as usual
	ok    bool                  // the refresh yields new tokens
	// unavailable: the endpoint cannot have taken the refresh token; the
	// refresh fails when its timeout runs out, and the session stays
	// signed in for a later request to try again.
	unavailable bool
	takes       time.Duration // from the refresh call to its outcome
	cause       func(t *testing.T, err error)
}

var tokenEndpointCases = []tokenEndpointCase{
	{name: "200", ok: true, takes: fmToken},
	{name: "400 invalid_grant", fault: func() authtest.Fault {
		return authtest.OAuthError(http.StatusBadRequest, "invalid_grant", "refresh token revoked")
	}, takes: fmToken, cause: oauthCause(http.StatusBadRequest, "invalid_grant")},
	{name: "401", fault: func() authtest.Fault {
		return authtest.OAuthError(http.StatusUnauthorized, "invalid_client", "")
	}, takes: fmToken, cause: oauthCause(http.StatusUnauthorized, "invalid_client")},
	{name: "403", fault: func() authtest.Fault {
		return authtest.Respond(http.StatusForbidden, nil, "Forbidden")
	}, takes: fmToken, cause: statusCause(http.StatusForbidden)},
	{name: "429 Retry-After", fault: func() authtest.Fault {
		return authtest.RetryLater(http.StatusTooManyRequests, 5*time.Second)
	}, takes: fmToken, unavailable: true, cause: oauthCause(http.StatusTooManyRequests, "temporarily_unavailable")},
	{name: "500", fault: func() authtest.Fault {
		return authtest.Respond(http.StatusInternalServerError, nil, "boom")
	}, takes: fmToken, cause: func(t *testing.T, err error) {
		statusCause(http.StatusInternalServerError)(t, err)
		require.ErrorIs(t, err, auth.ErrAmbiguous)
	}},
	{name: "503", fault: func() authtest.Fault {
		return authtest.Respond(http.StatusServiceUnavailable, http.Header{"Retry-After": {"1"}}, "down for maintenance")
	}, takes: fmToken, unavailable: true, cause: statusCause(http.StatusServiceUnavailable)},
	{name: "hang", fault: authtest.Hang, takes: fmTimeout, cause: func(t *testing.T, err error) {
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.ErrorIs(t, err, auth.ErrAmbiguous, "the endpoint may have used the refresh token")
	}},
	{name: "garbage JSON", fault: authtest.Garbage, takes: fmToken, cause: syntaxCause},
	{name: "empty body", fault: authtest.EmptyBody, takes: fmToken, cause: syntaxCause},
	{name: "200 without access_token", fault: authtest.NoAccessToken, takes: fmToken, cause: func(t *testing.T, err error) {
		require.ErrorContains(t, err, "no access_token")
	}},
	{name: "connection reset", fault: authtest.Reset, takes: fmToken, cause: func(t *testing.T, err error) {
		var re *httpobs.RequestError
		require.ErrorAs(t, err, &re)
		require.Equal(t, http.MethodPost, re.Method)
		require.NotErrorIs(t, err, context.DeadlineExceeded)
		require.NotErrorIs(t, err, context.Canceled)
		require.ErrorIs(t, err, auth.ErrAmbiguous)
	}},
	{name: "slow body", fault: func() authtest.Fault { return authtest.SlowBody(fmSlowBody) }, ok: true, takes: fmToken + fmSlowBody},
}

func oauthCause(status int, code string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var oe *auth.OAuthError
		require.ErrorAs(t, err, &oe)
		require.Equal(t, status, oe.StatusCode)
		require.Equal(t, code, oe.Code)
	}
}

// statusCause: a token endpoint error without an OAuth error body.
func statusCause(status int) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var se *httpobs.StatusError
		require.ErrorAs(t, err, &se)
		require.Equal(t, status, se.StatusCode)
		var oe *auth.OAuthError
		require.False(t, errors.As(err, &oe), "no OAuth error body, no *OAuthError: %v", err)
	}
}

func syntaxCause(t *testing.T, err error) {
	var se *json.SyntaxError
	require.ErrorAs(t, err, &se)
}

// resourceCase is a behaviour of the protected resource. The 401 rows
// revoke the access token server-side, so the client learns it is stale
// only from the 401. The 500 and reset rows start after the access token
// expired, so the client refreshes before sending and the resource's fault
// meets the request sent with the new token: both faults must pass through
// without a second refresh.
type resourceCase struct {
	name    string
	opts    []authtest.Option
	prepare func(f *fixture)
	// refreshes: whether the flow must call the token endpoint, and when.
	refreshes bool
	refreshAt time.Duration
	// answer is how long the resource takes for a request sent with a
	// valid token, and valid what it answers.
	answer time.Duration
	valid  outcome
}

var resourceCases = []resourceCase{
	{
		name:      "401 Bearer challenge",
		prepare:   func(f *fixture) { require.Equal(f.t, 1, f.server.RevokeAccessTokens()) },
		refreshes: true, refreshAt: fmResource,
		answer: fmResource, valid: outcome{kind: outSucceeded},
	},
	{
		name:      "401 bare",
		opts:      []authtest.Option{authtest.WithoutWWWAuthenticate()},
		prepare:   func(f *fixture) { require.Equal(f.t, 1, f.server.RevokeAccessTokens()) },
		refreshes: true, refreshAt: fmResource,
		answer: fmResource, valid: outcome{kind: outSucceeded},
	},
	{
		// The token is valid but lacks a scope: no refresh can help.
		name:    "403 insufficient_scope",
		opts:    []authtest.Option{authtest.WithRequiredScope("/resource", "admin")},
		prepare: func(*fixture) {},
		answer:  fmResource, valid: outcome{kind: outStatus, status: http.StatusForbidden, bearerError: "insufficient_scope"},
	},
	{
		name: "500",
		prepare: func(f *fixture) {
			time.Sleep(authtest.DefaultAccessTTL + time.Second)
			f.server.ResourceFaults().Always(authtest.Respond(http.StatusInternalServerError, nil, "boom"))
		},
		refreshes: true, refreshAt: 0,
		answer: fmResource, valid: outcome{kind: outStatus, status: http.StatusInternalServerError},
	},
	{
		// net/http resends a GET once when a reused connection ends
		// before any answer, so a reset may cost two resource latencies.
		name: "reset",
		prepare: func(f *fixture) {
			time.Sleep(authtest.DefaultAccessTTL + time.Second)
			f.server.ResourceFaults().Always(authtest.Reset())
		},
		refreshes: true, refreshAt: 0,
		answer: 2 * fmResource, valid: outcome{kind: outReset},
	},
}

// callerCase is how the callers of one cell behave.
type callerCase struct {
	name    string
	callers int
	// cancelFirst: the first caller cancels at fmCutoff.
	cancelFirst bool
	// deadline: every caller's context ends at fmCutoff.
	deadline bool
}

var callerCases = []callerCase{
	{name: "cancels while waiting", callers: 2, cancelFirst: true},
	{name: "deadline shorter than the refresh", callers: 3, deadline: true},
	{name: "many callers", callers: 50},
}

type outcomeKind int

const (
	outSucceeded     outcomeKind = iota + 1
	outStatus                    // a non-2xx answer, passed on
	outReset                     // the connection to the resource failed
	outRefreshFailed             // the refresh failed; cause says how
	outUnavailable               // the refresh failed, the session stays signed in
	outSignedOut                 // the session was signed out by a failed refresh
	outCanceled                  // the caller cancelled
	outDeadline                  // the caller's deadline ended
)

// outcome is what a request must end with.
type outcome struct {
	kind        outcomeKind
	status      int
	bearerError string // for status: the challenge's error code, if any
	cause       func(*testing.T, error)
}

// cellResult is what a request ended with.
type cellResult struct {
	status  int // of a response, when err is nil
	header  http.Header
	err     error
	elapsed time.Duration
}

// matrixClient sends one request for the resource the way a user would.
type matrixClient struct {
	name string
	send func(ctx context.Context, f *fixture) cellResult
}

var matrixClients = []matrixClient{
	{name: "Reauth", send: func(ctx context.Context, f *fixture) cellResult {
		values, err := streams.Collect(ctx, f.get())
		switch {
		case err != nil:
			return cellResult{err: err}
		case len(values) != 1:
			return cellResult{err: fmt.Errorf("got %d values, want 1", len(values))}
		}
		resp := values[0].(*httpobs.Response)
		return cellResult{status: resp.StatusCode, header: resp.Header}
	}},
	{name: "Transport", send: func(ctx context.Context, f *fixture) cellResult {
		c := &http.Client{Transport: f.session.Transport(f.client.Transport)}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.server.ResourceURL(), nil)
		if err != nil {
			return cellResult{err: err}
		}
		resp, err := c.Do(req)
		if err != nil {
			return cellResult{err: err}
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return cellResult{err: fmt.Errorf("reading the body: %w", err)}
		}
		return cellResult{status: resp.StatusCode, header: resp.Header}
	}},
}

// check asserts that got is the outcome w, as seen through client via.
func (w outcome) check(t *testing.T, via string, got cellResult) {
	t.Helper()
	err := got.err
	notAuth := func() {
		for _, target := range []error{auth.ErrRefreshFailed, auth.ErrSignedOut, auth.ErrStillUnauthorized} {
			require.NotErrorIs(t, err, target)
		}
	}
	notContext := func() {
		require.NotErrorIs(t, err, context.Canceled)
		require.NotErrorIs(t, err, context.DeadlineExceeded)
	}
	switch w.kind {
	case outSucceeded:
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, got.status)
	case outStatus:
		header := got.header
		if via == "Reauth" {
			// Reauth passes on a non-2xx answer as a *StatusError.
			var se *httpobs.StatusError
			require.ErrorAs(t, err, &se)
			notAuth()
			require.Equal(t, w.status, se.StatusCode)
			header = se.Header
		} else {
			// Transport returns any answer but a 401 as it came.
			require.NoError(t, err)
			require.Equal(t, w.status, got.status)
		}
		if w.bearerError != "" {
			c, cerr := httpobs.ParseChallenge(header.Get("WWW-Authenticate"))
			require.NoError(t, cerr)
			require.Equal(t, w.bearerError, c.Error)
		}
	case outReset:
		require.Error(t, err)
		notAuth()
		notContext()
		if via == "Reauth" {
			var re *httpobs.RequestError
			require.ErrorAs(t, err, &re)
		} else {
			var ue *url.Error
			require.ErrorAs(t, err, &ue)
		}
	case outRefreshFailed:
		require.ErrorIs(t, err, auth.ErrRefreshFailed)
		require.ErrorIs(t, err, auth.ErrSignedOut)
		require.NotErrorIs(t, err, auth.ErrStillUnauthorized)
		w.cause(t, err)
	case outUnavailable:
		require.ErrorIs(t, err, auth.ErrRefreshFailed)
		require.ErrorIs(t, err, auth.ErrUnavailable)
		require.NotErrorIs(t, err, auth.ErrSignedOut)
		require.NotErrorIs(t, err, auth.ErrStillUnauthorized)
		w.cause(t, err)
	case outSignedOut:
		require.ErrorIs(t, err, auth.ErrSignedOut)
		require.ErrorIs(t, err, auth.ErrRefreshFailed, "the reason for the sign-out is wrapped")
	case outCanceled:
		require.ErrorIs(t, err, context.Canceled)
		notAuth()
	case outDeadline:
		require.ErrorIs(t, err, context.DeadlineExceeded)
		notAuth()
	default:
		t.Fatalf("outcome kind %d", w.kind)
	}
}

// expect returns what every request of a cell ends with, absent
// cancellation, and by when; how many token endpoint calls the cell makes;
// and whether the refresh yields new tokens.
func expect(r resourceCase, k tokenEndpointCase) (w outcome, by time.Duration, calls int64, renewed bool) {
	switch {
	case !r.refreshes:
		return r.valid, r.answer, 0, false
	case k.ok:
		return r.valid, r.refreshAt + k.takes + r.answer, 1, true
	case k.unavailable:
		return outcome{kind: outUnavailable, cause: k.cause}, r.refreshAt + k.takes, 1, false
	}
	return outcome{kind: outRefreshFailed, cause: k.cause}, r.refreshAt + k.takes, 1, false
}

func TestFaultMatrix(t *testing.T) {
	for _, c := range matrixClients {
		t.Run(c.name, func(t *testing.T) {
			for _, r := range resourceCases {
				t.Run(r.name, func(t *testing.T) {
					for _, k := range tokenEndpointCases {
						t.Run(k.name, func(t *testing.T) {
							for _, cc := range callerCases {
								t.Run(cc.name, func(t *testing.T) {
									synctest.Test(t, func(t *testing.T) { runCell(t, c, r, k, cc) })
								})
							}
						})
					}
				})
			}
		})
	}
}

func runCell(t *testing.T, c matrixClient, r resourceCase, k tokenEndpointCase, cc callerCase) {
	opts := append([]authtest.Option{
		authtest.WithTokenLatency(fmToken),
		authtest.WithResourceLatency(fmResource),
	}, r.opts...)
	f := newFixture(t, opts, auth.WithRefreshTimeout(fmTimeout))
	if k.fault != nil {
		f.server.TokenFaults().Always(k.fault())
	}
	r.prepare(f)
	want, by, calls, renewed := expect(r, k)
	failed := r.refreshes && !k.ok && !k.unavailable
	unavailable := r.refreshes && k.unavailable

	f.client.CloseIdleConnections()
	synctest.Wait()
	baseline := bubbleGoroutines()

	start := time.Now()
	results := make([]cellResult, cc.callers)
	var wg sync.WaitGroup
	for i := range cc.callers {
		limit := fmSafety
		if cc.deadline {
			limit = fmCutoff
		}
		ctx, cancel := context.WithTimeout(t.Context(), limit)
		if cc.cancelFirst && i == 0 {
			time.AfterFunc(fmCutoff, cancel)
		}
		wg.Go(func() {
			defer cancel()
			results[i] = c.send(ctx, f)
			results[i].elapsed = time.Since(start)
		})
	}
	wg.Wait()

	for i, got := range results {
		w, until := want, by
		if (cc.deadline || cc.cancelFirst && i == 0) && fmCutoff < by {
			w, until = outcome{kind: outCanceled}, fmCutoff
			if cc.deadline {
				w.kind = outDeadline
			}
		}
		w.check(t, c.name, got)
		require.LessOrEqual(t, got.elapsed, until, "caller %d ended late", i)
	}

	// Let a refresh that every caller gave up on finish: it must still
	// store its outcome.
	time.Sleep(fmSettle)
	synctest.Wait() // OnSignOut and OnTokens run on the session's goroutines

	st := f.server.Stats()
	require.Equal(t, calls, st.RefreshCalls, "token endpoint calls")
	require.Zero(t, st.ReuseDetections, "reuse detections")
	state := f.session.State()
	switch {
	case renewed:
		require.EqualValues(t, 1, st.Refreshes)
		require.Equal(t, auth.StatusSignedIn, state.Status)
		require.EqualValues(t, 2, state.Generation)
		require.Len(t, f.savedTokens(), 1)
		require.Empty(t, f.signOutReasons())
	case unavailable:
		require.Zero(t, st.Refreshes)
		require.Equal(t, auth.StatusSignedIn, state.Status, "the endpoint did not take the refresh token")
		require.EqualValues(t, 1, state.Generation)
		require.ErrorIs(t, state.Err, auth.ErrUnavailable)
		require.Empty(t, f.savedTokens())
		require.Empty(t, f.signOutReasons())
	case failed:
		require.Zero(t, st.Refreshes)
		require.Equal(t, auth.StatusSignedOut, state.Status)
		require.ErrorIs(t, state.Err, auth.ErrRefreshFailed)
		k.cause(t, state.Err)
		require.Empty(t, f.savedTokens())
		reasons := f.signOutReasons()
		require.Len(t, reasons, 1)
		require.ErrorIs(t, reasons[0], auth.ErrRefreshFailed)
	default:
		require.Equal(t, auth.StatusSignedIn, state.Status)
		require.EqualValues(t, 1, state.Generation)
		require.Empty(t, f.savedTokens())
		require.Empty(t, f.signOutReasons())
	}

	// A request made now meets the settled state, and calls nobody.
	then := time.Now()
	after := c.send(t.Context(), f)
	after.elapsed = time.Since(then)
	switch {
	case failed:
		outcome{kind: outSignedOut}.check(t, c.name, after)
		require.Zero(t, after.elapsed, "a signed-out session fails at once")
	case unavailable:
		// Still signed in with the old token: the request tries the
		// refresh again, and meets the endpoint still unavailable.
		outcome{kind: outUnavailable, cause: k.cause}.check(t, c.name, after)
		require.LessOrEqual(t, after.elapsed, r.refreshAt+fmResource+k.takes)
		calls++
	default:
		r.valid.check(t, c.name, after)
		require.LessOrEqual(t, after.elapsed, r.answer)
	}
	require.Equal(t, calls, f.server.Stats().RefreshCalls, "token endpoint calls after the follow-up request")

	f.client.CloseIdleConnections()
	synctest.Wait()
	require.Equal(t, baseline, bubbleGoroutines(), "goroutines left running after every request ended")
}

// bubbleGoroutines counts the goroutines of the running synctest bubble:
// runtime.NumGoroutine would also count the test runner's, which come and
// go as subtests end.
func bubbleGoroutines() int {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return bytes.Count(buf[:n], []byte(", synctest bubble "))
		}
		buf = make([]byte, 2*len(buf))
	}
}
