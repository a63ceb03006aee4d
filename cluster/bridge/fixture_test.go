package bridge_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/cluster/bridge"
	"github.com/rxepic/rxepic/cluster/embedded"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

// within bounds every wait of a test.
const within = 20 * time.Second

func newCodec() *bridge.Codec {
	c := bridge.NewJSON()
	bridge.Register[OrderPlaced](c, "order.placed")
	bridge.Register[OrderShipped](c, "order.shipped")
	return c
}

type store = epics.Store[struct{}, struct{}]

func newStore(t *testing.T) *store {
	t.Helper()
	s := epics.NewStore(func(s struct{}, _ any) struct{} { return s }, struct{}{}, struct{}{})
	t.Cleanup(func() { s.Close(); s.Wait() })
	return s
}

func startServer(t *testing.T) *embedded.Server {
	t.Helper()
	s, err := embedded.Start(embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

// connect returns a connection of its own, as a replica's process has.
func connect(t *testing.T, s *embedded.Server) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := nats.Connect(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return nc, js
}

// setup makes the ORDERS stream (orders.>) with a durable consumer of the
// given AckWait, and the SHIPMENTS stream (shipments.>).
func setup(t *testing.T, js jetstream.JetStream, ackWait time.Duration) jetstream.Consumer {
	t.Helper()
	ctx := t.Context()
	for name, subject := range map[string]string{"ORDERS": "orders.>", "SHIPMENTS": "shipments.>"} {
		if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: name, Subjects: []string{subject}}); err != nil {
			t.Fatal(err)
		}
	}
	return consumer(t, js, ackWait)
}

// consumer returns the ORDERS stream's durable consumer "shipping", as a
// replica would look it up.
func consumer(t *testing.T, js jetstream.JetStream, ackWait time.Duration) jetstream.Consumer {
	t.Helper()
	cons, err := js.CreateOrUpdateConsumer(t.Context(), "ORDERS", jetstream.ConsumerConfig{
		Durable:   "shipping",
		AckPolicy: jetstream.AckExplicitPolicy,
		AckWait:   ackWait,
	})
	if err != nil {
		t.Fatal(err)
	}
	return cons
}

// quiet is the logger of the tests' bridges unless they watch the log:
// some leave messages unsettled on purpose.
var quiet = bridge.WithLogger(slog.New(slog.DiscardHandler))

// start starts a bridge and shuts it down at the end of the test. Its
// pull requests are short, so that Shutdown is quick.
func start(t *testing.T, js jetstream.JetStream, s *store, opts ...bridge.Option) *bridge.Bridge {
	t.Helper()
	opts = append([]bridge.Option{quiet, bridge.WithPullExpiry(100 * time.Millisecond)}, opts...)
	b, err := bridge.Start(context.Background(), js, s, newCodec(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// A test may leave messages unsettled on purpose.
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		b.Shutdown(ctx)
	})
	return b
}

// place publishes an OrderPlaced message as another service would.
func place(t *testing.T, js jetstream.JetStream, order string) {
	t.Helper()
	publishRaw(t, js, "order.placed", fmt.Sprintf(`{"Order":%q}`, order))
}

func publishRaw(t *testing.T, js jetstream.JetStream, kind, data string) {
	t.Helper()
	msg := &nats.Msg{Subject: "orders.new", Header: nats.Header{}, Data: []byte(data)}
	if kind != "" {
		msg.Header.Set(bridge.TypeHeader, kind)
	}
	if _, err := js.PublishMsg(t.Context(), msg); err != nil {
		t.Fatal(err)
	}
}

// newServer starts a server, connects to it, and makes the streams and
// consumer of setup.
func newServer(t *testing.T, ackWait time.Duration) (*embedded.Server, *nats.Conn, jetstream.JetStream, jetstream.Consumer) {
	t.Helper()
	srv := startServer(t)
	nc, js := connect(t, srv)
	return srv, nc, js, setup(t, js, ackWait)
}

// replica is one replica's store, whose actions are recorded, running
// the given epics.
func replica(t *testing.T, run ...epics.Epic[struct{}, struct{}]) (*store, *recorder) {
	t.Helper()
	s := newStore(t)
	rec := record(t, s)
	if len(run) > 0 {
		if err := s.Start(t.Context(), run...); err != nil {
			t.Fatal(err)
		}
	}
	return s, rec
}

// recorder keeps every action a store processes.
type recorder struct {
	mu      sync.Mutex
	seen    []any
	changed chan struct{}
}

func record(t *testing.T, s *store) *recorder {
	t.Helper()
	r := &recorder{changed: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	sub := streams.Subscribe(ctx, s.Actions(), streams.Observer{Next: func(a any) {
		r.mu.Lock()
		r.seen = append(r.seen, a)
		r.mu.Unlock()
		select {
		case r.changed <- struct{}{}:
		default:
		}
	}})
	t.Cleanup(func() { cancel(); sub.Wait() })
	return r
}

// all returns the actions of type T seen so far.
func all[T any](r *recorder) []T {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []T
	for _, a := range r.seen {
		if v, ok := a.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// await waits until n actions of type T have been seen, and returns them.
func await[T any](t *testing.T, r *recorder, n int) []T {
	t.Helper()
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for {
		if got := all[T](r); len(got) >= n {
			return got
		}
		select {
		case <-r.changed:
		case <-deadline.C:
			t.Fatalf("saw %d actions of type %T within %v, want %d", len(all[T](r)), *new(T), within, n)
		}
	}
}

// eventually waits until cond holds, checking it every few milliseconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, within)
		}
		<-tick.C
	}
}

// info returns the consumer's state as the server has it.
func info(t *testing.T, cons jetstream.Consumer) *jetstream.ConsumerInfo {
	t.Helper()
	ci, err := cons.Info(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return ci
}

// drained reports whether the consumer has nothing left to deliver or
// await an ack for.
func drained(t *testing.T, cons jetstream.Consumer) func() bool {
	return func() bool {
		ci := info(t, cons)
		return ci.NumPending == 0 && ci.NumAckPending == 0
	}
}

// logs records what a logger is given, at every level.
type logs struct {
	mu    sync.Mutex
	lines []string
}

func newLogs() (*logs, *slog.Logger) {
	l := &logs{}
	return l, slog.New(l)
}

func (l *logs) Enabled(context.Context, slog.Level) bool { return true }

func (l *logs) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, r.Message)
	return nil
}

func (l *logs) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logs) WithGroup(string) slog.Handler      { return l }

// count returns how many lines logged contain s.
func (l *logs) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.lines {
		if strings.Contains(line, s) {
			n++
		}
	}
	return n
}

// settleEpic settles every received OrderPlaced at once.
func settleEpic(actions rxgo.Observable, _ *epics.StateObservable[struct{}], _ struct{}) rxgo.Observable {
	return streams.Pipe(actions, epics.OfType[bridge.Received[OrderPlaced]](),
		streams.Map(func(r bridge.Received[OrderPlaced]) any { return bridge.Settled{ID: r.ID} }))
}
