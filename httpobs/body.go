package httpobs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
)

// Body is a request body. Each subscription of a source sends it anew, so
// a retry sends the same bytes again; a body that can be read only once
// ([ReaderBody]) fails every subscription after the first with
// [ErrBodyNotReplayable] instead of sending nothing. Bodies are built by
// the functions of this package and are safe for concurrent use by any
// number of subscriptions. Printing one shows its kind and size, never its
// content.
type Body interface {
	// attach sets req's body, length, GetBody and (if not set yet)
	// Content-Type for one request.
	attach(req *http.Request) error
}

// bytesBody is a body held in memory: sent as often as needed.
type bytesBody struct {
	kind        string
	data        []byte
	contentType string
	err         error // why the body could not be made; fails each request
}

// JSONBody returns a body holding v marshalled as JSON, with Content-Type
// application/json. v is marshalled once, now; if that fails, every
// subscription that sends the body fails with the marshalling error,
// wrapped (errors.As finds *json.UnsupportedTypeError and the like).
func JSONBody(v any) Body {
	data, err := json.Marshal(v)
	if err != nil {
		err = fmt.Errorf("JSON body of type %T: %w", v, err)
	}
	return &bytesBody{kind: "JSONBody", data: data, contentType: "application/json", err: err}
}

// FormBody returns a body holding values URL-encoded, with Content-Type
// application/x-www-form-urlencoded. values is encoded once, now; later
// changes to it are not seen.
func FormBody(values url.Values) Body {
	return &bytesBody{kind: "FormBody", data: []byte(values.Encode()), contentType: "application/x-www-form-urlencoded"}
}

// BytesBody returns a body holding b, sent with the given Content-Type
// (none if contentType is ""). b is not copied: do not change it while the
// body may still be sent.
func BytesBody(b []byte, contentType string) Body {
	return &bytesBody{kind: "BytesBody", data: b, contentType: contentType}
}

func (b *bytesBody) attach(req *http.Request) error {
	if b.err != nil {
		return b.err
	}
	setContentType(req, b.contentType)
	if len(b.data) == 0 {
		req.Body, req.ContentLength = http.NoBody, 0
		req.GetBody = func() (io.ReadCloser, error) { return http.NoBody, nil }
		return nil
	}
	req.Body = io.NopCloser(bytes.NewReader(b.data))
	req.ContentLength = int64(len(b.data))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b.data)), nil }
	return nil
}

func (b *bytesBody) String() string   { return fmt.Sprintf("httpobs.%s(%d bytes)", b.kind, len(b.data)) }
func (b *bytesBody) GoString() string { return b.String() }

// readerBody is a body read from a reader: sent once.
type readerBody struct {
	r           io.Reader
	contentType string
	taken       atomic.Bool
}

// ReaderBody returns a body read from r, sent with the given Content-Type
// (none if contentType is ""). It can be sent once: the first subscription
// takes it, and every later one — a retry included — fails with an error
// matching [ErrBodyNotReplayable] without sending anything. If r is also
// an io.Closer it is closed once sent, as net/http does. Use [BytesBody]
// for a body that must survive retries.
func ReaderBody(r io.Reader, contentType string) Body {
	if r == nil {
		panic("httpobs.ReaderBody: nil reader")
	}
	return &readerBody{r: r, contentType: contentType}
}

func (b *readerBody) attach(req *http.Request) error {
	if !b.taken.CompareAndSwap(false, true) {
		return fmt.Errorf("%w: its reader was taken by an earlier subscription", ErrBodyNotReplayable)
	}
	setContentType(req, b.contentType)
	rc, ok := b.r.(io.ReadCloser)
	if !ok {
		rc = io.NopCloser(b.r)
	}
	req.Body, req.ContentLength = rc, -1
	// Known lengths go in Content-Length; the body stays single-use.
	switch r := b.r.(type) {
	case *bytes.Buffer:
		req.ContentLength = int64(r.Len())
	case *bytes.Reader:
		req.ContentLength = int64(r.Len())
	case *strings.Reader:
		req.ContentLength = int64(r.Len())
	}
	if req.ContentLength == 0 {
		rc.Close()
		req.Body = http.NoBody
	}
	return nil
}

func (b *readerBody) String() string   { return "httpobs.ReaderBody" }
func (b *readerBody) GoString() string { return b.String() }

func setContentType(req *http.Request, contentType string) {
	if contentType != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", contentType)
	}
}
