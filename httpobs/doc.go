// Package httpobs turns HTTP requests into deferred sources: observables
// that build and send one new request each time they are subscribed, and
// the pipeline pieces that compose them (fan-out, per-request timeouts,
// retries with backoff).
//
// # Sources
//
// [Do], [Get], [Post], [GetJSON] and [FromRequest] return an
// rxgo.Observable that does nothing until it is subscribed. Each
// subscription builds a new *http.Request with the subscription's context,
// runs the decorators, sends it, reads the whole body and then emits one
// *[Response] and completes, or fails with one error. Unsubscribing or
// cancelling the subscription's context aborts the request at once,
// including while its body is being read. A resubscription, which is how
// [streams.Retry] and [streams.CatchError] retry, is a new request: the
// decorators run again (so a new token is read) and the body is replayed.
//
// # Errors
//
// A source fails with one of:
//
//   - *[StatusError]: the server answered with a status outside 2xx. It
//     holds the status, the header, a bounded excerpt of the body, the
//     parsed Bearer challenge if any, and the method and redacted URL.
//   - *[RequestError]: the request could not be completed (connection
//     refused or reset, a timeout, the body cut short). errors.Is sees
//     through it to context.Canceled, context.DeadlineExceeded, io.EOF…
//   - an error matching [ErrBodyTooLarge] or [ErrBodyNotReplayable].
//   - an error wrapping what a [Decorator], a [Body] or a FromRequest build
//     function returned.
//
// No error string of this package holds a URL's query, userinfo or
// fragment (see [RedactURL]), a request header or a response body, so
// errors can be logged without leaking tokens.
//
// # Redirects
//
// The client follows redirects, but never sends the Authorization, Cookie
// or Proxy-Authorization headers, nor any header a decorator set, to an
// origin (scheme, host and port) other than the first request's. This is
// stricter than net/http, which sends Authorization on to subdomains and
// to other ports of the same host. A client given with [WithClient] gets
// the same policy wrapped around its own CheckRedirect.
//
// # Pipelines
//
// [FanOut] runs many request sources with a concurrency limit, [Timeout]
// gives every request below it a deadline, and [Retry] resubscribes after
// network errors, 5xx and 429 answers with exponential backoff and full
// jitter, honouring Retry-After. They are streams.Operator values and
// compose with the streams package:
//
//	streams.Pipe(httpobs.Get(url), httpobs.Timeout(5*time.Second), httpobs.Retry(), httpobs.JSON[User]())
package httpobs
