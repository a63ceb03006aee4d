package authtest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// ErrUnknownToken means a token given to a revocation method was not issued
// by this server, or its record is gone because it expired long ago.
var ErrUnknownToken = errors.New("authtest: unknown token")

// TokenPair is what a sign-in or a refresh issues. Its printed forms (fmt
// verbs, slog) show [Fingerprint]s, never the tokens.
type TokenPair struct {
	// AccessToken is an HS256 JWT for the Authorization: Bearer header.
	AccessToken string
	// RefreshToken is an opaque, single-use token for the refresh grant.
	RefreshToken string
	// Expiry is when the server stops accepting AccessToken. The token's exp
	// claim is this instant rounded up to a whole second.
	Expiry time.Time
}

// String describes the pair by fingerprints.
func (p TokenPair) String() string {
	return fmt.Sprintf("TokenPair{access:%s refresh:%s expiry:%s}",
		Fingerprint(p.AccessToken), Fingerprint(p.RefreshToken), p.Expiry.Format(time.RFC3339Nano))
}

// GoString describes the pair by fingerprints, for %#v.
func (p TokenPair) GoString() string { return "authtest." + p.String() }

// Format writes the pair's String form for every verb, so that no verb,
// including %d or %x, can print the tokens.
func (p TokenPair) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(p.GoString()))
		return
	}
	_, _ = f.Write([]byte(p.String()))
}

// LogValue describes the pair by fingerprints for log/slog.
func (p TokenPair) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("access", Fingerprint(p.AccessToken)),
		slog.String("refresh", Fingerprint(p.RefreshToken)),
		slog.Time("expiry", p.Expiry),
	)
}

// Fingerprint returns a short, stable name for a token: the first 8 hex
// digits of its SHA-256, or "" for an empty token. It identifies a token in
// events and messages without revealing it.
func Fingerprint(token string) string {
	if token == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:4])
}

// family is the chain of tokens descending from one sign-in.
type family struct {
	id         string
	subject    string
	scope      string // space-separated, as in the scope claim
	generation int    // of the newest access token
	revoked    bool
}

// short names the family in events: its id is no secret, but long.
func (f *family) short() string { return f.id[:8] }

type accessRecord struct {
	fam        *family
	generation int
	expires    time.Time
	revoked    bool
}

type refreshRecord struct {
	fam        *family
	generation int
	expires    time.Time // zero: never
	used       bool
}

// accessClaims are the claims of an access token.
type accessClaims struct {
	Family     string `json:"fam"`
	Generation int    `json:"gen"`
	Scope      string `json:"scope,omitempty"`
	jwt.RegisteredClaims
}

// Access records that expired this long ago are swept: by then the exp
// claim, rounded up by under a second, rejects the token before its record
// is looked up, so sweeping never turns "token expired" into "unknown token".
const (
	sweepGrace = 2 * time.Second
	minSweep   = 1024
)

// SignIn starts a new token family for subject, as a successful login
// would, and returns its first pair (generation 1). The access token carries
// scopes in its scope claim, checked by [WithRequiredScope]; refreshes keep
// them. It works whether or not the server is closed. It panics if subject is
// empty or a scope is not a valid scope token.
func (s *Server) SignIn(subject string, scopes ...string) TokenPair {
	if subject == "" {
		panic("authtest: SignIn: empty subject")
	}
	for _, sc := range scopes {
		if err := checkScope(sc); err != nil {
			panic("authtest: SignIn: " + err.Error())
		}
	}
	now := time.Now()
	fam := &family{id: rand.Text(), subject: subject, scope: strings.Join(scopes, " ")}

	s.mu.Lock()
	s.families[fam.id] = fam
	pair := s.issueLocked(fam, now)
	gen := fam.generation
	s.mu.Unlock()

	s.stats.signIns.Add(1)
	s.emit(Event{
		Kind: EventSignIn, Start: now, Time: now, Subject: subject,
		Family: fam.short(), Generation: gen, Issued: Fingerprint(pair.AccessToken),
	})
	return pair
}

