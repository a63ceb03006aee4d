// Package auth is the 401 flow: silent token refresh for any number of
// concurrent requests, exactly once.
//
// The auth State is a slice of an epics store: access and refresh tokens,
// the access token's expiry, a generation number that goes up with every
// new access token, and a status (signed in, refreshing, signed out).
// Reduce is its reducer and RefreshEpic the epic that refreshes; a Session
// owns a small store with both, for programs that have none of their own.
//
// An Authenticator (a Session is one) makes requests survive token expiry:
//
//   - Reauth wraps any request observable (an httpobs source, typically).
//     Before sending, a request waits for a refresh under way, or for one
//     it starts when the token is known to be expired. On a 401 for the
//     current token it subscribes to the stream of new tokens with take(1),
//     cut off with takeUntil by a failure or a sign-out, and only then
//     dispatches RefreshRequested (requests waiting for the same refresh
//     share that subscription, and one of them dispatches); the new token
//     resubscribes it, a cut-off
//     fails it with an error matching ErrSignedOut (and ErrRefreshFailed
//     with the cause, after a failed refresh). A 401 for a token already
//     replaced is simply retried, and a per-request budget ends loops.
//   - Transport runs the same flow for any http.Client.
//
// However many requests meet a 401 at once, RefreshEpic makes one refresh
// call per token generation. The call is raw — it never goes through the
// flow itself — so a token endpoint that answers 401 fails the refresh
// instead of looping. A rotated refresh token replaces the old one, which
// is never presented again; OnTokens is told of every new pair so it can be
// saved. A failed refresh signs out, and every request waiting for it fails
// with the reason.
//
// Tokens are of type Token, which prints as a fingerprint under every fmt
// verb, so a State, an action or an error can be logged safely.
// Package auth/authtest is a reference auth server for tests.
package auth
