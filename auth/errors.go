package auth

import "errors"

var (
	// ErrRefreshFailed matches every error caused by a failed refresh; the
	// cause (an *OAuthError, a transport error, a timeout…) is wrapped too.
	ErrRefreshFailed = errors.New("auth: refresh failed")
	// ErrSignedOut matches the error of a request made, or waiting, when
	// the session is signed out; the reason for the sign-out is wrapped.
	ErrSignedOut = errors.New("auth: signed out")
	// ErrInvalidTokenResponse is the cause of a refresh failure when the
	// token endpoint answered 2xx with something that is not a usable
	// token response: not JSON, no access_token, a bad expires_in.
	ErrInvalidTokenResponse = errors.New("auth: invalid token response")
	// ErrNoRefreshToken is the cause of a refresh failure when there is no
	// refresh token to present: no call is made.
	ErrNoRefreshToken = errors.New("auth: no refresh token")
	// ErrStillUnauthorized matches the error of a request that was
	// rejected again after as many re-authentications as allowed; the last
	// rejection is wrapped.
	ErrStillUnauthorized = errors.New("auth: still unauthorized after re-authentication")
)
