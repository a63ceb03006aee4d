package family_test

import (
	"testing"
)

// Three replicas, each with a store of its own, meet an expired token
// with a thousand requests each: one call of the token endpoint, no
// refresh token presented twice, every request answered 200.
func TestThreeReplicasMakeOneRefresh(t *testing.T) {
	s := startServer(t)
	w := newWorld(t)
	a := w.join(s.URL(), "a")
	b := w.join(s.URL(), "b")
	c := w.join(s.URL(), "c")
	w.signIn(a)

	for i, got := range w.storm(1000, a, b, c) {
		if got.ok.Load() != 1000 {
			t.Errorf("replica %d: %d requests answered 200, want 1000; errors: %v", i, got.ok.Load(), got.first())
		}
	}
	st := w.srv.Stats()
	if st.RefreshCalls != 1 || st.ReuseDetections != 0 {
		t.Errorf("%d refresh calls and %d reuse detections, want 1 and 0", st.RefreshCalls, st.ReuseDetections)
	}
	if w.seen.twice() != 0 {
		t.Errorf("a refresh token was presented twice")
	}
}
