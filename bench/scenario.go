package bench

import (
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Scenario is what is wrong with the access token a storm starts with.
type Scenario int

const (
	// Expired: the access token's exp is past, the client knows it (from
	// the JWT or from Tokens.Expiry), and the server answers it 401
	// "token expired".
	Expired Scenario = iota
	// Revoked: the server revoked the access token before its expiry, and
	// the client cannot know it: the server answers it 401 "token revoked"
	// while the client believes it valid for minutes more.
	Revoked
)

// String names the scenario.
func (s Scenario) String() string {
	switch s {
	case Expired:
		return "expired"
	case Revoked:
		return "revoked"
	}
	return fmt.Sprintf("Scenario(%d)", int(s))
}

// ParseScenario returns the scenario of a name String returns.
func ParseScenario(name string) (Scenario, error) {
	for _, s := range []Scenario{Expired, Revoked} {
		if s.String() == name {
			return s, nil
		}
	}
	return 0, fmt.Errorf("bench: unknown scenario %q (want expired or revoked)", name)
}

// startingTokens signs in on srv and returns the tokens a client starts a
// storm of scenario sc with.
//
// An expired token is the server's own first access token re-signed with
// an exp a minute in the past: the server's access-token lifetime applies
// to every token it issues, so a first token that has really timed out
// would have refreshed tokens that time out as fast, in the middle of the
// storm.
func startingTokens(srv Server, key []byte, sc Scenario) (Tokens, error) {
	pair, err := srv.SignIn()
	if err != nil {
		return Tokens{}, err
	}
	switch sc {
	case Expired:
		access, exp, err := expire(pair.AccessToken, key)
		if err != nil {
			return Tokens{}, err
		}
		return Tokens{Access: access, Refresh: pair.RefreshToken, Expiry: exp}, nil
	case Revoked:
		if err := srv.RevokeAccessToken(pair.AccessToken); err != nil {
			return Tokens{}, err
		}
		return Tokens{Access: pair.AccessToken, Refresh: pair.RefreshToken, Expiry: pair.Expiry}, nil
	}
	return Tokens{}, fmt.Errorf("bench: unknown scenario %v", sc)
}

// expire returns token, an HS256 JWT signed with key, with its iat two
// minutes ago and its exp one minute ago, and that exp.
func expire(token string, key []byte) (string, time.Time, error) {
	claims := jwt.MapClaims{}
	if _, err := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithoutClaimsValidation()).
		ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return key, nil }); err != nil {
		return "", time.Time{}, fmt.Errorf("bench: reading the access token to expire it: %w", err)
	}
	now := time.Now().Truncate(time.Second)
	exp := now.Add(-time.Minute)
	claims["iat"] = jwt.NewNumericDate(now.Add(-2 * time.Minute))
	claims["exp"] = jwt.NewNumericDate(exp)
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("bench: signing the expired token: %w", err)
	}
	return signed, exp, nil
}
