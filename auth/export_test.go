package auth

// Internals exposed to the tests of package auth_test, for fuzzing.
var (
	// ParseTokenResponse is the token response decoder OAuth2Refresh uses.
	ParseTokenResponse = parseTokenResponse
	// OAuthErrorOf is what OAuth2Refresh makes of a failed token request
	// that presented a refresh token.
	OAuthErrorOf = oauthError
)
