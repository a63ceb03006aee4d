// Package origin tells whether requests are of the same origin (RFC 6454:
// scheme, host and port), so that credentials are kept to theirs.
package origin

import (
	"net/http"
	"net/url"
	"strings"
)

// Same compares scheme, host and port, with the scheme's default port
// filled in.
func Same(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

// Left reports whether req was made by following a redirect (its Response
// field is the redirect answer, as http.Client sets it) along a chain
// that has, at some hop, left the origin of the first request: once left,
// the chain is not trusted with credentials again, even back at the first
// origin.
func Left(req *http.Request) bool {
	chain := []*http.Request{req}
	for r := req; r.Response != nil && r.Response.Request != nil; r = r.Response.Request {
		chain = append(chain, r.Response.Request)
	}
	first := chain[len(chain)-1]
	for _, r := range chain[:len(chain)-1] {
		if !Same(first.URL, r.URL) {
			return true
		}
	}
	return false
}
