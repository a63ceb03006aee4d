package authtest_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"maps"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxepic/rxepic/auth/authtest"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// claimsOf reads a token's claims without verifying it.
func claimsOf(t testing.TB, token string) jwt.MapClaims {
	t.Helper()
	claims := jwt.MapClaims{}
	_, _, err := jwt.NewParser().ParseUnverified(token, claims)
	require.NoError(t, err)
	return claims
}

func sign(t testing.TB, method jwt.SigningMethod, claims jwt.MapClaims, key any) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	require.NoError(t, err)
	return s
}

func TestAccessTokenClaims(t *testing.T) {
	srv := authtest.New(authtest.WithSigningKey(testKey))
	defer srv.Close()
	pair := srv.SignIn("alice", "read", "write")

	var claims jwt.MapClaims
	tok, err := jwt.ParseWithClaims(pair.AccessToken, &claims, func(*jwt.Token) (any, error) { return testKey, nil },
		jwt.WithValidMethods([]string{"HS256"}))
	require.NoError(t, err)
	assert.Equal(t, "HS256", tok.Header["alg"])
	assert.Equal(t, "alice", claims["sub"])
	assert.Equal(t, "read write", claims["scope"])
	assert.Equal(t, float64(1), claims["gen"])
	assert.NotEmpty(t, claims["jti"])
	assert.NotEmpty(t, claims["fam"])
	exp, err := claims.GetExpirationTime()
	require.NoError(t, err)
	assert.False(t, exp.Before(pair.Expiry), "exp %v rounds the expiry %v up", exp.Time, pair.Expiry)
	assert.Less(t, exp.Sub(pair.Expiry), time.Second)
}

// Forged tokens: every one is refused with 401 invalid_token, whatever the
// trick.
func TestForgedAccessTokensAreRefused(t *testing.T) {
	srv := authtest.New(authtest.WithSigningKey(testKey))
	defer srv.Close()
	pair := srv.SignIn("alice")
	real := claimsOf(t, pair.AccessToken)
	with := func(changes jwt.MapClaims) jwt.MapClaims {
		c := maps.Clone(real)
		for k, v := range changes {
			if v == nil {
				delete(c, k)
			} else {
				c[k] = v
			}
		}
		return c
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)

	cases := []struct {
		name, token, reason string
	}{
		{"alg none", sign(t, jwt.SigningMethodNone, real, jwt.UnsafeAllowNoneSignatureType), "signing method not allowed"},
		{"alg none, upper case", noneUpper(t, real), "signing method not allowed"},
		{"HS384 with the right key", sign(t, jwt.SigningMethodHS384, real, testKey), "signing method not allowed"},
		{"HS512 with the right key", sign(t, jwt.SigningMethodHS512, real, testKey), "signing method not allowed"},
		// The server verifies HS256 only, so a token signed with an
		// asymmetric key is refused before any key is looked at: no
		// algorithm confusion either way.
		{"RS256", sign(t, jwt.SigningMethodRS256, real, rsaKey), "signing method not allowed"},
		{"ES256", sign(t, jwt.SigningMethodES256, real, ecKey), "signing method not allowed"},
		{"HS256 with a public key as secret", sign(t, jwt.SigningMethodHS256, real, rsaPublicPEM(t, rsaKey)), "invalid signature"},
		{"HS256 with another key", sign(t, jwt.SigningMethodHS256, real, []byte("another key, just as long as it!")), "invalid signature"},
		{"signature stripped", strings.Join(strings.Split(pair.AccessToken, ".")[:2], ".") + ".", "invalid signature"},
		{"expired", sign(t, jwt.SigningMethodHS256, with(jwt.MapClaims{"exp": time.Now().Add(-time.Second).Unix()}), testKey), "token expired"},
		{"no expiry", sign(t, jwt.SigningMethodHS256, with(jwt.MapClaims{"exp": nil}), testKey), "token has no expiry"},
		{"issued in the future", sign(t, jwt.SigningMethodHS256, with(jwt.MapClaims{"iat": time.Now().Add(time.Hour).Unix()}), testKey), "token issued in the future"},
		{"unknown jti", sign(t, jwt.SigningMethodHS256, with(jwt.MapClaims{"jti": "forged"}), testKey), "unknown token"},
		{"other generation", sign(t, jwt.SigningMethodHS256, with(jwt.MapClaims{"gen": 7}), testKey), "unknown token"},
		{"other family", sign(t, jwt.SigningMethodHS256, with(jwt.MapClaims{"fam": "forged"}), testKey), "unknown token"},
		{"not a JWT", "opaque-token", "malformed token"},
		{"bad base64", "a.b.c", "malformed token"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := access(t, srv, "/resource", tc.token)
			assert.Equal(t, tc.reason, requireError(t, a, http.StatusUnauthorized, "invalid_token"))
			assert.Equal(t, `Bearer realm="authtest", error="invalid_token", error_description="`+tc.reason+`"`,
				a.header.Get("WWW-Authenticate"))
		})
	}
	// The genuine token still works, and nothing else got through.
	assert.Equal(t, http.StatusOK, access(t, srv, "/resource", pair.AccessToken).status)
	st := srv.Stats()
	assert.Equal(t, int64(len(cases)), st.ResourceUnauthorized)
	assert.Equal(t, int64(1), st.ResourceOK)
}

