package embedded_test

import (
	"testing"

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
