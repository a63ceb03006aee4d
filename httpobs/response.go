package httpobs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// Response is a 2xx answer, read whole. A source emits a new one per
// subscription; it is the subscriber's to keep and change. Printing it
// shows the status and the body's size, never the body or a header.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

func (r Response) String() string {
	return fmt.Sprintf("httpobs.Response{status %d, %d bytes}", r.StatusCode, len(r.Body))
}

func (r Response) GoString() string { return r.String() }

// read turns resp, the answer to req, into a Response or an error, and
// closes its body.
func (c *config) read(ctx context.Context, req *http.Request, resp *http.Response) (*Response, error) {
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, newStatusError(req, resp, min(excerptLimit, c.maxBody))
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
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body}, nil
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
