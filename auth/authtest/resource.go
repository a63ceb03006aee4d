package authtest

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// resourceResponse is the protected resource's 200 body.
type resourceResponse struct {
	Subject    string `json:"subject"`
	Path       string `json:"path"`
	Generation int    `json:"generation"`
}

// serveResource is the protected resource (RFC 6750): GET or HEAD with a
// valid bearer token gets 200 and a JSON body naming the subject, the path
// and the token's generation.
func (s *Server) serveResource(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	s.stats.resourceCalls.Add(1)
	fault, faulted := s.resourceFaults.take()
	ev := Event{Start: start, Path: r.URL.Path}

	if !s.pause(r.Context(), latency(s.cfg.resourceLatency)) {
		s.stats.other.Add(1)
		s.abort(ev)
	}
	s.answer(w, r, ev, fault, faulted, &s.stats.resourceFaults, func(ev *Event) reply {
		return s.accessResource(r, ev)
	})
}

// accessResource decides the resource's answer and fills in ev.
func (s *Server) accessResource(r *http.Request, ev *Event) reply {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		s.stats.other.Add(1)
		ev.Kind, ev.Detail = EventResourceDenied, "method not allowed"
		rp := jsonReply(http.StatusMethodNotAllowed, errorResponse{Error: "invalid_request", Description: "method not allowed; use GET"})
		rp.header.Set("Allow", "GET, HEAD")
		return rp
	}

	token, present := bearerToken(r)
	ev.Token = Fingerprint(token)
	if !present {
		// RFC 6750 §3.1: a request without credentials gets a challenge
		// without an error code.
		return s.unauthorized(ev, "", "no bearer token")
	}
	if token == "" {
		return s.unauthorized(ev, "invalid_token", "empty bearer token")
	}
	tok, info, reason := s.verifyAccess(token, time.Now())
	ev.Subject, ev.Family, ev.Generation = info.subject, info.family, info.generation
	if reason != "" {
		return s.unauthorized(ev, "invalid_token", reason)
	}
	if missing := s.missingScope(r.URL.Path, tok.scope); missing != "" {
		s.stats.resource403.Add(1)
		description := "token lacks scope " + missing
		ev.Kind, ev.Detail = EventResourceDenied, "insufficient_scope: "+description
		rp := jsonReply(http.StatusForbidden, errorResponse{Error: "insufficient_scope", Description: description})
		if !s.cfg.noChallenge {
			rp.header.Set("WWW-Authenticate", bearerChallenge("insufficient_scope", description, missing))
		}
		return rp
	}
	s.stats.resourceOK.Add(1)
	ev.Kind = EventResourceOK
	return jsonReply(http.StatusOK, resourceResponse{Subject: tok.subject, Path: r.URL.Path, Generation: tok.generation})
}

func (s *Server) unauthorized(ev *Event, code, description string) reply {
	s.stats.resource401.Add(1)
	ev.Kind, ev.Detail = EventResourceDenied, description
	if code != "" {
		ev.Detail = code + ": " + description
	}
	rp := jsonReply(http.StatusUnauthorized, errorResponse{Error: code, Description: description})
	if !s.cfg.noChallenge {
		challenge := bearerChallenge("", "", "")
		if code != "" {
			challenge = bearerChallenge(code, description, "")
		}
		rp.header.Set("WWW-Authenticate", challenge)
	}
	return rp
}

// bearerToken returns the token of an Authorization: Bearer header, and
// whether there was one.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// missingScope returns the first scope a rule for path requires that scope
// (space-separated) lacks, or "".
func (s *Server) missingScope(path, scope string) string {
	have := strings.Fields(scope)
	for _, rule := range s.cfg.scopeRules {
		if path != rule.prefix && !strings.HasPrefix(path, rule.prefix+"/") {
			continue
		}
		if !slices.Contains(have, rule.scope) {
			return rule.scope
		}
	}
	return ""
}
