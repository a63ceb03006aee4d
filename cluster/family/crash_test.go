package family_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/cluster/family"
)

// The first replica to hold the lease dies at a point of its refresh: its
// NATS connection closes there, as its process's would. Every request
// still gets an answer; the others' requests succeed, through a takeover
// once the lease expires, except when it died after the endpoint took
// the refresh token and before the result was written: only then is the
// token presented twice, which this endpoint (no grace window) answers by
// revoking the family, and every request fails signed out after a failed
// refresh.
func TestAHolderCrashing(t *testing.T) {
	for _, tc := range []struct {
		at    family.Step
		twice bool
	}{
		{family.StepLeased, false},
		{family.StepWrittenAhead, false},
		{family.StepCalled, true},
		{family.StepWritten, false},
	} {
		t.Run(tc.at.String(), func(t *testing.T) {
			s := startServer(t)
			w := newWorld(t)
			var once sync.Once
			dead := -1
			for i, id := range []string{"a", "b", "c"} {
				crash := func(at family.Step) {
					if at == tc.at {
						once.Do(func() { dead = i })
						if dead == i {
							w.crash(i)
						}
					}
				}
				w.join(s.URL(), id, family.WithLeaseTTL(time.Second), family.WithRefreshTimeout(4*time.Second), family.WithHook(crash))
			}
			w.signIn(w.replicas[0])

			got := w.storm(20, w.replicas...)

			if dead < 0 {
				t.Fatal("no replica reached the step")
			}
			for i, a := range got {
				switch {
				case i == dead:
					continue // its requests got an answer: enough
				case !tc.twice && a.ok.Load() != 20:
					t.Errorf("replica %d: %d of 20 requests answered 200; errors: %v", i, a.ok.Load(), a.first())
				case tc.twice && !a.all(func(err error) bool {
					return errors.Is(err, auth.ErrSignedOut) && errors.Is(err, auth.ErrRefreshFailed)
				}):
					t.Errorf("replica %d: a request failed otherwise than signed out: %v", i, a.first())
				}
			}
			st := w.srv.Stats()
			if twice := w.seen.twice() == 1; twice != tc.twice || (st.ReuseDetections == 1) != tc.twice {
				t.Errorf("presented twice: %v, reuse detections: %d; want a second presentation: %v", w.seen.twice(), st.ReuseDetections, tc.twice)
			}
		})
	}
}