// issueLocked issues the family's next generation. s.mu must be held.
func (s *Server) issueLocked(fam *family, now time.Time) TokenPair {
	fam.generation++
	jti := rand.Text()
	expires := now.Add(s.cfg.accessTTL)
	claims := accessClaims{
		Family:     fam.id,
		Generation: fam.generation,
		Scope:      fam.scope,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   fam.subject,
			ID:        jti,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(ceilSecond(expires)),
		},
	}
	access, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.cfg.key)
	if err != nil {
		// HMAC signing of marshalable claims with a []byte key cannot fail.
		panic("authtest: signing access token: " + err.Error())
	}
	refresh := rand.Text()

	s.sweepLocked(now)
	s.access[jti] = &accessRecord{fam: fam, generation: fam.generation, expires: expires}
	rr := &refreshRecord{fam: fam, generation: fam.generation}
	if s.cfg.refreshTTL > 0 {
		rr.expires = now.Add(s.cfg.refreshTTL)
	}
	s.refresh[refresh] = rr
	return TokenPair{AccessToken: access, RefreshToken: refresh, Expiry: expires}
}

// sweepLocked forgets long-expired access records once the map has doubled
// since the last sweep, keeping the cost per issue constant. s.mu must be
// held.
func (s *Server) sweepLocked(now time.Time) {
	if len(s.access) < s.sweepAt {
		return
	}
	for jti, rec := range s.access {
		if now.Sub(rec.expires) > sweepGrace {
			delete(s.access, jti)
		}
	}
	s.sweepAt = max(minSweep, 2*len(s.access))
}

func ceilSecond(t time.Time) time.Time {
	c := t.Truncate(time.Second)
	if c.Before(t) {
		c = c.Add(time.Second)
	}
	return c
}

// parser verifies access tokens: HS256 only, exp required. It holds no state
// that parsing changes, so one serves every request.
var parser = jwt.NewParser(
	jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
	jwt.WithExpirationRequired(),
	jwt.WithIssuedAt(),
)

// recordParser reads the claims of a token given to a revocation method,
// with a valid signature but possibly expired.
var recordParser = jwt.NewParser(
	jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
	jwt.WithoutClaimsValidation(),
)

// verified is an access token that passed verification.
type verified struct {
	subject    string
	scope      string
	family     string // short id
	generation int
}

// tokenInfo is what the server can tell about a presented access token,
// valid or not, for events.
type tokenInfo struct {
	subject    string
	family     string
	generation int
}

// verifyAccess checks a bearer token. On failure it returns a description
// for error_description that never quotes the token, and what it could learn
// about the token from its own records.
func (s *Server) verifyAccess(token string, now time.Time) (verified, tokenInfo, string) {
	var claims accessClaims
	parsed, err := parser.ParseWithClaims(token, &claims, s.keyFunc)
	s.mu.Lock()
	defer s.mu.Unlock()
	var rec *accessRecord
	// jwt checks claims only once the signature holds, so claims that fail
	// validation, such as an expired token's, can be trusted to look up.
	if err == nil || errors.Is(err, jwt.ErrTokenInvalidClaims) {
		rec = s.access[claims.ID]
		if rec != nil && (rec.fam.id != claims.Family || rec.generation != claims.Generation) {
			rec = nil
		}
	}
	var info tokenInfo
	if rec != nil {
		info = tokenInfo{subject: rec.fam.subject, family: rec.fam.short(), generation: rec.generation}
	}
	switch {
	case err != nil:
		return verified{}, info, describeJWTError(parsed, err)
	case rec == nil:
		return verified{}, info, "unknown token"
	case rec.fam.revoked:
		return verified{}, info, "token family revoked"
	case rec.revoked:
		return verified{}, info, "token revoked"
	case !now.Before(rec.expires):
		return verified{}, info, "token expired"
	}
	return verified{
		subject:    rec.fam.subject,
		scope:      rec.fam.scope,
		family:     rec.fam.short(),
		generation: rec.generation,
	}, info, ""
}

// describeJWTError names why jwt refused a token, in words fit for an
// error_description (RFC 6750 §3 allows no quote or backslash).
func describeJWTError(t *jwt.Token, err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "malformed token"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid) && t != nil && t.Method != jwt.SigningMethodHS256:
		return "signing method not allowed"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "invalid signature"
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return "signing method not allowed"
	case errors.Is(err, jwt.ErrTokenExpired):
		return "token expired"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "token has no expiry"
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "token issued in the future"
	default:
		return "invalid token"
	}
}

// grantOutcome is the result of presenting a refresh token.
type grantOutcome int