// noneUpper builds an unsigned token whose alg is "NONE", which no
// registered method matches.
func noneUpper(t testing.TB, claims jwt.MapClaims) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodNone, claims)
	tok.Header["alg"] = "NONE"
	s, err := tok.SigningString()
	require.NoError(t, err)
	return s + "."
}

// rsaPublicPEM is what an attacker would use as the HMAC secret in the
// classic RS256-to-HS256 confusion: the server's public key.
func rsaPublicPEM(t testing.TB, k *rsa.PrivateKey) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

func TestAccessTokenExpiresOnVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := authtest.NewInMemory(authtest.WithAccessTTL(time.Minute))
		defer srv.Close()
		pair := srv.SignIn("alice")
		assert.Equal(t, time.Now().Add(time.Minute), pair.Expiry)

		time.Sleep(time.Minute - time.Millisecond)
		assert.Equal(t, http.StatusOK, access(t, srv, "/resource", pair.AccessToken).status)
		time.Sleep(time.Millisecond)
		a := access(t, srv, "/resource", pair.AccessToken)
		assert.Equal(t, "token expired", requireError(t, a, http.StatusUnauthorized, "invalid_token"))

		// The refresh token outlives the access token.
		tb := decodeTokens(t, refresh(t, srv, pair.RefreshToken))
		assert.Equal(t, int64(60), tb.ExpiresIn)
		assert.Equal(t, 2, decodeResource(t, access(t, srv, "/resource", tb.AccessToken)).Generation)
	})
}

// A TTL that is not a whole number of seconds is enforced exactly, while the
// exp claim and expires_in round it up.
func TestSubSecondTTLIsExact(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := authtest.NewInMemory(authtest.WithAccessTTL(1500 * time.Millisecond))
		defer srv.Close()
		start := time.Now()
		pair := srv.SignIn("alice")
		exp, err := claimsOf(t, pair.AccessToken).GetExpirationTime()
		require.NoError(t, err)
		assert.Equal(t, start.Add(2*time.Second), exp.Time)
		assert.Equal(t, start.Add(1500*time.Millisecond), pair.Expiry)

		time.Sleep(1499 * time.Millisecond)
		assert.Equal(t, http.StatusOK, access(t, srv, "/resource", pair.AccessToken).status)
		time.Sleep(time.Millisecond)
		a := access(t, srv, "/resource", pair.AccessToken)
		assert.Equal(t, "token expired", requireError(t, a, http.StatusUnauthorized, "invalid_token"))

		tb := decodeTokens(t, refresh(t, srv, pair.RefreshToken))
		assert.Equal(t, int64(2), tb.ExpiresIn, "1.5 s rounds up")
	})
}

