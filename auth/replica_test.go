package auth_test

import (
	"testing"

	"github.com/rxepic/rxepic/auth"
	"github.com/stretchr/testify/require"
)

// A refresh made elsewhere replaces the token of a store that did not ask
// for it, but never that of a signed-out one or of another sign-in.
func TestRefreshSucceededAppliesWithoutARequest(t *testing.T) {
	in := auth.Reduce(auth.State{}, auth.SignedIn{Tokens: auth.TokenPair{AccessToken: "a1", RefreshToken: "r1"}})
	require.Equal(t, auth.StatusSignedIn, in.Status)

	next := auth.Reduce(in, auth.RefreshSucceeded{Tokens: auth.TokenPair{AccessToken: "a2", RefreshToken: "r2"}, Generation: in.Generation})
	require.Equal(t, auth.StatusSignedIn, next.Status)
	require.Equal(t, in.Generation+1, next.Generation)
	require.Equal(t, auth.Token("a2"), next.AccessToken)

	stale := auth.Reduce(next, auth.RefreshSucceeded{Tokens: auth.TokenPair{AccessToken: "a3"}, Generation: in.Generation})
	require.Equal(t, next, stale, "for an older generation")

	out := auth.Reduce(next, auth.SignedOut{})
	after := auth.Reduce(out, auth.RefreshSucceeded{Tokens: auth.TokenPair{AccessToken: "a3"}, Generation: out.Generation})
	require.Equal(t, auth.StatusSignedOut, after.Status, "a signed-out session stays signed out")
}
