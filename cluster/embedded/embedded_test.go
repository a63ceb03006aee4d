package embedded_test

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rxepic/rxepic/cluster/embedded"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestStartServesJetStream(t *testing.T) {
	s, err := embedded.Start(embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown()
	nc, err := nats.Connect(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	kv, err := js.CreateKeyValue(t.Context(), jetstream.KeyValueConfig{Bucket: "probe"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Create(t.Context(), "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Create(t.Context(), "k", []byte("w")); err == nil {
		t.Fatal("a second Create of the same key succeeded")
	}
}

func TestClusterKeepsAReplicatedBucketWhenItsLeaderStops(t *testing.T) {
	c, err := embedded.StartCluster(3)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Shutdown()
	nc, err := nats.Connect(c.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	kv, err := js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: "probe", Replicas: 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Create(ctx, "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	info, err := js.Stream(ctx, "KV_probe")
	if err != nil {
		t.Fatal(err)
	}
	leader := info.CachedInfo().Cluster.Leader
	c.Node(leader).Stop()
	for {
		_, err := kv.Put(ctx, "k", []byte("w"))
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("no write after the leader %s stopped: %v", leader, err)
		}
	}
	if err := c.Restart(leader); err != nil {
		t.Fatal(err)
	}
}

func TestRestartKeepsTheStreams(t *testing.T) {
	s, err := embedded.Start(embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	nc, err := nats.Connect(s.URL(), nats.MaxReconnects(-1), nats.ReconnectWait(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	kv, err := js.CreateKeyValue(t.Context(), jetstream.KeyValueConfig{Bucket: "probe"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Put(t.Context(), "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	s.Stop()
	r, err := s.Restart()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Shutdown()
	if r.URL() != s.URL() {
		t.Fatalf("restarted on %s, was %s", r.URL(), s.URL())
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for {
		e, err := kv.Get(ctx, "k")
		if err == nil {
			if string(e.Value()) != "v" {
				t.Fatalf("got %q after the restart", e.Value())
			}
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("no read after the restart: %v", err)
		}
	}
}
