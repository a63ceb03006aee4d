package auth

import "time"

// Status is where the session stands.
type Status int

const (
	// StatusSignedOut: no tokens; requests fail with ErrSignedOut.
	StatusSignedOut Status = iota
	// StatusSignedIn: requests go out with the current access token.
	StatusSignedIn
	// StatusRefreshing: a refresh is under way; requests wait for it.
	StatusRefreshing
)

func (s Status) String() string {
	switch s {
	case StatusSignedOut:
		return "signed out"
	case StatusSignedIn:
		return "signed in"
	case StatusRefreshing:
		return "refreshing"
	}
	return "unknown"
}

// State is the auth slice of a store. It is a value: Reduce returns a new
// one and never changes the one it is given.
type State struct {
	AccessToken  Token
	RefreshToken Token
	// Expiry of the access token; zero when unknown.
	Expiry time.Time
	// Issued is when the access token was issued or obtained; zero when
	// unknown. With Expiry it gives the token's lifetime.
	Issued time.Time
	// Generation goes up by one with every new access token, so a 401 can
	// be told apart as stale (for an older token) or fresh.
	Generation uint64
	// Attempt counts the refreshes started for this generation: one, unless
	// the token endpoint was unavailable and the session stayed signed in.
	Attempt uint64
	Status  Status
	// Err is why the session was last signed out by a failure, or, signed
	// in, why the last refresh of this generation failed.
	Err error
}

// Reduce is the reducer of the auth slice: mount it in your store's reducer
// (or let a Session do it) and run RefreshEpic beside it.
func Reduce(s State, action any) State {
	switch a := action.(type) {
	case SignedIn:
		return signIn(s, a.Tokens)
	case RefreshRequested:
		if s.Status == StatusSignedIn && a.Generation == s.Generation {
			s.Status = StatusRefreshing
			s.Attempt++
		}
	case RefreshSucceeded:
		if s.Status == StatusSignedOut || a.Generation != s.Generation {
			return s // signed out or in again meanwhile: not this session's
		}
		if a.Tokens.RefreshToken == "" {
			a.Tokens.RefreshToken = s.RefreshToken
		}
		return signIn(s, a.Tokens)
	case RefreshFailed:
		if s.Status != StatusRefreshing || a.Generation != s.Generation {
			return s
		}
		if a.Retryable {
			s.Status, s.Err = StatusSignedIn, a.Err
			return s
		}
		return signOut(s, a.Err)
	case SignedOut:
		return signOut(s, a.Reason)
	}
	return s
}

func signIn(s State, t TokenPair) State {
	expiry, issued := t.Expiry, t.Issued
	if expiry.IsZero() {
		expiry, _ = ExpiryOf(t.AccessToken)
	}
	if issued.IsZero() {
		issued, _ = IssuedAtOf(t.AccessToken)
	}
	return State{
		AccessToken:  t.AccessToken,
		RefreshToken: t.RefreshToken,
		Expiry:       expiry,
		Issued:       issued,
		Generation:   s.Generation + 1,
		Status:       StatusSignedIn,
	}
}

func signOut(s State, reason error) State {
	if s.Status == StatusSignedOut {
		if s.Err == nil {
			s.Err = reason
		}
		return s
	}
	return State{Generation: s.Generation, Status: StatusSignedOut, Err: reason}
}

// expired reports whether the access token is known to expire within
// margin of now. The margin never exceeds a quarter of the token's known
// lifetime: a token that lives less than the margin would otherwise be
// expired as soon as it came, and every request would refresh it.
func (s State) expired(now time.Time, margin time.Duration) bool {
	if s.Expiry.IsZero() {
		return false
	}
	if !s.Issued.IsZero() {
		margin = min(margin, s.Expiry.Sub(s.Issued)/4)
	}
	return !now.Add(margin).Before(s.Expiry)
}
