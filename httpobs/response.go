package httpobs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
)

// Response is a 2xx answer, read whole. A source emits a new one per
// subscription; it is the subscriber's to keep and change. Printing it
// shows the status and the body's size, never the body or a header.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	// Tags are what the request's decorators reported, in order.
	Tags []any
}

// responseWithTag is a Response made together with the storage of its
// one tag, the usual case: one allocation rather than two.
type responseWithTag struct {
	Response
	tag [1]any
}

func (r Response) String() string {
	return fmt.Sprintf("httpobs.Response{status %d, %d bytes}", r.StatusCode, len(r.Body))
}

func (r Response) GoString() string { return r.String() }

// drainLimit is how much of an unwanted body is read so that the
// connection can be reused; past it, closing the connection is cheaper.
const drainLimit = 64 << 10

// read turns resp, the answer to req, into a Response or an error, and
// closes its body. It copies tags, which may be the caller's own storage.
func (c *config) read(ctx context.Context, req *http.Request, resp *http.Response, tags []any) (*Response, error) {
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.statusError(req, resp, tags)
	}
	var body []byte
	if req.Method != http.MethodHead {
		var err error
		if body, err = readBody(resp, c.maxBody); err == errTooLarge {
			return nil, fmt.Errorf("httpobs: %s %s: %w: more than %d bytes", req.Method, RedactURL(req.URL), ErrBodyTooLarge, c.maxBody)
		} else if err != nil {
			return nil, requestError(ctx, req, err)
		}
	}
	if len(tags) == 1 {
		r := &responseWithTag{tag: [1]any{tags[0]}}
		r.Response = Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body, Tags: r.tag[:]}
		return &r.Response, nil
	}
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body, Tags: copyTags(tags)}, nil
}

// copyTags returns a copy of tags, nil if there are none.
func copyTags(tags []any) []any {
	if len(tags) == 0 {
		return nil
	}
	return slices.Clone(tags)
}

// errTooLarge is readBody's word for a body over the limit.
var errTooLarge = errors.New("body over the limit")

// readBody reads the whole body, or fails with errTooLarge as soon as it
// is known to be longer than limit.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if n := resp.ContentLength; n > limit {
		return nil, errTooLarge
	} else if n >= 0 {
		// The transport fails the read if the body is shorter than
		// announced, and never gives more.
		body := make([]byte, n)
		if _, err := io.ReadFull(resp.Body, body); err != nil {
			return nil, err
		}
		return body, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, errTooLarge
	}
	return body, nil
}

func (c *config) statusError(req *http.Request, resp *http.Response, tags []any) *StatusError {
	excerpt, err := io.ReadAll(io.LimitReader(resp.Body, min(excerptLimit, c.maxBody)))
	if err == nil {
		io.CopyN(io.Discard, resp.Body, drainLimit)
	}
	return &StatusError{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		Body:       excerpt,
		Method:     req.Method,
		URL:        RedactURL(req.URL),
		Challenge:  bearerChallenge(resp.Header),
		Tags:       copyTags(tags),
	}
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
