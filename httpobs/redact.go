package httpobs

import (
	"net/url"
	"strings"
)

// RedactURL returns u as it may appear in errors and logs: scheme, host
// and path, without userinfo, and with a query or fragment replaced by
// "REDACTED", since those are where tokens and keys travel. A nil u gives
// "".
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	var b strings.Builder
	if u.Scheme != "" {
		b.WriteString(u.Scheme)
		b.WriteString(":")
	}
	if u.Opaque != "" {
		// An opaque URL (mailto:x, or a scheme:path without slashes) has no
		// structure to keep; it may be anything.
		b.WriteString("REDACTED")
		return b.String()
	}
	if u.Scheme != "" || u.Host != "" {
		b.WriteString("//")
		b.WriteString(u.Host)
	}
	b.WriteString(u.EscapedPath())
	if u.RawQuery != "" || u.ForceQuery {
		b.WriteString("?REDACTED")
	}
	if u.Fragment != "" || u.RawFragment != "" {
		b.WriteString("#REDACTED")
	}
	return b.String()
}
