package auth_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/stretchr/testify/require"
)

// The seeds of these targets are in testdata/fuzz/<target>. A short run:
//
//	go test -run '^$' -fuzz '^FuzzParseTokenResponse$' -fuzztime 5s ./auth
//	go test -run '^$' -fuzz '^FuzzTokenErrorResponse$' -fuzztime 5s ./auth
//	go test -run '^$' -fuzz '^FuzzExpiryOf$' -fuzztime 5s ./auth

// FuzzParseTokenResponse checks the token response decoder on arbitrary
// bodies: it never panics; it accepts only valid JSON with an access token
// and a sane expiry, and returns nothing else with an error; its errors
// never quote a token.
func FuzzParseTokenResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		before := time.Now()
		pair, err := auth.ParseTokenResponse(body)
		after := time.Now()
		if err != nil {
			if pair != (auth.TokenPair{}) {
				t.Fatalf("error %v came with tokens", err)
			}
			for _, secret := range tokensIn(body) {
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("error %q quotes a token of the body", err)
				}
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted a body that is not JSON: %q", body)
		}
		if pair.AccessToken == "" {
			t.Fatalf("accepted a body without an access token: %q", body)
		}
		if !pair.Expiry.IsZero() && (pair.Expiry.Before(before) || pair.Expiry.After(after.Add((1<<31)*time.Second))) {
			t.Fatalf("expiry %v is out of range for %q", pair.Expiry, body)
		}
	})
}

// tokensIn returns the token values of a JSON token response that are long
// enough to be told apart from the words of an error message, leaving out
// any that the body's expires_in also holds: the decoder names a bad
// expires_in by quoting it.
func tokensIn(body []byte) []string {
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return nil
	}
	var secrets []string
	var expiresIn string
	for name, raw := range fields {
		if strings.EqualFold(name, "expires_in") {
			expiresIn += string(raw)
		}
	}
	for name, raw := range fields {
		var s string
		if !strings.EqualFold(name, "access_token") && !strings.EqualFold(name, "refresh_token") ||
			json.Unmarshal(raw, &s) != nil || len(s) < 8 || strings.Contains(expiresIn, s) {
			continue
		}
		secrets = append(secrets, s)
	}
	return secrets
}

// FuzzTokenErrorResponse checks what a failed token request becomes, for
// any status, body and presented refresh token: never nil, always still a
// *StatusError or an *OAuthError with the answer's status and a code, never
// a panic, and never the presented refresh token, however the server echoes
// it.
func FuzzTokenErrorResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, status int, body []byte, presented string) {
		in := &httpobs.StatusError{StatusCode: status, Body: body, Method: "POST", URL: "https://idp.example/token"}
		err := auth.OAuthErrorOf(in, auth.Token(presented))
		if err == nil {
			t.Fatal("nil error")
		}
		var oe *auth.OAuthError
		if !errors.As(err, &oe) {
			if err != error(in) {
				t.Fatalf("got %v, want the *StatusError itself", err)
			}
			return
		}
		if oe.Code == "" || oe.StatusCode != status {
			t.Fatalf("%+v from status %d and body %q", oe, status, body)
		}
		if len(presented) < 8 || strings.ContainsRune(presented, 0) {
			return
		}
		// An occurrence that overlaps a fingerprint put in the token's
		// place is the fingerprint's doing, not an echo.
		fingerprint := auth.Token(presented).Fingerprint()
		for _, s := range []string{oe.Code, oe.Description, oe.Error()} {
			if strings.Contains(strings.ReplaceAll(s, fingerprint, "\x00"), presented) {
				t.Fatalf("%q holds the presented refresh token %q", s, presented)
			}
		}
	})
}

// FuzzExpiryOf checks JWT expiry extraction on arbitrary strings: it never
// panics, and it reports an expiry only for a three-part token within the
// length cap. TestExpiryOfBoundedWork checks what it costs.
func FuzzExpiryOf(f *testing.F) {
	f.Fuzz(checkExpiryOf)
}

func checkExpiryOf(t *testing.T, token string) {
	exp, ok := auth.ExpiryOf(auth.Token(token))
	if !ok {
		if !exp.IsZero() {
			t.Fatalf("no expiry, yet %v", exp)
		}
		return
	}
	// A zero time means "unknown expiry" to the rest of the package
	// (TokenPair.Expiry, State.Expiry), so it cannot be a known one.
	if exp.IsZero() {
		t.Fatal("an expiry of zero")
	}
	if strings.Count(token, ".") != 2 {
		t.Fatalf("an expiry from %d segments", strings.Count(token, ".")+1)
	}
	if len(token) > maxJWTLength {
		t.Fatalf("parsed a token of %d bytes", len(token))
	}
}

// maxJWTLength is ExpiryOf's documented cap: "a real access token is a few
// KiB at most".
const maxJWTLength = 16 << 10

// TestExpiryOfBoundedWork checks that ExpiryOf's cost does not grow with
// attacker input (the CVE-2025-30204 class: a header of many periods made
// jwt's parser allocate in proportion to it): past the length cap a token
// costs no allocation at all, and up to it, the worst shapes we know cost
// at most linear work.
func TestExpiryOfBoundedWork(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	header := enc([]byte(`{"alg":"HS256","typ":"JWT"}`))
	jwtWith := func(payload string) string { return header + "." + enc([]byte(payload)) + ".c2ln" }

	huge := []string{
		strings.Repeat(".", 64<<20),
		jwtWith(`{"exp":1,"pad":"` + strings.Repeat("a", 48<<20) + `"}`),
		strings.Repeat("a", maxJWTLength+1),
	}
	for _, s := range huge {
		tok := auth.Token(s)
		allocs := testing.AllocsPerRun(10, func() {
			if _, ok := auth.ExpiryOf(tok); ok {
				t.Fatalf("an expiry from a %d-byte token", len(tok))
			}
		})
		require.Zero(t, allocs, "a %d-byte token is refused before any work", len(tok))
	}

	atCap := map[string]string{
		"periods":       strings.Repeat(".", maxJWTLength),
		"long claim":    jwtWith(`{"exp":1,"pad":"` + strings.Repeat("a", 11<<10) + `"}`),
		"deep nesting":  jwtWith(`{"exp":1,"x":` + strings.Repeat("[", 5500) + strings.Repeat("]", 5500) + `}`),
		"many claims":   jwtWith(`{"exp":1` + strings.Repeat(`,"a":1`, 2000) + `}`),
		"many objects":  jwtWith(`{"exp":1,"x":[` + strings.Repeat(`{},`, 3900) + `{}]}`),
		"many segments": strings.Repeat("e30.", maxJWTLength/4),
	}
	for name, s := range atCap {
		require.LessOrEqual(t, len(s), maxJWTLength, name)
		require.Greater(t, len(s), maxJWTLength*3/4, name)
		tok := auth.Token(s)
		mallocs, bytes := allocated(20, func() { auth.ExpiryOf(tok) })
		require.LessOrEqual(t, mallocs, uint64(len(s)), "%s: allocations per call", name)
		require.LessOrEqual(t, bytes, uint64(32*len(s)), "%s: bytes allocated per call", name)
	}
}

// allocated returns the allocations and bytes allocated per call of f.
func allocated(runs int, f func()) (mallocs, bytes uint64) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.Mallocs - before.Mallocs) / uint64(runs), (after.TotalAlloc - before.TotalAlloc) / uint64(runs)
}
