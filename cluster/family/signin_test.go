package family_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/cluster/family"
)

// A sign-in on one replica signs every replica in, a replica joining
// later included; a sign-out signs every one out with its reason.
func TestSignInAndOutReachEveryReplica(t *testing.T) {
	s := startServer(t)
	w := newWorld(t)
	a := w.join(s.URL(), "a")
	b := w.join(s.URL(), "b")
	pair := w.signIn(a) // waits for b too

	c := w.join(s.URL(), "c")
	if st := c.State(); st.Status != auth.StatusSignedIn || st.AccessToken != pair.AccessToken {
		t.Errorf("a replica joining later is %v with another token", st.Status)
	}

	if err := b.SignOut(t.Context(), errors.New("the user left")); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*family.Session{a, c} {
		st := waitState(t, r, func(st auth.State) bool { return st.Status == auth.StatusSignedOut })
		var soe *family.SignOutError
		if !errors.As(st.Err, &soe) || soe.Replica != "b" || !strings.Contains(soe.Reason, "the user left") || errors.Is(st.Err, auth.ErrRefreshFailed) {
			t.Errorf("%v signed out with %v", r, st.Err)
		}
	}
	if got := w.storm(1, a)[0]; !got.all(func(err error) bool { return errors.Is(err, auth.ErrSignedOut) }) || got.ok.Load() != 0 {
		t.Errorf("a request after the sign-out: %v", got.first())
	}

	again := w.signIn(c)
	if st := b.State(); st.AccessToken != again.AccessToken {
		t.Errorf("b did not sign in again with the family")
	}
}

// A user's sign-out without a reason leaves none on the other replicas.
func TestSignOutWithoutAReason(t *testing.T) {
	s := startServer(t)
	w := newWorld(t)
	a := w.join(s.URL(), "a")
	b := w.join(s.URL(), "b")
	w.signIn(a)
	if err := a.SignOut(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if st := waitState(t, b, func(st auth.State) bool { return st.Status == auth.StatusSignedOut }); st.Err != nil {
		t.Errorf("b signed out with %v, want no reason", st.Err)
	}
}
