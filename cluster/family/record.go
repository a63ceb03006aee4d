package family

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/rxepic/rxepic/auth"
)

// status is where a family stands, as its record says.
type status string

const (
	statusSignedIn    status = "signed-in"
	statusRefreshing  status = "refreshing"  // a holder is calling the token endpoint
	statusSignedOut   status = "signed-out"  // no tokens
	statusUnavailable status = "unavailable" // the last attempt did not reach the endpoint: signed in still
)

// record is the value of the NAME.tokens key, as stored: JSON, the tokens
// sealed when the family has a key, and never a secret in the clear
// otherwise but the tokens themselves.
type record struct {
	Generation uint64    `json:"generation"`
	Status     status    `json:"status"`
	Sealed     bool      `json:"sealed,omitempty"`
	Access     string    `json:"access_token,omitempty"`
	Refresh    string    `json:"refresh_token,omitempty"`
	Expiry     time.Time `json:"expiry,omitzero"`
	Issued     time.Time `json:"issued,omitzero"`
	Attempt    uint64    `json:"attempt,omitempty"`
	Holder     string    `json:"holder,omitempty"`
	Reason     string    `json:"reason,omitempty"`
	Failed     bool      `json:"failed,omitempty"`
	// Write names the write that stored the record, for its writer to
	// know it again when the answer to it was lost.
	Write string `json:"write,omitempty"`
}

// snapshot is a record as a replica holds it, tokens opened, with the
// revision it was read at (0: the family has no record yet).
type snapshot struct {
	gen     uint64
	status  status
	tokens  auth.TokenPair
	attempt uint64
	holder  string
	reason  string
	failed  bool
	write   string
	rev     uint64
}

// hasTokens reports whether the record holds the family's current tokens.
func (s snapshot) hasTokens() bool {
	return s.status != statusSignedOut && s.tokens.AccessToken != ""
}

// signOutReason is the reason a replica gives locally for the family's
// sign-out: nil for a user's SignOut(nil).
func (s snapshot) signOutReason(family string) error {
	if s.reason == "" && !s.failed {
		return nil
	}
	return &SignOutError{Family: family, Replica: s.holder, Reason: s.reason, Failed: s.failed}
}

func (s snapshot) String() string {
	return fmt.Sprintf("generation %d %s (attempt %d, holder %q, revision %d)", s.gen, s.status, s.attempt, s.holder, s.rev)
}

func (f sealer) encode(s snapshot) []byte {
	r := record{
		Generation: s.gen,
		Status:     s.status,
		Sealed:     f.sealed() && s.tokens.AccessToken != "",
		Access:     f.seal("access", s.gen, string(s.tokens.AccessToken)),
		Refresh:    f.seal("refresh", s.gen, string(s.tokens.RefreshToken)),
		Expiry:     s.tokens.Expiry,
		Issued:     s.tokens.Issued,
		Attempt:    s.attempt,
		Holder:     s.holder,
		Reason:     s.reason,
		Failed:     s.failed,
		Write:      s.write,
	}
	b, err := json.Marshal(r)
	if err != nil {
		panic("family: encoding a record: " + err.Error()) // strings, numbers and times always encode
	}
	return b
}

func (f sealer) decode(b []byte, rev uint64) (snapshot, error) {
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return snapshot{}, fmt.Errorf("family %s: the tokens record is not valid JSON: %w", f.family, err)
	}
	if r.Access != "" && r.Sealed != f.sealed() {
		return snapshot{}, ErrUndecryptable
	}
	access, err := f.open("access", r.Generation, r.Access)
	if err != nil {
		return snapshot{}, err
	}
	refresh, err := f.open("refresh", r.Generation, r.Refresh)
	if err != nil {
		return snapshot{}, err
	}
	return snapshot{
		gen:    r.Generation,
		status: r.Status,
		tokens: auth.TokenPair{
			AccessToken:  auth.Token(access),
			RefreshToken: auth.Token(refresh),
			Expiry:       r.Expiry,
			Issued:       r.Issued,
		},
		attempt: r.Attempt,
		holder:  r.Holder,
		reason:  r.Reason,
		failed:  r.Failed,
		write:   r.Write,
		rev:     rev,
	}, nil
}

// redact replaces the tokens in an error's text with their fingerprints,
// for a RefreshFunc whose errors quote what it sent.
func redact(text string, tokens ...auth.Token) string {
	for _, t := range tokens {
		if t != "" {
			text = strings.ReplaceAll(text, string(t), t.Fingerprint())
		}
	}
	return text
}
