package auth

// The actions of the auth slice. Each has a Type name for logs and for
// filtering by name; their Tokens print as fingerprints.

// SignedIn stores a fresh token pair and signs in.
type SignedIn struct{ Tokens TokenPair }

// RefreshRequested asks for the access token of Generation to be replaced.
// A request for a generation that is no longer current is stale and
// ignored, which is what keeps concurrent 401s down to one refresh.
type RefreshRequested struct{ Generation uint64 }

// RefreshSucceeded stores the tokens a refresh returned, if the token of
// Generation is still the current one: a refresh that comes back after a
// sign-out, or after another sign-in, is not applied to it. It applies
// whether or not this store asked for the refresh, so a refresh made
// elsewhere (another replica's) replaces the token here too.
type RefreshSucceeded struct {
	Tokens     TokenPair
	Generation uint64
}

// RefreshFailed ends the refresh of the token of Generation, if it is
// still the current one, with Err, which matches ErrRefreshFailed and
// wraps the cause. It signs out, unless Retryable: the token endpoint did
// not take the refresh token, and the session stays signed in for a later
// request to try again.
type RefreshFailed struct {
	Err        error
	Generation uint64
	Retryable  bool
}

// SignedOut clears the tokens. Reason says why: nil for a user's own
// sign-out, an error matching ErrRefreshFailed after a failed refresh.
type SignedOut struct{ Reason error }

// Type names the action.
func (SignedIn) Type() string { return "auth/signedIn" }

// Type names the action.
func (RefreshRequested) Type() string { return "auth/refreshRequested" }

// Type names the action.
func (RefreshSucceeded) Type() string { return "auth/refreshSucceeded" }

// Type names the action.
func (RefreshFailed) Type() string { return "auth/refreshFailed" }

// Type names the action.
func (SignedOut) Type() string { return "auth/signedOut" }
