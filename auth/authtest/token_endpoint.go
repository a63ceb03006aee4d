package authtest

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"time"
)

// tokenResponse is a successful token response (RFC 6749 §5.1).
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope,omitempty"`
}

// grantRequest holds the parameters of a token request.
type grantRequest struct {
	GrantType    string `json:"grant_type"`
	RefreshToken string `json:"refresh_token"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// oauthError is a refusal by the token endpoint (RFC 6749 §5.2).
type oauthError struct {
	status      int
	code        string
	description string
}

func (e *oauthError) reply() reply {
	rp := reply{status: e.status, header: jsonHeader(), body: errorBody(e.code, e.description)}
	if e.code == "invalid_client" {
		rp.header.Set("WWW-Authenticate", `Basic realm="authtest"`)
	}
	if e.status == http.StatusMethodNotAllowed {
		rp.header.Set("Allow", http.MethodPost)
	}
	return rp
}

func invalidRequest(format string, args ...any) *oauthError {
	return &oauthError{status: http.StatusBadRequest, code: "invalid_request", description: fmt.Sprintf(format, args...)}
}

// serveToken is the token endpoint: the refresh grant of RFC 6749 §6.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	s.stats.refreshCalls.Add(1)
	fault, faulted := s.tokenFaults.take()
	ev := Event{Start: start, Path: r.URL.Path}

	// The body is read first, whatever comes next: net/http notices that a
	// client went away only once the body has been read, and a request
	// whose client is gone must end, not hang or be carried out.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	if err != nil && !errors.As(err, &tooLarge) {
		ev.Detail = "reading request body failed"
		s.abort(ev)
	}

	if !s.pause(r.Context(), latency(s.cfg.tokenLatency)) {
		s.abort(ev)
	}
	s.answer(w, r, ev, fault, faulted, &s.stats.tokenFaults, func(ev *Event) reply {
		return s.grant(r, body, tooLarge != nil, ev)
	})
}

// grant handles a token request with the given body, which was cut short
// if tooLarge, and fills in ev.
func (s *Server) grant(r *http.Request, body []byte, tooLarge bool, ev *Event) reply {
	req, oerr := readGrant(r, body, tooLarge)
	if oerr == nil {
		oerr = s.authenticateClient(r, req)
	}
	if oerr == nil {
		switch {
		case req.GrantType == "":
			oerr = invalidRequest("missing grant_type")
		case req.GrantType != "refresh_token":
			oerr = &oauthError{status: http.StatusBadRequest, code: "unsupported_grant_type",
				description: "only grant_type refresh_token is supported"}
		case req.RefreshToken == "":
			oerr = invalidRequest("missing refresh_token")
		}
	}
	if oerr != nil {
		s.stats.refreshDenied.Add(1)
		ev.Kind, ev.Detail = EventRefreshDenied, oerr.code+": "+oerr.description
		ev.Token = Fingerprint(req.RefreshToken)
		return oerr.reply()
	}

	now := time.Now()
	rot := s.rotate(req.RefreshToken, now)
	ev.Token = Fingerprint(req.RefreshToken)
	ev.Subject, ev.Family, ev.Generation = rot.subject, rot.family, rot.generation

	invalidGrant := func(description string) reply {
		oerr := &oauthError{status: http.StatusBadRequest, code: "invalid_grant", description: description}
		ev.Detail = oerr.code + ": " + description
		return oerr.reply()
	}
	switch rot.outcome {
	case grantRotated:
		s.stats.refreshes.Add(1)
		ev.Kind, ev.Issued = EventRefresh, Fingerprint(rot.pair.AccessToken)
		return jsonReply(http.StatusOK, tokenResponse{
			AccessToken:  rot.pair.AccessToken,
			TokenType:    "Bearer",
			ExpiresIn:    int64(math.Ceil(rot.pair.Expiry.Sub(now).Seconds())),
			RefreshToken: rot.pair.RefreshToken,
			Scope:        rot.scope,
		})
	case grantReused:
		s.stats.reuse.Add(1)
		ev.Kind = EventReuse
		return invalidGrant("refresh token already used; token family revoked")
	}
	s.stats.refreshDenied.Add(1)
	ev.Kind = EventRefreshDenied
	switch rot.outcome {
	case grantFamilyRevoked:
		return invalidGrant("token family revoked")
	case grantExpired:
		return invalidGrant("refresh token expired")
	default:
		return invalidGrant("unknown refresh token")
	}
}

// readGrant reads the token request's parameters from its form or JSON
// body. Parameters in the URL query are ignored, as RFC 6749 §3.2 puts them
// in the body.
func readGrant(r *http.Request, body []byte, tooLarge bool) (grantRequest, *oauthError) {
	var req grantRequest
	if r.Method != http.MethodPost {
		return req, &oauthError{status: http.StatusMethodNotAllowed, code: "invalid_request",
			description: "method " + r.Method + " not allowed; use POST"}
	}
	if tooLarge {
		return req, &oauthError{status: http.StatusRequestEntityTooLarge, code: "invalid_request",
			description: fmt.Sprintf("request body exceeds %d bytes", MaxBodyBytes)}
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		mediaType = ""
	}

	switch mediaType {
	case "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return req, invalidRequest("malformed form body")
		}
		for _, p := range []struct {
			name string
			dst  *string
		}{
			{"grant_type", &req.GrantType},
			{"refresh_token", &req.RefreshToken},
			{"client_id", &req.ClientID},
			{"client_secret", &req.ClientSecret},
		} {
			// RFC 6749 §3.2: parameters must not be repeated.
			if len(form[p.name]) > 1 {
				return grantRequest{}, invalidRequest("parameter %s given more than once", p.name)
			}
			*p.dst = form.Get(p.name)
		}
	case "application/json":
		if err := json.Unmarshal(body, &req); err != nil {
			return grantRequest{}, invalidRequest("malformed JSON body")
		}
	default:
		return req, invalidRequest("content type must be application/x-www-form-urlencoded or application/json")
	}
	return req, nil
}

// authenticateClient checks client credentials when the server requires
// them (RFC 6749 §2.3.1).
func (s *Server) authenticateClient(r *http.Request, req grantRequest) *oauthError {
	if !s.cfg.requireClient {
		return nil
	}
	id, secret, basic := r.BasicAuth()
	inBody := req.ClientID != "" || req.ClientSecret != ""
	switch {
	case basic && inBody:
		return invalidRequest("client authenticated more than once")
	case basic:
		// The Basic credentials are form-encoded first (RFC 6749 §2.3.1).
		var err1, err2 error
		id, err1 = url.QueryUnescape(id)
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil {
			return &oauthError{status: http.StatusUnauthorized, code: "invalid_client", description: "malformed client credentials"}
		}
	case inBody:
		id, secret = req.ClientID, req.ClientSecret
	default:
		return &oauthError{status: http.StatusUnauthorized, code: "invalid_client", description: "client authentication required"}
	}
	idOK := subtle.ConstantTimeCompare([]byte(id), []byte(s.cfg.clientID)) == 1
	secretOK := subtle.ConstantTimeCompare([]byte(secret), []byte(s.cfg.clientSecret)) == 1
	if !idOK || !secretOK {
		return &oauthError{status: http.StatusUnauthorized, code: "invalid_client", description: "client authentication failed"}
	}
	return nil
}