func TestRevokeAccessToken(t *testing.T) {
	srv := authtest.New()
	defer srv.Close()
	alice := srv.SignIn("alice")
	bob := srv.SignIn("bob")

	require.NoError(t, srv.RevokeAccessToken(alice.AccessToken))
	a := access(t, srv, "/resource", alice.AccessToken)
	assert.Equal(t, "token revoked", requireError(t, a, http.StatusUnauthorized, "invalid_token"))
	assert.Equal(t, http.StatusOK, access(t, srv, "/resource", bob.AccessToken).status, "other tokens unaffected")

	// The family is not revoked: a refresh gets a working token.
	tb := decodeTokens(t, refresh(t, srv, alice.RefreshToken))
	assert.Equal(t, http.StatusOK, access(t, srv, "/resource", tb.AccessToken).status)
}

func TestRevokeAccessTokens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := authtest.NewInMemory(authtest.WithAccessTTL(time.Minute))
		defer srv.Close()
		old := srv.SignIn("old")
		time.Sleep(2 * time.Minute)
		alice := srv.SignIn("alice")
		bob := srv.SignIn("bob")

		assert.Equal(t, 2, srv.RevokeAccessTokens(), "the expired token is not counted")
		for _, p := range []authtest.TokenPair{alice, bob} {
			a := access(t, srv, "/resource", p.AccessToken)
			assert.Equal(t, "token revoked", requireError(t, a, http.StatusUnauthorized, "invalid_token"))
		}
		assert.Equal(t, "token expired",
			requireError(t, access(t, srv, "/resource", old.AccessToken), http.StatusUnauthorized, "invalid_token"))

		// Tokens issued afterwards are valid.
		carol := srv.SignIn("carol")
		assert.Equal(t, http.StatusOK, access(t, srv, "/resource", carol.AccessToken).status)
		tb := decodeTokens(t, refresh(t, srv, alice.RefreshToken))
		assert.Equal(t, http.StatusOK, access(t, srv, "/resource", tb.AccessToken).status)
	})
}

func TestRevokeFamily(t *testing.T) {
	for _, by := range []string{"access token", "refresh token"} {
		t.Run(by, func(t *testing.T) {
			srv := authtest.New()
			defer srv.Close()
			first := srv.SignIn("alice")
			second := decodeTokens(t, refresh(t, srv, first.RefreshToken))
			token := second.AccessToken
			if by == "refresh token" {
				token = second.RefreshToken
			}
			require.NoError(t, srv.RevokeFamily(token))

			for _, tok := range []string{first.AccessToken, second.AccessToken} {
				a := access(t, srv, "/resource", tok)
				assert.Equal(t, "token family revoked", requireError(t, a, http.StatusUnauthorized, "invalid_token"))
			}
			a := refresh(t, srv, second.RefreshToken)
			assert.Equal(t, "token family revoked", requireError(t, a, http.StatusBadRequest, "invalid_grant"))
			assert.Zero(t, srv.Stats().ReuseDetections)
		})
	}
}

func TestRevokeUnknownToken(t *testing.T) {
	srv := authtest.New()
	defer srv.Close()
	other := authtest.NewInMemory()
	defer other.Close()
	foreign := other.SignIn("mallory")

	for _, token := range []string{"no-such-token", foreign.AccessToken, foreign.RefreshToken} {
		err := srv.RevokeFamily(token)
		require.ErrorIs(t, err, authtest.ErrUnknownToken)
		assert.NotContains(t, err.Error(), token)
		assert.Contains(t, err.Error(), authtest.Fingerprint(token))
	}
	for _, token := range []string{"no-such-token", foreign.AccessToken, foreign.RefreshToken} {
		err := srv.RevokeAccessToken(token)
		require.True(t, errors.Is(err, authtest.ErrUnknownToken))
		assert.NotContains(t, err.Error(), token)
	}
}

func TestFingerprint(t *testing.T) {
	assert.Equal(t, "", authtest.Fingerprint(""))
	fp := authtest.Fingerprint("token")
	assert.Len(t, fp, 8)
	assert.Equal(t, fp, authtest.Fingerprint("token"))
	assert.NotEqual(t, fp, authtest.Fingerprint("token2"))
}
