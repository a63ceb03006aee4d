package httpobs_test

import (
	"testing"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseChallenge(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   *httpobs.Challenge
	}{
		{
			name:   "RFC 6750 example",
			header: `Bearer realm="example", error="invalid_token", error_description="The access token expired"`,
			want:   &httpobs.Challenge{Scheme: "Bearer", Realm: "example", Error: "invalid_token", ErrorDescription: "The access token expired"},
		},
		{
			name:   "bare scheme",
			header: `Bearer`,
			want:   &httpobs.Challenge{Scheme: "Bearer"},
		},
		{
			name:   "scope and error_uri",
			header: `Bearer realm="api", scope="read write", error="insufficient_scope", error_uri="https://example.com/e"`,
			want:   &httpobs.Challenge{Scheme: "Bearer", Realm: "api", Scope: "read write", Error: "insufficient_scope", ErrorURI: "https://example.com/e"},
		},
		{
			name:   "unquoted values and odd case",
			header: `bearer REALM=api,Error=invalid_token`,
			want:   &httpobs.Challenge{Scheme: "bearer", Realm: "api", Error: "invalid_token"},
		},
		{
			name:   "spaces around = and no commas",
			header: `Bearer realm = "a b"   error ="invalid_token"`,
			want:   &httpobs.Challenge{Scheme: "Bearer", Realm: "a b", Error: "invalid_token"},
		},
		{
			name:   "escapes in quoted strings",
			header: `Bearer error_description="say \"hi\" \\ bye", realm="x\y"`,
			want:   &httpobs.Challenge{Scheme: "Bearer", Realm: "xy", ErrorDescription: `say "hi" \ bye`},
		},
		{
			name:   "commas inside quotes and empty list elements",
			header: ` , Bearer ,, realm="a, b" ,, error="invalid_token" ,`,
			want:   &httpobs.Challenge{Scheme: "Bearer", Realm: "a, b", Error: "invalid_token"},
		},
		{
			name:   "Bearer after another scheme",
			header: `Basic realm="basic", Bearer realm="bearer", error="invalid_token"`,
			want:   &httpobs.Challenge{Scheme: "Bearer", Realm: "bearer", Error: "invalid_token"},
		},
		{
			name:   "Bearer after a token68",
			header: `Negotiate YIIBhAYJKoZIhvcSAQICAQBuggFzMIIBb6ADAgEFoQMCAQ6iBwMFACAAAAA=, Bearer error="invalid_token"`,
			want:   &httpobs.Challenge{Scheme: "Bearer", Error: "invalid_token"},
		},
		{
			name:   "no Bearer: the first challenge",
			header: `Basic realm="basic", Digest realm="d", nonce="n"`,
			want:   &httpobs.Challenge{Scheme: "Basic", Realm: "basic"},
		},
		{
			name:   "extension parameters",
			header: `Bearer resource_metadata="https://rs.example.com/.well-known/oauth-protected-resource", Error="invalid_token"`,
			want: &httpobs.Challenge{Scheme: "Bearer", Error: "invalid_token", Params: map[string]string{
				"resource_metadata": "https://rs.example.com/.well-known/oauth-protected-resource",
			}},
		},
		{
			name:   "duplicates keep the first value",
			header: `Bearer error="invalid_token", error="invalid_request", x=1, X=2`,
			want:   &httpobs.Challenge{Scheme: "Bearer", Error: "invalid_token", Params: map[string]string{"x": "1"}},
		},
		{
			name:   "empty values",
			header: `Bearer realm="", error=`,
			want:   &httpobs.Challenge{Scheme: "Bearer"},
		},
		{
			name:   "bare value with characters a token may not hold",
			header: `Bearer scope=read:user/x`,
			want:   &httpobs.Challenge{Scheme: "Bearer", Scope: "read:user/x"},
		},
		{
			name:   "Bearer found before a fault",
			header: `Bearer error="invalid_token", @@@`,
			want:   &httpobs.Challenge{Scheme: "Bearer", Error: "invalid_token"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := httpobs.ParseChallenge(tt.header)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseChallengeFailures(t *testing.T) {
	tests := []struct {
		name, header, wantErr string
	}{
		{"empty", "", "no challenge"},
		{"only separators", " , ,", "no challenge"},
		{"no scheme", `="x"`, `byte 0: want an auth scheme, found '='`},
		{"unterminated quote", `Bearer realm="abc`, "byte 13: unterminated quoted string"},
		{"trailing backslash", `Bearer realm="abc\`, "unterminated quoted string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := httpobs.ParseChallenge(tt.header)
			assert.Nil(t, c)
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestParseChallenges(t *testing.T) {
	cs, err := httpobs.ParseChallenges(`Basic realm="a", Bearer realm="b", Newauth`)
	require.NoError(t, err)
	require.Len(t, cs, 3)
	assert.Equal(t, []string{"Basic", "Bearer", "Newauth"}, []string{cs[0].Scheme, cs[1].Scheme, cs[2].Scheme})

	cs, err = httpobs.ParseChallenges(`Basic realm="a", Bearer realm="b`)
	assert.ErrorContains(t, err, "unterminated")
	require.Len(t, cs, 1, "the challenges before the fault")
	assert.Equal(t, "Basic", cs[0].Scheme)
}

func TestChallengeString(t *testing.T) {
	c := &httpobs.Challenge{
		Scheme: "Bearer", Realm: "api", Error: "invalid_token", ErrorDescription: `a "quoted" \ word`,
		Params: map[string]string{"z": "last", "a": "first"},
	}
	assert.Equal(t, `Bearer realm="api", error="invalid_token", error_description="a \"quoted\" \\ word", a="first", z="last"`, c.String())
	back, err := httpobs.ParseChallenge(c.String())
	require.NoError(t, err)
	assert.Equal(t, c, back)
}

// FuzzParseChallenge checks that parsing never panics or loops, that what
// it parses survives a round trip through String, and that errors name a
// byte offset inside the input.
func FuzzParseChallenge(f *testing.F) {
	// The corpus in testdata/fuzz/FuzzParseChallenge holds the seeds.
	f.Fuzz(func(t *testing.T, header string) {
		cs, err := httpobs.ParseChallenges(header)
		if err == nil && len(cs) == 0 {
			t.Fatalf("no error and no challenge for %q", header)
		}
		for _, c := range cs {
			if c.Scheme == "" {
				t.Fatalf("challenge without a scheme from %q", header)
			}
			back, err := httpobs.ParseChallenges(c.String())
			if err != nil || len(back) != 1 {
				t.Fatalf("%q: String gave %q, which parses to %v, %v", header, c.String(), back, err)
			}
			if !equalChallenges(c, back[0]) {
				t.Fatalf("%q: round trip through %q changed %+v into %+v", header, c.String(), *c, *back[0])
			}
		}
		one, err1 := httpobs.ParseChallenge(header)
		if (one == nil) != (len(cs) == 0) || (err1 != nil) != (len(cs) == 0) {
			t.Fatalf("%q: ParseChallenge gave %v, %v but ParseChallenges found %d", header, one, err1, len(cs))
		}
	})
}

func equalChallenges(a, b *httpobs.Challenge) bool {
	if a.Scheme != b.Scheme || a.Realm != b.Realm || a.Scope != b.Scope || a.Error != b.Error ||
		a.ErrorDescription != b.ErrorDescription || a.ErrorURI != b.ErrorURI || len(a.Params) != len(b.Params) {
		return false
	}
	for k, v := range a.Params {
		if w, ok := b.Params[k]; !ok || w != v {
			return false
		}
	}
	return true
}
