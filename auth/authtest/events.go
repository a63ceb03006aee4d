package authtest

import (
	"fmt"
	"strings"
	"time"
)

// EventKind says what an [Event] reports.
type EventKind int

// Every request to /token or /resource ends in exactly one event of the
// kinds from EventRefresh to EventAborted; SignIn and the Revoke methods
// report EventSignIn and EventRevoke.
const (
	// EventSignIn: SignIn started a family. Generation is 1.
	EventSignIn EventKind = iota + 1
	// EventRefresh: /token rotated a refresh token. Generation is the new
	// one; Token is the spent refresh token, Issued the new access token.
	EventRefresh
	// EventRefreshDenied: /token answered an OAuth error other than reuse:
	// invalid_grant for an unknown, expired or revoked refresh token,
	// invalid_request, invalid_client, unsupported_grant_type. Detail holds
	// the code and description.
	EventRefreshDenied
	// EventReuse: /token saw a spent refresh token again, answered 400
	// invalid_grant and revoked the family. Generation is the spent token's.
	EventReuse
	// EventResourceOK: /resource answered 200 to a valid token.
	EventResourceOK
	// EventResourceDenied: /resource refused the request itself: 401 for a
	// missing or invalid token, 403 for a missing scope, 405 for a method
	// other than GET or HEAD. Detail holds the reason.
	EventResourceDenied
	// EventFault: an injected fault answered in place of the endpoint.
	// Status is what it sent, 0 for a hang or a reset.
	EventFault
	// EventAborted: the client went away, or the server closed, before
	// anything was decided: while the request's body was being read or its
	// latency waited out. Nothing was sent and nothing was done.
	EventAborted
	// EventRevoke: RevokeAccessToken, RevokeAccessTokens or RevokeFamily.
	EventRevoke
)

var kindNames = [...]string{
	EventSignIn:         "sign-in",
	EventRefresh:        "refresh",
	EventRefreshDenied:  "refresh-denied",
	EventReuse:          "reuse",
	EventResourceOK:     "resource-ok",
	EventResourceDenied: "resource-denied",
	EventFault:          "fault",
	EventAborted:        "aborted",
	EventRevoke:         "revoke",
}

// String returns the kind's short name, such as "refresh".
func (k EventKind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event reports one thing the server did, for tests and for drawing a
// timeline. Tokens appear only as [Fingerprint]s.
type Event struct {
	Kind EventKind
	// Start is when the request arrived; for SignIn and revocations, Time.
	Start time.Time
	// Time is when the answer began, or for a hang or an aborted request,
	// when the request ended.
	Time time.Time
	// Path is the request's path, "" for SignIn and revocations.
	Path string
	// Status is the HTTP status sent, 0 if none.
	Status int
	// Subject, Family (a short family id) and Generation describe the token
	// concerned, when the server knows it: the one presented, or for
	// EventSignIn and EventRefresh the one issued.
	Subject    string
	Family     string
	Generation int
	// Token is the fingerprint of the token the request presented (the
	// bearer token, or the refresh token), or the one revoked.
	Token string
	// Issued is the fingerprint of the access token issued, if any.
	Issued string
	// Fault names the injected fault that shaped the answer, if any. With a
	// SlowBody or LostResponse, the event still reports what the endpoint
	// did, which the client may not have seen.
	Fault string
	// Detail explains a refusal or a revocation.
	Detail string
}

// String describes the event on one line, with its time of day.
func (e Event) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", e.Time.Format("15:04:05.000"), e.Kind)
	add := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, " %s=%s", k, v)
		}
	}
	add("path", e.Path)
	if e.Status != 0 {
		fmt.Fprintf(&b, " status=%d", e.Status)
	}
	add("sub", e.Subject)
	add("fam", e.Family)
	if e.Generation != 0 {
		fmt.Fprintf(&b, " gen=%d", e.Generation)
	}
	add("token", e.Token)
	add("issued", e.Issued)
	add("fault", e.Fault)
	if e.Detail != "" {
		fmt.Fprintf(&b, " detail=%q", e.Detail)
	}
	return b.String()
}

// OnEvent sets f to be called with every event from now on, replacing the
// previous callback; nil removes it. f runs on the goroutine of the request
// (or of the SignIn or Revoke call) that caused the event, possibly on many
// at once, so it must be safe for concurrent use, and it delays the answer
// while it runs. Events of one request come after its arrival and before its
// answer reaches the client, except for hangs and aborted requests.
func (s *Server) OnEvent(f func(Event)) {
	if f == nil {
		s.onEvent.Store(nil)
		return
	}
	s.onEvent.Store(&f)
}

func (s *Server) emit(e Event) {
	if f := s.onEvent.Load(); f != nil {
		(*f)(e)
	}
}
