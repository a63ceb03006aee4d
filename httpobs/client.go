package httpobs

import (
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/rxepic/rxepic/internal/origin"
)

// defaultClient is the client of sources built without WithClient. It has
// no Timeout: that would cut off a long body however healthy the
// connection; the transport bounds each phase that can stall instead, and
// the subscription's context bounds the whole.
var defaultClient = &http.Client{
	Transport: &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   10 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
	},
	CheckRedirect: strictDefaultRedirects,
}

// withStrictRedirects returns a copy of c whose redirect policy strips
// credentials before applying c's own.
func withStrictRedirects(c *http.Client) http.Client {
	cp := *c
	if c.CheckRedirect == nil {
		cp.CheckRedirect = strictDefaultRedirects
	} else {
		cp.CheckRedirect = strictRedirects(c.CheckRedirect)
	}
	return cp
}

// strictDefaultRedirects is the policy of a client with none of its own,
// made once.
var strictDefaultRedirects = strictRedirects(nil)

// credentialHeaders never follow a redirect to another origin.
var credentialHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Cookie2"}

// strictRedirects returns a CheckRedirect that, once a redirect chain has
// left the origin of its first request, deletes the credential headers and
// every header a decorator set from each further request, then defers to
// next (net/http's default policy if nil). net/http copies the first
// request's headers to each redirect and keeps Authorization for the same
// host name on any port and for its subdomains; this is stricter.
func strictRedirects(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && leftOrigin(via, req) {
			for _, k := range credentialHeaders {
				req.Header.Del(k)
			}
			for _, k := range decoratedHeaders(req.Context()) {
				delete(req.Header, k)
				req.Header.Del(k)
			}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// leftOrigin reports whether req, or any request of the chain after the
// first, is of another origin than the first: once left, the chain is not
// trusted with credentials again, even back at the first origin.
func leftOrigin(via []*http.Request, req *http.Request) bool {
	first := via[0].URL
	if !origin.Same(first, req.URL) {
		return true
	}
	for _, r := range via[1:] {
		if !origin.Same(first, r.URL) {
			return true
		}
	}
	return false
}
