package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Token is a secret: an access or refresh token. It prints as a short
// fingerprint under every fmt verb and in JSON, so a State or an action can
// be logged safely. Convert it with string(t) to use it.
type Token string

// Fingerprint returns a short, stable, non-reversible name for the token:
// enough to tell two tokens apart in a log, useless to an attacker.
func (t Token) Fingerprint() string {
	if t == "" {
		return "none"
	}
	sum := sha256.Sum256([]byte(t))
	return "sha256:" + hex.EncodeToString(sum[:4])
}

// String returns the fingerprint, never the token.
func (t Token) String() string { return t.Fingerprint() }

// GoString returns the fingerprint, never the token.
func (t Token) GoString() string { return `auth.Token("` + t.Fingerprint() + `")` }

// Format prints the fingerprint for every verb, so that %v, %+v, %#v, %s
// and %q of a value holding a Token never reveal it.
func (t Token) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, t.GoString())
		return
	}
	fmt.Fprint(f, t.Fingerprint())
}

// MarshalText returns the fingerprint, so encoders never reveal the token.
func (t Token) MarshalText() ([]byte, error) { return []byte(t.Fingerprint()), nil }

// TokenPair is what a sign-in or a refresh yields. An empty RefreshToken in
// a refresh result means the server did not rotate it: the old one stays.
type TokenPair struct {
	AccessToken  Token
	RefreshToken Token
	// Expiry is when the access token expires; zero means unknown, in
	// which case it is read from the token's JWT exp claim if it has one.
	Expiry time.Time
	// Issued is when the access token was issued or obtained; zero means
	// unknown, in which case it is read from the JWT iat claim if any.
	Issued time.Time
}

// maxJWTLength bounds what ExpiryOf will parse: a real access token is a
// few KiB at most, and parsing cost must not grow with attacker input.
const maxJWTLength = 16 << 10

// ExpiryOf returns the expiry (JWT exp claim) of a token, read without
// verifying the signature — the client cannot verify it and only uses the
// time to refresh early. A token that is not a JWT, is too long, or has no
// exp claim has no known expiry: ok is false.
func ExpiryOf(token Token) (exp time.Time, ok bool) {
	return claimTime(token, jwt.MapClaims.GetExpirationTime)
}

// IssuedAtOf returns when a token was issued (JWT iat claim), read as
// ExpiryOf reads exp.
func IssuedAtOf(token Token) (iat time.Time, ok bool) {
	return claimTime(token, jwt.MapClaims.GetIssuedAt)
}

func claimTime(token Token, get func(jwt.MapClaims) (*jwt.NumericDate, error)) (time.Time, bool) {
	if len(token) > maxJWTLength {
		return time.Time{}, false
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(string(token), claims); err != nil {
		return time.Time{}, false
	}
	t, err := get(claims)
	if err != nil || t == nil {
		return time.Time{}, false
	}
	if t.IsZero() {
		// A zero time means "unknown" to State; this one is known, and
		// long past.
		return time.Unix(0, 0).UTC(), true
	}
	return t.Time, true
}
