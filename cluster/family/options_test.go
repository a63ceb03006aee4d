package family_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/cluster/family"
)

// Options are checked when the session is made, and the error names the
// one at fault.
func TestBadOptionsAreRefused(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s.URL())
	for _, tc := range []struct {
		name string
		opt  family.Option
		want string
	}{
		{"a short key", family.WithKey(make([]byte, 16)), "family.WithKey"},
		{"a lease under a second", family.WithLeaseTTL(500 * time.Millisecond), "family.WithLeaseTTL"},
		{"no refresh timeout", family.WithRefreshTimeout(0), "family.WithRefreshTimeout"},
		{"a dotted bucket", family.WithBucket("a.b"), "family.WithBucket"},
		{"an empty replica id", family.WithReplicaID(""), "family.WithReplicaID"},
		{"no replicas", family.WithReplicas(0), "family.WithReplicas"},
		{"a nil logger", family.WithLogger(nil), "family.WithLogger"},
		{"a nil auth option", family.WithAuthOptions(nil), "family.WithAuthOptions"},
		{"a nil option", nil, "nil option"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := family.NewSession(t.Context(), js, "svc", noRefresh, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error naming %s", err, tc.want)
			}
		})
	}
	if _, err := family.NewSession(t.Context(), js, "a.b", noRefresh); err == nil {
		t.Error("a dotted family name was taken")
	}
	if _, err := family.NewSession(t.Context(), js, "svc", nil); err == nil {
		t.Error("a nil refresh function was taken")
	}
}

func noRefresh(context.Context, auth.Token) (auth.TokenPair, error) {
	return auth.TokenPair{}, errors.New("no refresh in this test")
}
