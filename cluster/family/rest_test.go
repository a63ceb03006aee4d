package family_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/cluster/family"
)

// rawRecord reads the family's record as stored.
func rawRecord(t *testing.T, js jetstream.JetStream) []byte {
	t.Helper()
	kv, err := js.KeyValue(t.Context(), "test")
	if err != nil {
		t.Fatal(err)
	}
	e, err := kv.Get(t.Context(), "svc.tokens")
	if err != nil {
		t.Fatal(err)
	}
	return e.Value()
}

func holds(raw []byte, tokens ...auth.Token) bool {
	for _, tok := range tokens {
		if bytes.Contains(raw, []byte(tok)) {
			return true
		}
	}
	return false
}

// With a key, no token is in the record as stored, before a refresh or
// after it; a replica with another key, or none, cannot join the family.
func TestTokensAtRestAreSealedWithAKey(t *testing.T) {
	s := startServer(t)
	w := newWorld(t)
	key := make([]byte, 32)
	rand.Read(key)
	a := w.join(s.URL(), "a", family.WithKey(key))
	first := w.signIn(a)
	_, js := connect(t, s.URL())
	if raw := rawRecord(t, js); holds(raw, first.AccessToken, first.RefreshToken) {
		t.Errorf("the stored record holds a token: %s", raw)
	}
	if got := w.storm(1, a)[0]; got.ok.Load() != 1 {
		t.Fatalf("the request failed: %v", got.first())
	}
	next := a.State()
	if raw := rawRecord(t, js); holds(raw, next.AccessToken, next.RefreshToken) {
		t.Errorf("the stored record holds a refreshed token: %s", raw)
	}

	other := make([]byte, 32)
	rand.Read(other)
	for name, opts := range map[string][]family.Option{"another key": {family.WithKey(other)}, "no key": nil} {
		opts = append(opts, family.WithBucket("test"))
		_, err := family.NewSession(t.Context(), js, "svc", auth.OAuth2Refresh(w.srv.TokenURL()), opts...)
		if !errors.Is(err, family.ErrUndecryptable) {
			t.Errorf("joining with %s: %v, want ErrUndecryptable", name, err)
		}
	}
}

// Without a key the tokens are stored in the clear, as the docs say.
func TestTokensAtRestAreInTheClearWithoutAKey(t *testing.T) {
	s := startServer(t)
	w := newWorld(t)
	a := w.join(s.URL(), "a")
	first := w.signIn(a)
	_, js := connect(t, s.URL())
	raw := rawRecord(t, js)
	if !bytes.Contains(raw, []byte(first.AccessToken)) || !bytes.Contains(raw, []byte(first.RefreshToken)) {
		t.Errorf("the stored record lacks the tokens: %s", raw)
	}
}
