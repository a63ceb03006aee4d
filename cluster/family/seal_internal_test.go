package family

import (
	"bytes"
	"errors"
	"testing"

	"github.com/rxepic/rxepic/auth"
)

// A sealed token opens only for its family, field and generation, under
// the key it was sealed with.
func TestSealedTokensOpenOnlyWhereTheyWereSealed(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	s, err := newSealer(key, "svc")
	if err != nil {
		t.Fatal(err)
	}
	sealed := s.seal("refresh", 3, "r-secret")
	if got, err := s.open("refresh", 3, sealed); err != nil || got != "r-secret" {
		t.Fatalf("open: %q, %v", got, err)
	}
	other, _ := newSealer(key, "other")
	otherKey, _ := newSealer(bytes.Repeat([]byte{8}, 32), "svc")
	for name, open := range map[string]func() (string, error){
		"another generation": func() (string, error) { return s.open("refresh", 4, sealed) },
		"another field":      func() (string, error) { return s.open("access", 3, sealed) },
		"another family":     func() (string, error) { return other.open("refresh", 3, sealed) },
		"another key":        func() (string, error) { return otherKey.open("refresh", 3, sealed) },
		"not base64":         func() (string, error) { return s.open("refresh", 3, "%%%") },
		"too short":          func() (string, error) { return s.open("refresh", 3, "AAAA") },
	} {
		if _, err := open(); !errors.Is(err, ErrUndecryptable) {
			t.Errorf("%s: %v, want ErrUndecryptable", name, err)
		}
	}
}

// A record goes through encode and decode unchanged, sealed or not.
func TestRecordsRoundTrip(t *testing.T) {
	plain, _ := newSealer(nil, "svc")
	sealed, _ := newSealer(bytes.Repeat([]byte{7}, 32), "svc")
	in := snapshot{gen: 4, status: statusRefreshing, tokens: auth.TokenPair{AccessToken: "a4", RefreshToken: "r4"}, attempt: 2, holder: "b", write: "w", rev: 9}
	for name, c := range map[string]sealer{"plain": plain, "sealed": sealed} {
		out, err := c.decode(c.encode(in), 9)
		if err != nil || out != in {
			t.Errorf("%s: got %+v, %v; want %+v", name, out, err, in)
		}
	}
	if _, err := plain.decode(sealed.encode(in), 9); !errors.Is(err, ErrUndecryptable) {
		t.Errorf("a sealed record read without a key: %v", err)
	}
	if _, err := plain.decode([]byte("{"), 9); err == nil {
		t.Error("a record that is not JSON was read")
	}
}

// A reason text never keeps the tokens it quotes.
func TestRedactReplacesTokens(t *testing.T) {
	got := redact("refused r-secret for a-secret", "a-secret", "r-secret", "")
	want := "refused " + auth.Token("r-secret").Fingerprint() + " for " + auth.Token("a-secret").Fingerprint()
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
