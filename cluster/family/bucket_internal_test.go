package family

import (
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/cluster/embedded"
)

func testBucket(t *testing.T) *bucket {
	t.Helper()
	s, err := embedded.Start(embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	nc, err := nats.Connect(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, _ := jetstream.New(nc)
	cfg, _ := newConfig(nil)
	kv, err := openBucket(t.Context(), js, cfg)
	if err != nil {
		t.Fatal(err)
	}
	codec, _ := newSealer(nil, "svc")
	return newBucket(js, kv, "svc", codec, cfg.leaseTTL)
}

// A write sent again, as after an answer lost, is taken for the first,
// though its compare-and-swap now fails; another write at the same
// revision is a conflict, and neither stores a second record.
func TestAResentWriteIsTheFirst(t *testing.T) {
	b := testBucket(t)
	s := snapshot{gen: 1, status: statusSignedIn, tokens: auth.TokenPair{AccessToken: "a1", RefreshToken: "r1"}}
	first, err := b.write(t.Context(), s, 0, "w1")
	if err != nil {
		t.Fatal(err)
	}
	again, err := b.writeRetrying(t.Context(), s, 0, "w1", time.Millisecond)
	if err != nil || again != first {
		t.Errorf("the resend: revision %d, %v; want %d, no error", again, err, first)
	}
	if _, err := b.writeRetrying(t.Context(), s, 0, "w2", time.Millisecond); !conflict(err) {
		t.Errorf("another write at revision 0: %v, want a conflict", err)
	}
	got, err := b.read(t.Context())
	if err != nil || got.rev != first || got.tokens != s.tokens || got.write != "w1" {
		t.Errorf("read %+v, %v", got, err)
	}
}

// A lease is held by one holder at a time; the holder finds its own again,
// and releases only the lease it took.
func TestTheLeaseHasOneHolder(t *testing.T) {
	b := testBucket(t)
	rev, err := b.takeLease(t.Context(), "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.takeLease(t.Context(), "y"); !conflict(err) {
		t.Errorf("a second holder: %v, want a conflict", err)
	}
	if again, err := b.takeLease(t.Context(), "x"); err != nil || again != rev {
		t.Errorf("the holder again: %d, %v; want %d", again, err, rev)
	}
	if err := b.releaseLease(t.Context(), rev+1); !conflict(err) {
		t.Errorf("releasing another revision: %v, want a conflict", err)
	}
	if err := b.releaseLease(t.Context(), rev); err != nil {
		t.Fatal(err)
	}
	if _, err := b.takeLease(t.Context(), "y"); err != nil {
		t.Errorf("taking a released lease: %v", err)
	}
}