const (
	grantRotated grantOutcome = iota
	grantUnknown
	grantReused
	grantFamilyRevoked
	grantExpired
)

// rotation is what presenting a refresh token did.
type rotation struct {
	outcome    grantOutcome
	pair       TokenPair
	subject    string
	scope      string
	family     string // short id
	generation int    // issued, or of the presented token when refused
}

// rotate spends a refresh token and issues the family's next pair, or
// explains why not. A spent token presented again revokes its family.
func (s *Server) rotate(refresh string, now time.Time) rotation {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.refresh[refresh]
	if rec == nil {
		return rotation{outcome: grantUnknown}
	}
	r := rotation{subject: rec.fam.subject, scope: rec.fam.scope, family: rec.fam.short(), generation: rec.generation}
	switch {
	case rec.used:
		rec.fam.revoked = true
		r.outcome = grantReused
	case rec.fam.revoked:
		r.outcome = grantFamilyRevoked
	case !rec.expires.IsZero() && !now.Before(rec.expires):
		r.outcome = grantExpired
	default:
		rec.used = true
		r.pair = s.issueLocked(rec.fam, now)
		r.generation = rec.fam.generation
		r.outcome = grantRotated
	}
	return r
}

// RevokeAccessToken makes the server refuse one access token before it
// expires: /resource answers it 401 "token revoked". Its family, its refresh
// token and later access tokens stay valid. It returns an error matching
// [ErrUnknownToken] if the token is not one of this server's.
func (s *Server) RevokeAccessToken(token string) error {
	var claims accessClaims
	_, err := recordParser.ParseWithClaims(token, &claims, s.keyFunc)
	now := time.Now()
	s.mu.Lock()
	var rec *accessRecord
	if err == nil {
		rec = s.access[claims.ID]
	}
	if rec == nil || rec.fam.id != claims.Family {
		s.mu.Unlock()
		return fmt.Errorf("revoke access token %s: %w", Fingerprint(token), ErrUnknownToken)
	}
	rec.revoked = true
	ev := Event{Kind: EventRevoke, Start: now, Time: now, Subject: rec.fam.subject, Family: rec.fam.short(),
		Generation: rec.generation, Token: Fingerprint(token), Detail: "access token revoked"}
	s.mu.Unlock()
	s.emit(ev)
	return nil
}

// RevokeAccessTokens revokes every access token the server has issued that
// has not yet expired, as a key rotation or a mass logout on the resource
// server would, and returns how many it revoked. Families and refresh tokens
// stay valid, so a refresh gets a working token again.
func (s *Server) RevokeAccessTokens() int {
	now := time.Now()
	s.mu.Lock()
	n := 0
	for _, rec := range s.access {
		if !rec.revoked && now.Before(rec.expires) {
			rec.revoked = true
			n++
		}
	}
	s.mu.Unlock()
	s.emit(Event{Kind: EventRevoke, Start: now, Time: now, Detail: fmt.Sprintf("%d access tokens revoked", n)})
	return n
}

// RevokeFamily revokes the whole family of token, an access or a refresh
// token: every access token and refresh token of it is refused from now on,
// as on a server-side logout. It returns an error matching [ErrUnknownToken]
// if the token is not one of this server's.
func (s *Server) RevokeFamily(token string) error {
	var fam *family
	var claims accessClaims
	_, err := recordParser.ParseWithClaims(token, &claims, s.keyFunc)
	now := time.Now()
	s.mu.Lock()
	if err == nil {
		if rec := s.access[claims.ID]; rec != nil && rec.fam.id == claims.Family {
			fam = rec.fam
		}
	} else if rec := s.refresh[token]; rec != nil {
		fam = rec.fam
	}
	if fam == nil {
		s.mu.Unlock()
		return fmt.Errorf("revoke family of token %s: %w", Fingerprint(token), ErrUnknownToken)
	}
	fam.revoked = true
	ev := Event{Kind: EventRevoke, Start: now, Time: now, Subject: fam.subject, Family: fam.short(),
		Generation: fam.generation, Token: Fingerprint(token), Detail: "family revoked"}
	s.mu.Unlock()
	s.emit(ev)
	return nil
}

func (s *Server) keyFunc(t *jwt.Token) (any, error) {
	if t.Method != jwt.SigningMethodHS256 {
		return nil, errors.New("signing method is not HS256")
	}
	return s.cfg.key, nil
}
