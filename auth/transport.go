package auth

import (
	"fmt"
	"net/http"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/internal/decorate"
	"github.com/rxepic/rxepic/internal/origin"
)

// Transport is an http.RoundTripper that runs the same 401 flow as Reauth
// for code that is not reactive: give it to any http.Client, or to a
// generated API client, and its requests get the current access token and
// survive its expiry. It is safe for concurrent use.
//
// A request body is replayed through Request.GetBody (set by
// http.NewRequest for in-memory bodies); a request whose body cannot be
// replayed is sent once, and if it then needs a retry it fails with an
// error matching httpobs.ErrBodyNotReplayable rather than being resent
// empty. When re-authentication did not help, the last 401 response is
// returned as it came. A failed refresh is an error matching
// ErrRefreshFailed. The token never follows a redirect to another origin
// (scheme, host and port), and a 401 from there causes no refresh.
type Transport struct {
	auth *Authenticator
	base http.RoundTripper
}

// Transport returns a Transport that sends through base
// (http.DefaultTransport if nil).
func (a *Authenticator) Transport(base http.RoundTripper) *Transport {
	if base == nil {
		base = http.DefaultTransport
	}
	return &Transport{auth: a, base: base}
}

// Format prints the type and never the tokens it reads, under every verb.
func (t *Transport) Format(f fmt.State, _ rune) { fmt.Fprint(f, "auth.Transport") }

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if origin.Left(req) {
		// A redirect that has left the token's origin: it goes on without
		// the token, and a 401 there is not ours to fix.
		return t.base.RoundTrip(req)
	}
	ctx := req.Context()
	a := t.auth
	// sends counts the attempts sent; reauths the re-authentications, as
	// Reauth counts them: waits for a refresh and resends.
	sends, reauths, waited := 0, 0, false
	for {
		s := a.state()
		switch {
		case s.Status == StatusSignedOut:
			closeBody(req)
			return nil, signedOut(s.Err)
		case !skipReauth(ctx) && !waited && reauths < a.cfg.reauthLimit && (s.Status == StatusRefreshing || a.knownExpired(s)):
			waited = true
			reauths++
			if err := a.waitReplaced(ctx, s.Generation); err != nil {
				closeBody(req)
				return nil, err
			}
			continue
		}
		out, err := t.outgoing(req, sends)
		if err != nil {
			closeBody(req)
			return nil, err
		}
		gen, err := a.authorize(out)
		if err == nil {
			err = decorate.Run(out, httpobs.RedactURL, decorate.Carried(ctx))
		}
		if err != nil {
			closeBody(out)
			return nil, err
		}
		sends++
		resp, err := t.base.RoundTrip(out)
		switch {
		case !t.rejected(out, resp, err) || skipReauth(ctx):
			return resp, err
		case reauths >= a.cfg.reauthLimit && err != nil:
			return nil, fmt.Errorf("%w: %w", ErrStillUnauthorized, err)
		case reauths >= a.cfg.reauthLimit:
			return resp, nil // the last 401, as it came
		}
		reauths++
		if resp != nil {
			resp.Body.Close()
		}
		if s = a.state(); s.Status == StatusSignedOut {
			closeBody(req)
			return nil, signedOut(s.Err)
		}
		if gen < s.Generation {
			continue // a stale 401: the token has been replaced since
		}
		waited = true
		if err := a.waitReplaced(ctx, gen); err != nil {
			closeBody(req)
			return nil, err
		}
	}
}

// rejected reports whether the answer to out — resp, or err — is a
// rejection of its token in the sense of WithReauthOn: a 401 is read as
// an httpobs.StatusError, its body left whole for the caller.
func (t *Transport) rejected(out *http.Request, resp *http.Response, err error) bool {
	if err != nil {
		return t.auth.cfg.reauthOn(err)
	}
	if resp.StatusCode != http.StatusUnauthorized {
		return false
	}
	se := httpobs.NewStatusError(out, resp)
	return !se.LeftOrigin && t.auth.cfg.reauthOn(se)
}

// outgoing is the copy of req that attempt number sent+1 sends, with
// headers of its own for the token and, for a retry, the body replayed.
func (t *Transport) outgoing(req *http.Request, sent int) (*http.Request, error) {
	out := req.Clone(req.Context())
	if sent == 0 || req.Body == nil || req.Body == http.NoBody {
		return out, nil
	}
	if req.GetBody == nil {
		return nil, fmt.Errorf("auth: %s %s needs a retry: %w", req.Method, httpobs.RedactURL(req.URL), httpobs.ErrBodyNotReplayable)
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, fmt.Errorf("auth: replaying the body of %s %s: %w", req.Method, httpobs.RedactURL(req.URL), err)
	}
	out.Body = body
	return out, nil
}

// closeBody closes req's body, as a RoundTripper must even when it fails.
func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
