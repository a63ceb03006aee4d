package authtest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// A Fault is a way for an endpoint to misbehave, injected with the
// endpoint's [Faults]. Build one with the functions below; the zero Fault is
// not valid. A Fault is a value and safe to share.
//
// Unless its doc says otherwise a Fault answers instead of the endpoint: the
// request is not looked at, so a refresh token presented with it is neither
// spent nor checked and stays usable.
type Fault struct {
	kind   faultKind
	name   string
	status int
	header http.Header
	body   []byte
	delay  time.Duration
}

type faultKind int

const (
	faultRespond faultKind = iota + 1
	faultHang
	faultReset
	faultSlowBody
	faultLostResponse
)

// String names the fault, as in [Event.Fault].
func (f Fault) String() string {
	if f.kind == 0 {
		return "no fault"
	}
	return f.name
}

// processes reports whether the endpoint handles the request under the
// fault, which then only changes how the answer is delivered.
func (f Fault) processes() bool {
	return f.kind == faultSlowBody || f.kind == faultLostResponse
}

// Respond answers with status, header and body as given. header may be nil.
// It panics if status is not a valid HTTP status (100-599).
func Respond(status int, header http.Header, body string) Fault {
	if status < 100 || status > 599 {
		panic(fmt.Sprintf("authtest: Respond: invalid HTTP status %d", status))
	}
	return Fault{kind: faultRespond, name: "status " + strconv.Itoa(status), status: status, header: header.Clone(), body: []byte(body)}
}

// OAuthError answers status with an RFC 6749 §5.2 error body,
// {"error":code,"error_description":description}, as a token endpoint
// refusing a grant does; for example OAuthError(400, "invalid_grant", "").
// An empty description is left out. It panics like [Respond].
func OAuthError(status int, code, description string) Fault {
	f := Respond(status, jsonHeader(), string(errorBody(code, description)))
	f.name = fmt.Sprintf("status %d %s", status, code)
	return f
}

// BearerError answers status with an RFC 6750 §3 challenge,
// WWW-Authenticate: Bearer error=code, and the same error as a JSON body, as
// a resource server refusing a token does; for example BearerError(401,
// "invalid_token", "token revoked"). code and description must not contain
// quotes or backslashes. It panics like [Respond].
func BearerError(status int, code, description string) Fault {
	f := OAuthError(status, code, description)
	f.header.Set("WWW-Authenticate", bearerChallenge(code, description, ""))
	return f
}

// RetryLater answers status (typically 429 or 503) with a Retry-After header
// of after in whole seconds, rounded up, and an error body
// {"error":"temporarily_unavailable"}. It panics like [Respond], or if after
// is negative.
func RetryLater(status int, after time.Duration) Fault {
	mustNotBeNegative("RetryLater", after)
	f := OAuthError(status, "temporarily_unavailable", "")
	secs := int64(math.Ceil(after.Seconds()))
	f.header.Set("Retry-After", strconv.FormatInt(secs, 10))
	f.name = fmt.Sprintf("status %d retry after %ds", status, secs)
	return f
}

// Garbage answers 200 with Content-Type application/json and a body that is
// not JSON.
func Garbage() Fault {
	f := Respond(http.StatusOK, jsonHeader(), "<html><body>502 Bad Gateway</body></html>\n")
	f.name = "garbage body"
	return f
}

// EmptyBody answers 200 with Content-Type application/json and no body.
func EmptyBody() Fault {
	f := Respond(http.StatusOK, jsonHeader(), "")
	f.name = "empty body"
	return f
}

// NoAccessToken answers 200 with a well-formed token response that lacks
// access_token (and refresh_token).
func NoAccessToken() Fault {
	body, _ := json.Marshal(map[string]any{"token_type": "Bearer", "expires_in": 60})
	f := Respond(http.StatusOK, jsonHeader(), string(body))
	f.name = "no access token"
	return f
}

// Hang never answers: the request waits until the client gives up (its
// context ends or its connection closes) or the server closes, and then its
// connection is closed without an answer.
func Hang() Fault { return Fault{kind: faultHang, name: "hang"} }

// Reset closes the connection without an answer as soon as the request
// arrives. On a TCP connection it sets SO_LINGER to 0 first, so the client
// sees a connection reset; on an in-memory one it sees the connection end.
// See the package doc about net/http resending a GET after a reset.
func Reset() Fault { return Fault{kind: faultReset, name: "connection reset"} }

// SlowBody lets the endpoint handle the request as usual — a refresh grant is
// carried out — and delivers the answer slowly: the status, headers and the
// first half of the body at once, the rest after delay. A client that gives
// up in between has lost the answer, and with it, for a refresh, the rotated
// refresh token. It panics if delay is negative.
func SlowBody(delay time.Duration) Fault {
	mustNotBeNegative("SlowBody", delay)
	return Fault{kind: faultSlowBody, name: "slow body " + delay.String(), delay: delay}
}

// LostResponse lets the endpoint handle the request as usual — a refresh
// grant is carried out — and then closes the connection instead of
// answering, as when a response is lost in the network. The client never sees
// the rotated refresh token; presenting the old one again is reuse.
func LostResponse() Fault { return Fault{kind: faultLostResponse, name: "lost response"} }

// Faults holds the faults injected on one endpoint: a queue of faults for
// the next calls, then an optional fault for every call after. Each call to
// the endpoint takes the fault at the head of the queue, if any, else the
// standing fault, if any, else is served normally. A call takes its fault
// when it arrives, so faults go to calls in arrival order. Faults is safe
// for concurrent use; changes apply to calls arriving after them.
type Faults struct {
	mu       sync.Mutex
	queue    []queuedFault
	standing *Fault
}

type queuedFault struct {
	fault Fault
	left  int
}

// Next queues f for the next times calls, after the faults already queued.
// It panics if f is the zero Fault or times is less than 1.
func (q *Faults) Next(f Fault, times int) {
	mustBeValid("Faults.Next", f)
	if times < 1 {
		panic(fmt.Sprintf("authtest: Faults.Next: times must be at least 1, got %d", times))
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.queue = append(q.queue, queuedFault{fault: f, left: times})
}

// Always makes f the standing fault, given to every call once the queue is
// empty, until [Faults.Clear] or another Always. It panics if f is the zero
// Fault.
func (q *Faults) Always(f Fault) {
	mustBeValid("Faults.Always", f)
	q.mu.Lock()
	defer q.mu.Unlock()
	q.standing = &f
}

// Clear removes every queued fault and the standing fault. Calls that
// already took a fault keep it.
func (q *Faults) Clear() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.queue = nil
	q.standing = nil
}

// Pending returns how many calls the queued faults will still be given to,
// not counting the standing fault.
func (q *Faults) Pending() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, e := range q.queue {
		n += e.left
	}
	return n
}

// take returns the fault for the call arriving now, if any.
func (q *Faults) take() (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.queue) > 0 {
		head := &q.queue[0]
		f := head.fault
		head.left--
		if head.left == 0 {
			q.queue = q.queue[1:]
		}
		return f, true
	}
	if q.standing != nil {
		return *q.standing, true
	}
	return Fault{}, false
}

func mustBeValid(method string, f Fault) {
	if f.kind == 0 {
		panic("authtest: " + method + ": zero Fault; build one with Respond, Hang, Reset and the like")
	}
}

// TokenFaults returns the faults injected on the token endpoint.
func (s *Server) TokenFaults() *Faults { return &s.tokenFaults }

// ResourceFaults returns the faults injected on the protected resource.
func (s *Server) ResourceFaults() *Faults { return &s.resourceFaults }
