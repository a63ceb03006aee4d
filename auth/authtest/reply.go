package authtest

import (
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// reply is an answer built before it is delivered, so that a fault can
// change how it is delivered.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func jsonHeader() http.Header {
	h := make(http.Header)
	h.Set("Content-Type", "application/json")
	// RFC 6749 §5.1: responses carrying or refusing tokens are not cached.
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	return h
}

func jsonReply(status int, v any) reply {
	body, err := json.Marshal(v)
	if err != nil {
		// Only the package's own structs and maps of strings reach here.
		panic("authtest: encoding reply: " + err.Error())
	}
	return reply{status: status, header: jsonHeader(), body: append(body, '\n')}
}

type errorResponse struct {
	Error       string `json:"error,omitempty"`
	Description string `json:"error_description,omitempty"`
}

func errorBody(code, description string) []byte {
	body, _ := json.Marshal(errorResponse{Error: code, Description: description})
	return append(body, '\n')
}

// bearerChallenge builds an RFC 6750 §3 WWW-Authenticate value. Its
// arguments come from this package and hold no quote or backslash.
func bearerChallenge(code, description, scope string) string {
	var b strings.Builder
	b.WriteString(`Bearer realm="authtest"`)
	for _, p := range [][2]string{{"error", code}, {"error_description", description}, {"scope", scope}} {
		if p[1] != "" {
			b.WriteString(", " + p[0] + `="` + p[1] + `"`)
		}
	}
	return b.String()
}

// answer ends a request once its latency is over: the fault answers in
// place of the endpoint, counted in faults, or the endpoint decides and the
// fault, if any, shapes the delivery. Either way ev is completed and emitted
// before anything reaches the client.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, ev Event, fault Fault, faulted bool,
	faults *atomic.Int64, decide func(*Event) reply) {
	if faulted && !fault.processes() {
		faults.Add(1)
		ev.Kind, ev.Fault = EventFault, fault.String()
		ev.Status = s.serveFault(w, r, fault)
		ev.Time = time.Now()
		s.emit(ev)
		if fault.kind == faultHang {
			// Returning would let net/http answer 200 on our behalf.
			panic(http.ErrAbortHandler)
		}
		return
	}
	if faulted {
		ev.Fault = fault.String()
	}
	rp := decide(&ev)
	ev.Status, ev.Time = rp.status, time.Now()
	s.emit(ev)
	s.deliver(w, r, rp, fault)
}

// abort ends a request whose client went away, or whose server closed,
// before anything was decided, and sends nothing.
func (s *Server) abort(ev Event) {
	ev.Kind, ev.Time = EventAborted, time.Now()
	s.emit(ev)
	panic(http.ErrAbortHandler)
}

// write delivers rp at once.
func write(w http.ResponseWriter, rp reply) {
	h := w.Header()
	for k, v := range rp.header {
		h[k] = append([]string(nil), v...)
	}
	h.Set("Content-Length", strconv.Itoa(len(rp.body)))
	w.WriteHeader(rp.status)
	_, _ = w.Write(rp.body)
}

// deliver writes rp as the fault f says: at once, slowly, or not at all.
// f is the zero Fault or one that processes the request.
func (s *Server) deliver(w http.ResponseWriter, r *http.Request, rp reply, f Fault) {
	switch f.kind {
	case faultLostResponse:
		abortConn(w)
	case faultSlowBody:
		h := w.Header()
		for k, v := range rp.header {
			h[k] = append([]string(nil), v...)
		}
		h.Set("Content-Length", strconv.Itoa(len(rp.body)))
		w.WriteHeader(rp.status)
		half := len(rp.body) / 2
		_, _ = w.Write(rp.body[:half])
		_ = http.NewResponseController(w).Flush()
		if !s.pause(r.Context(), f.delay) {
			panic(http.ErrAbortHandler)
		}
		_, _ = w.Write(rp.body[half:])
	default:
		write(w, rp)
	}
}

// serveFault answers r as a fault that does not process the request says.
// It returns the status sent, 0 if none. For a Hang it returns once the
// request or the server has ended, having sent nothing; the caller must then
// abort the handler, or net/http would send a default answer.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f Fault) int {
	switch f.kind {
	case faultRespond:
		write(w, reply{status: f.status, header: f.header, body: f.body})
		return f.status
	case faultReset:
		abortConn(w)
	case faultHang:
		s.waitEnd(r.Context())
	}
	return 0
}

// abortConn closes the request's connection without an answer, with a TCP
// reset where it can. When the connection cannot be taken over (HTTP/2, a
// recorder), it aborts the handler, which net/http turns into a closed
// connection or a reset stream.
func abortConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}
