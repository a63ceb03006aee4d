package bridge_test

import (
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rxepic/rxepic/cluster/bridge"
	"github.com/rxepic/rxepic/streams"
)

// ship is the Publish route of OrderShipped: one subject per order, and
// a message id per order, so that shipping an order twice stores it once.
var ship = bridge.Publish(
	func(o OrderShipped) string { return "shipments." + o.Order },
	func(o OrderShipped) string { return "shipped-" + o.Order },
)

// shipments returns the orders shipped, from the SHIPMENTS stream, once it
// holds n messages.
func shipments(t *testing.T, js jetstream.JetStream, n int) []*jetstream.RawStreamMsg {
	t.Helper()
	stream, err := js.Stream(t.Context(), "SHIPMENTS")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "shipments stored", func() bool {
		si, err := stream.Info(t.Context())
		return err == nil && si.State.LastSeq >= uint64(n)
	})
	var msgs []*jetstream.RawStreamMsg
	for seq := uint64(1); seq <= uint64(n); seq++ {
		msg, err := stream.GetMsg(t.Context(), seq)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, msg)
	}
	return msgs
}

func TestPublishCarriesTheTypeAndAMessageID(t *testing.T) {
	_, _, js, _ := newServer(t, time.Minute)
	s, _ := replica(t)
	start(t, js, s, ship)

	if err := s.Dispatch(OrderShipped{Order: "o-1"}); err != nil {
		t.Fatal(err)
	}
	msg := shipments(t, js, 1)[0]
	if msg.Subject != "shipments.o-1" || msg.Header.Get(bridge.TypeHeader) != "order.shipped" || msg.Header.Get("Nats-Msg-Id") != "shipped-o-1" {
		t.Fatalf("published %s with headers %v", msg.Subject, msg.Header)
	}
	got, err := newCodec().Decode(msg.Header.Get(bridge.TypeHeader), msg.Data)
	if err != nil || got != (OrderShipped{Order: "o-1"}) {
		t.Fatalf("the message decodes to %+v, %v", got, err)
	}
}

func TestAResendIsDeduplicated(t *testing.T) {
	_, _, js, _ := newServer(t, time.Minute)
	s1, _ := replica(t)
	start(t, js, s1, ship)
	for _, o := range []string{"o-1", "o-1", "o-2"} {
		if err := s1.Dispatch(OrderShipped{Order: o}); err != nil {
			t.Fatal(err)
		}
	}
	shipments(t, js, 2)
	// Another replica, or this one restarted, sends o-1 again.
	s2, _ := replica(t)
	start(t, js, s2, ship)
	for _, o := range []string{"o-1", "o-3"} {
		if err := s2.Dispatch(OrderShipped{Order: o}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, msg := range shipments(t, js, 3) {
		got = append(got, msg.Subject)
	}
	if want := []string{"shipments.o-1", "shipments.o-2", "shipments.o-3"}; !equal(got, want) {
		t.Fatalf("stored %v, want %v", got, want)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAMessageIsAckedOnlyAfterWhatItCausedIsPublished(t *testing.T) {
	_, _, js, cons := newServer(t, time.Minute)
	s, _ := replica(t, shipEpic)
	start(t, js, s, bridge.Consume(cons), ship)

	place(t, js, "o-1")
	eventually(t, "the order acked", drained(t, cons))
	stream, err := js.Stream(t.Context(), "SHIPMENTS")
	if err != nil {
		t.Fatal(err)
	}
	// No waiting here: the ack came after the publish.
	if si, err := stream.Info(t.Context()); err != nil || si.State.Msgs != 1 {
		t.Fatalf("the order was acked with %d shipments stored (%v), want 1", si.State.Msgs, err)
	}
}

func TestAFailedPublishIsDispatched(t *testing.T) {
	_, _, js, _ := newServer(t, time.Minute)
	s, rec := replica(t)
	_, logger := newLogs()
	start(t, js, s, bridge.WithLogger(logger),
		bridge.Publish(func(o OrderShipped) string { return "nowhere." + o.Order }, func(OrderShipped) string { return "" }),
		bridge.Publish(func(o OrderPlaced) string { panic("no subject for " + o.Order) }, func(OrderPlaced) string { return "" }),
		// Every action: the bridge's own, such as PublishFailed, are not
		// taken, or failures would feed themselves.
		bridge.Publish(func(any) string { return "shipments.any" }, func(any) string { return "" }),
	)

	if err := s.Dispatch(OrderShipped{Order: "o-1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Dispatch(OrderPlaced{Order: "o-2"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Dispatch(struct{ Unregistered bool }{}); err != nil {
		t.Fatal(err)
	}
	failed := await[bridge.PublishFailed](t, rec, 3)
	if f := failed[0]; f.Subject != "nowhere.o-1" || !errors.Is(f.Err, jetstream.ErrNoStreamResponse) {
		t.Fatalf("first failure %+v, want no stream for nowhere.o-1", f)
	}
	var perr *streams.PanicError
	if f := failed[1]; f.Action != (OrderPlaced{Order: "o-2"}) || !errors.As(f.Err, &perr) {
		t.Fatalf("second failure %+v, want the subject function's panic", f)
	}
	if f := failed[2]; !errors.Is(f.Err, bridge.ErrUnregistered) {
		t.Fatalf("third failure %+v, want ErrUnregistered", f)
	}
	// Those failures reached the bridge before o-3 does: had one of them
	// been taken by the route for every action, the next failure would
	// be its own, not o-3's.
	if err := s.Dispatch(OrderPlaced{Order: "o-3"}); err != nil {
		t.Fatal(err)
	}
	if msgs := shipments(t, js, 3); msgs[2].Header.Get(bridge.TypeHeader) != "order.placed" {
		t.Fatalf("the route for every action published %v last, want o-3", msgs[2].Header)
	}
	if f := await[bridge.PublishFailed](t, rec, 4)[3]; f.Action != (OrderPlaced{Order: "o-3"}) {
		t.Fatalf("fourth failure %+v, want o-3's", f)
	}
}
