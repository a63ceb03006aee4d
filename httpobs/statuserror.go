package httpobs

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/rxepic/rxepic/internal/origin"
)

// excerptLimit bounds the body a StatusError keeps.
const excerptLimit = 1 << 10

// excerptWait bounds how long an error answer's body is waited for: a
// server that sends the status and then stalls must not hold the request
// until its deadline.
const excerptWait = 100 * time.Millisecond

// StatusError is the error of a request the server answered with a status
// outside 2xx. Match it with errors.As. Its Error method names the method,
// the redacted URL and the status, never the body or a header value, so
// it is safe to log; Body and Header are the server's own words and may
// hold anything.
type StatusError struct {
	StatusCode int
	Header     http.Header
	// Body is the start of the response body: at most 1 KiB (less if the
	// limit set with WithMaxBody is lower), and only what arrived within
	// 100 ms of the status.
	Body []byte
	// Method and URL are the request's; URL is redacted with RedactURL.
	Method, URL string
	// Challenge is the Bearer challenge of the WWW-Authenticate header
	// (RFC 6750 §3), nil if there is none or it does not parse.
	Challenge *Challenge
	// LeftOrigin is true when the answer came, after a redirect, from
	// another origin (scheme, host, port) than the request's: one the
	// request's credentials were not sent to.
	LeftOrigin bool
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("httpobs: %s %s: status %d", e.Method, e.URL, e.StatusCode)
	if text := http.StatusText(e.StatusCode); text != "" {
		msg += " " + text
	}
	if e.LeftOrigin {
		msg += " (from another origin, after a redirect)"
	}
	return msg
}

// GoString keeps %#v to what Error says: the header and body may hold
// secrets.
func (e *StatusError) GoString() string { return fmt.Sprintf("&httpobs.StatusError{%q}", e.Error()) }

// NewStatusError describes resp, a non-2xx answer to req, as the sources
// of this package do: for code that sends requests itself, such as an
// http.RoundTripper. It reads the excerpt for Body and puts it back in
// front of the rest, so resp.Body still reads the whole body; closing it
// stays the caller's job. A body that stalls is cut off after what
// arrived within 100 ms.
func NewStatusError(req *http.Request, resp *http.Response) *StatusError {
	return newStatusError(req, resp, excerptLimit)
}

func newStatusError(req *http.Request, resp *http.Response, limit int64) *StatusError {
	excerpt := readExcerpt(resp, limit)
	return &StatusError{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		Body:       excerpt,
		Method:     req.Method,
		URL:        RedactURL(req.URL),
		Challenge:  bearerChallenge(resp.Header),
		LeftOrigin: resp.Request != nil && origin.Left(resp.Request),
	}
}

// readExcerpt reads up to limit bytes of resp's body, waiting excerptWait
// at most, and leaves resp.Body reading the excerpt and then the rest (or,
// when it stalled and was closed, only the excerpt).
func readExcerpt(resp *http.Response, limit int64) []byte {
	body := resp.Body
	closed := make(chan struct{})
	stall := time.AfterFunc(excerptWait, func() {
		body.Close() // ends the read with what came
		close(closed)
	})
	excerpt, _ := io.ReadAll(io.LimitReader(body, limit))
	rest := io.Reader(body)
	if !stall.Stop() {
		<-closed
		rest = strings.NewReader("")
	}
	resp.Body = excerptThenRest{Reader: io.MultiReader(bytes.NewReader(excerpt), rest), Closer: body}
	return bytes.Clone(excerpt)
}

type excerptThenRest struct {
	io.Reader
	io.Closer
}

// bearerChallenge finds the first Bearer challenge in h's
// WWW-Authenticate fields.
func bearerChallenge(h http.Header) *Challenge {
	for _, v := range h.Values("Www-Authenticate") {
		cs, _ := ParseChallenges(v)
		for _, c := range cs {
			if strings.EqualFold(c.Scheme, "Bearer") {
				return c
			}
		}
	}
	return nil
}
