package httpobs

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// RetryOption configures [Retry].
type RetryOption func(*retryConfig)

type retryConfig struct {
	attempts  int
	base, cap time.Duration
	anyMethod bool
	rand      *lockedRand
}

// RetryAttempts sets how many times a request is tried in all, the first
// time included (default 3). n must be at least 1; 1 means no retry.
func RetryAttempts(n int) RetryOption {
	if n < 1 {
		panic(fmt.Sprintf("httpobs.RetryAttempts: n = %d, want >= 1", n))
	}
	return func(c *retryConfig) { c.attempts = n }
}

// RetryBackoff sets the backoff: before retry number k (from 1) Retry
// waits a random time between 0 and min(max, base·2^(k-1)) — exponential
// backoff with full jitter. The defaults are 100 ms and 10 s. base must
// not be negative, nor max less than base.
func RetryBackoff(base, max time.Duration) RetryOption {
	if base < 0 || max < base {
		panic(fmt.Sprintf("httpobs.RetryBackoff: base = %v, max = %v, want 0 <= base <= max", base, max))
	}
	return func(c *retryConfig) { c.base, c.cap = base, max }
}

// RetryRand makes Retry draw its jitter from r instead of the global
// source, for reproducible delays in tests. Retry serialises its use of r.
func RetryRand(r *rand.Rand) RetryOption {
	if r == nil {
		panic("httpobs.RetryRand: nil *rand.Rand")
	}
	return func(c *retryConfig) { c.rand = &lockedRand{r: r} }
}

// RetryAnyMethod lets Retry resend requests whose method is not
// idempotent, such as POST and PATCH. Use it only when the server makes
// them safe to repeat (an idempotency key, say): a request that timed out
// may have been carried out.
func RetryAnyMethod() RetryOption {
	return func(c *retryConfig) { c.anyMethod = true }
}

// Retry returns an operator that resubscribes to its source — sending the
// request again, decorators and body included — when it fails with:
//
//   - a *RequestError (connection failure or reset, a body cut short, a
//     [Timeout]), unless caused by cancellation or a TLS certificate that
//     does not verify;
//   - a *StatusError with status 429 or 5xx.
//
// and only if the failed request's method is idempotent (GET, HEAD,
// OPTIONS, TRACE, PUT, DELETE), unless [RetryAnyMethod] is given. Any
// other error, or the error of the last attempt, is passed on unchanged.
//
// Before each retry it waits as [RetryBackoff] says, or longer if the
// answer had a Retry-After header (seconds or an HTTP date). A
// Retry-After longer than the backoff's max ends the retries at once with
// that answer's error, rather than holding the request that long. Waits
// use the standard clock and end when the subscription is cancelled.
func Retry(opts ...RetryOption) streams.Operator {
	c := retryConfig{attempts: 3, base: 100 * time.Millisecond, cap: 10 * time.Second}
	for _, o := range opts {
		if o == nil {
			panic("httpobs.Retry: nil RetryOption")
		}
		o(&c)
	}
	return streams.Retry(streams.RetryCount(c.attempts-1), streams.RetryDelay(c.wait))
}

// wait is what retry number attempt waits for: the delay, or err to stop.
func (c *retryConfig) wait(err error, attempt int) rxgo.Observable {
	d, err := c.delay(err, attempt)
	if err != nil {
		return streams.Throw(err)
	}
	return streams.Timer(d)
}

// delay is how long to wait before retry number attempt, or err to stop.
func (c *retryConfig) delay(err error, attempt int) (time.Duration, error) {
	if !c.retryable(err) {
		return 0, err
	}
	d := c.backoff(attempt)
	var se *StatusError
	if errors.As(err, &se) {
		if after, ok := retryAfter(se.Header, time.Now()); ok {
			if after > c.cap {
				return 0, err
			}
			d = max(d, after)
		}
	}
	return d, nil
}

func (c *retryConfig) retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return (se.StatusCode == http.StatusTooManyRequests || se.StatusCode >= 500 && se.StatusCode <= 599) &&
			c.methodRetryable(se.Method)
	}
	var re *RequestError
	if errors.As(err, &re) {
		var cert *tls.CertificateVerificationError
		return !errors.Is(re.Err, context.Canceled) && !errors.As(re.Err, &cert) && c.methodRetryable(re.Method)
	}
	return false
}

func (c *retryConfig) methodRetryable(method string) bool {
	if c.anyMethod {
		return true
	}
	switch strings.ToUpper(method) {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// backoff draws the full-jitter wait before retry number attempt.
func (c *retryConfig) backoff(attempt int) time.Duration {
	ceiling := c.cap
	if shift := attempt - 1; shift < 63 && c.base <= c.cap>>shift {
		ceiling = c.base << shift
	}
	if ceiling <= 0 {
		return 0
	}
	if c.rand != nil {
		return time.Duration(c.rand.int64N(int64(ceiling) + 1))
	}
	return time.Duration(rand.Int64N(int64(ceiling) + 1))
}

// retryAfter reads a Retry-After header (RFC 9110 §10.2.3) as a wait from
// now; false if there is none or it does not parse.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseUint(v, 10, 63); err == nil {
		if secs > uint64(1<<63-1)/uint64(time.Second) {
			return 1<<63 - 1, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// lockedRand is a *rand.Rand safe for concurrent use.
type lockedRand struct {
	mu sync.Mutex
	r  *rand.Rand
}

func (l *lockedRand) int64N(n int64) int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Int64N(n)
}
