package auth

import (
	"errors"
	"fmt"
	"time"
)

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
	// rejected again after as many resends as allowed; the last rejection
	// is wrapped.
	ErrStillUnauthorized = errors.New("auth: still unauthorized after re-authentication")
	// ErrUnavailable matches a refresh failure in which the token endpoint
	// cannot have taken the refresh token — connection refused, 429, 503:
	// the refresh is tried again with backoff within the refresh timeout,
	// and a refresh that runs out of time leaves the session signed in.
	ErrUnavailable = errors.New("auth: token endpoint unavailable")
	// ErrAmbiguous matches a refresh failure in which the token endpoint
	// may have taken the refresh token without its answer arriving — a
	// timeout after the request went out, a connection reset mid-answer:
	// the token is not presented again, and the session signs out.
	ErrAmbiguous = errors.New("auth: refresh outcome unknown: the token endpoint may have used the refresh token")
)

// UnavailableError is what a RefreshFunc returns when the token endpoint
// could not take the refresh token; RetryAfter, if set, is how long the
// endpoint asked to wait. It matches ErrUnavailable.
type UnavailableError struct {
	Err        error
	RetryAfter time.Duration
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("%v: %v", ErrUnavailable, e.Err)
}

func (e *UnavailableError) Unwrap() []error { return []error{ErrUnavailable, e.Err} }
