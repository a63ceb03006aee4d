package auth

import "github.com/rxepic/rxepic/httpobs"

// Internals exposed to the tests of package auth_test, for fuzzing.
var (
	// ParseTokenResponse is the token response decoder OAuth2Refresh uses.
	ParseTokenResponse = parseTokenResponse
)

// OAuthErrorOf is what OAuth2Refresh makes of a failed token request
// that presented a refresh token.
func OAuthErrorOf(se *httpobs.StatusError, presented Token) error {
	return (&refreshConfig{}).secrets(presented).redact(oauthError(se))
}
