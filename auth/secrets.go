package auth

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
)

// secrets are what a refresh sends that no error string may repeat: the
// refresh token and the client's credentials, as sent and as a server may
// echo them back (URL-encoded, JSON-escaped as in a JSON grant, in a Basic
// header).
type secrets struct{ r *strings.Replacer }

func (c *refreshConfig) secrets(refreshToken Token) secrets {
	var pairs []string
	add := func(secret, name string) {
		if secret == "" {
			return
		}
		quoted, _ := json.Marshal(secret) // a string always marshals
		escaped := strings.Trim(string(quoted), `"`)
		for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret), escaped} {
			pairs = append(pairs, form, name)
		}
	}
	add(string(refreshToken), refreshToken.Fingerprint())
	if c.clientID != "" {
		basic := url.QueryEscape(c.clientID) + ":" + url.QueryEscape(c.clientSecret)
		add(base64.StdEncoding.EncodeToString([]byte(basic)), "[client credentials]")
		add(c.clientSecret, "[client secret]")
	}
	return secrets{strings.NewReplacer(pairs...)}
}

// redact returns err with the secrets replaced in the fields of its
// *OAuthError, the server's own words; the other errors of a refresh
// never quote what was sent.
func (s secrets) redact(err error) error {
	var oe *OAuthError
	if errors.As(err, &oe) {
		oe.Code, oe.Description, oe.URI = s.r.Replace(oe.Code), s.r.Replace(oe.Description), s.r.Replace(oe.URI)
	}
	return err
}
