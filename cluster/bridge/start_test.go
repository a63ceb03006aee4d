package bridge_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/rxepic/rxepic/cluster/bridge"
)

type Unregistered struct{}

func TestStartRefusesWhatCannotWork(t *testing.T) {
	srv, _, js, cons := newServer(t, time.Minute)
	s, _ := replica(t)
	id := func(OrderShipped) string { return "" }
	for name, opts := range map[string][]bridge.Option{
		"no option":            nil,
		"a nil option":         {nil},
		"a nil consumer":       {bridge.Consume(nil)},
		"two consumers":        {bridge.Consume(cons), bridge.Consume(cons)},
		"a nil subject":        {bridge.Publish(nil, id)},
		"an unregistered type": {bridge.Publish(func(Unregistered) string { return "x" }, func(Unregistered) string { return "" })},
		"no room in flight":    {bridge.Consume(cons), bridge.WithMaxInFlight(0)},
		"no progress interval": {bridge.Consume(cons), bridge.WithProgressEvery(0)},
		"no settle timeout":    {bridge.Consume(cons), bridge.WithSettleTimeout(-time.Second)},
		"a negative nak delay": {bridge.Consume(cons), bridge.WithNakDelay(-time.Second)},
		"a nil logger":         {bridge.Consume(cons), bridge.WithLogger(nil)},
	} {
		t.Run(name, func(t *testing.T) {
			if b, err := bridge.Start(t.Context(), js, s, newCodec(), opts...); err == nil {
				b.Shutdown(context.Background())
				t.Fatal("Start took it")
			}
		})
	}
	t.Run("nil arguments", func(t *testing.T) {
		if _, err := bridge.Start(t.Context(), js, nil, newCodec(), bridge.Consume(cons)); err == nil {
			t.Error("Start took a nil store")
		}
		if _, err := bridge.Start(t.Context(), js, s, nil, bridge.Consume(cons)); err == nil {
			t.Error("Start took a nil codec")
		}
		if _, err := bridge.Start(t.Context(), nil, s, newCodec(), bridge.Consume(cons)); err == nil {
			t.Error("Start took a nil JetStream")
		}
	})
	t.Run("a closed connection", func(t *testing.T) {
		nc, js := connect(t, srv)
		nc.Close()
		if _, err := bridge.Start(t.Context(), js, s, newCodec(), bridge.Consume(cons)); !errors.Is(err, nats.ErrConnectionClosed) {
			t.Errorf("Start: %v, want nats.ErrConnectionClosed", err)
		}
	})
}
