package family_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/cluster/embedded"
	"github.com/rxepic/rxepic/cluster/family"
)

// A replica that cannot reach NATS never refreshes alone: its requests
// fail after the refresh timeout saying so, and it stays signed in.
func TestUnreachableNATSFailsClosed(t *testing.T) {
	s := startServer(t)
	w := newWorld(t)
	a := w.join(s.URL(), "a", family.WithRefreshTimeout(500*time.Millisecond))
	w.signIn(a)
	s.Stop()

	got := w.storm(5, a)[0]

	if got.ok.Load() != 0 || !got.all(func(err error) bool {
		return errors.Is(err, auth.ErrRefreshFailed) && errors.Is(err, auth.ErrUnavailable) &&
			errors.Is(err, family.ErrUnreachable) && strings.Contains(err.Error(), "NATS could not be reached")
	}) {
		t.Errorf("%d answered 200; errors: %v", got.ok.Load(), got.first())
	}
	if st := a.State(); st.Status != auth.StatusSignedIn {
		t.Errorf("the replica is %v, want signed in", st.Status)
	}
	if n := w.srv.Stats().RefreshCalls; n != 0 {
		t.Errorf("%d refresh calls, want 0", n)
	}
}

// The NATS server stops and starts again on the same storage while the
// holder is between its write-ahead and its call: the requests complete
// once it is back, and no refresh token is presented twice.
func TestServerRestartMidStorm(t *testing.T) {
	var mu sync.Mutex
	s := startServer(t)
	current := s
	t.Cleanup(func() { mu.Lock(); defer mu.Unlock(); current.Shutdown() })
	w := newWorld(t)
	var once sync.Once
	restart := func(at family.Step) {
		if at != family.StepWrittenAhead {
			return
		}
		once.Do(func() {
			mu.Lock()
			defer mu.Unlock()
			current.Stop()
			r, err := current.Restart()
			if err != nil {
				t.Error(err)
				return
			}
			current = r
		})
	}
	for _, id := range []string{"a", "b", "c"} {
		w.join(s.URL(), id, family.WithLeaseTTL(5*time.Second), family.WithRefreshTimeout(10*time.Second), family.WithHook(restart))
	}
	w.signIn(w.replicas[0])

	for i, got := range w.storm(50, w.replicas...) {
		if got.ok.Load() != 50 {
			t.Errorf("replica %d: %d of 50 answered 200; errors: %v", i, got.ok.Load(), got.first())
		}
	}
	if st := w.srv.Stats(); st.RefreshCalls != 1 || st.ReuseDetections != 0 || w.seen.twice() != 0 {
		t.Errorf("%d refresh calls, %d reuse detections, %d tokens presented twice; want 1, 0, 0", st.RefreshCalls, st.ReuseDetections, w.seen.twice())
	}
}

// On a three-node cluster with an R3 bucket, the stream's leader stops
// while the holder is refreshing: still one refresh.
func TestLeaderChangeDuringARefresh(t *testing.T) {
	c, err := embedded.StartCluster(3)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Shutdown)
	w := newWorld(t)
	var once sync.Once
	stopLeader := func(at family.Step) {
		if at != family.StepWrittenAhead {
			return
		}
		once.Do(func() {
			_, js := connect(t, c.URL())
			info, err := js.Stream(t.Context(), "KV_test")
			if err != nil {
				t.Error(err)
				return
			}
			c.Node(info.CachedInfo().Cluster.Leader).Stop()
		})
	}
	for _, id := range []string{"a", "b", "c"} {
		w.join(c.URL(), id, family.WithReplicas(3), family.WithLeaseTTL(10*time.Second), family.WithRefreshTimeout(20*time.Second), family.WithHook(stopLeader))
	}
	w.signIn(w.replicas[0])

	for i, got := range w.storm(50, w.replicas...) {
		if got.ok.Load() != 50 {
			t.Errorf("replica %d: %d of 50 answered 200; errors: %v", i, got.ok.Load(), got.first())
		}
	}
	if st := w.srv.Stats(); st.RefreshCalls != 1 || st.ReuseDetections != 0 {
		t.Errorf("%d refresh calls and %d reuse detections, want 1 and 0", st.RefreshCalls, st.ReuseDetections)
	}
}

// An unavailable token endpoint leaves the family signed in: the asks
// waiting on the holder's attempt fail with it, and the next asks refresh.
func TestUnavailableEndpointKeepsTheFamilySignedIn(t *testing.T) {
	s := startServer(t)
	w := newWorld(t)
	for _, id := range []string{"a", "b", "c"} {
		w.join(s.URL(), id, family.WithLeaseTTL(time.Second), family.WithRefreshTimeout(4*time.Second))
	}
	w.signIn(w.replicas[0])
	w.srv.TokenFaults().Always(authtest.RetryLater(503, 0))

	for i, got := range w.storm(5, w.replicas...) {
		if got.ok.Load() != 0 || !got.all(func(err error) bool {
			return errors.Is(err, auth.ErrRefreshFailed) && errors.Is(err, auth.ErrUnavailable)
		}) {
			t.Errorf("replica %d: %d answered 200; errors: %v", i, got.ok.Load(), got.first())
		}
		if st := w.replicas[i].State(); st.Status != auth.StatusSignedIn {
			t.Errorf("replica %d is %v, want signed in", i, st.Status)
		}
	}

	w.srv.TokenFaults().Clear()
	for i, got := range w.storm(5, w.replicas...) {
		if got.ok.Load() != 5 {
			t.Errorf("replica %d: %d of 5 answered 200 once the endpoint is back; errors: %v", i, got.ok.Load(), got.first())
		}
	}
	if st := w.srv.Stats(); st.Refreshes != 1 || st.ReuseDetections != 0 {
		t.Errorf("%d refreshes and %d reuse detections, want 1 and 0", st.Refreshes, st.ReuseDetections)
	}
}
