package bridge_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/cluster/bridge"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

func TestSettledAcksTheMessage(t *testing.T) {
	_, _, js, cons := newServer(t, time.Minute)
	s, rec := replica(t, settleEpic)
	start(t, js, s, bridge.Consume(cons))

	place(t, js, "o-1")
	got := await[bridge.Received[OrderPlaced]](t, rec, 1)
	if got[0].Action != (OrderPlaced{Order: "o-1"}) || got[0].ID != "ORDERS/shipping/1" {
		t.Fatalf("received %+v, want o-1 as ORDERS/shipping/1", got[0])
	}
	eventually(t, "the message acked", drained(t, cons))
	if ci := info(t, cons); ci.NumRedelivered != 0 || ci.Delivered.Consumer != 1 {
		t.Fatalf("delivered %d times, %d redelivered; want once", ci.Delivered.Consumer, ci.NumRedelivered)
	}
}

func TestCrashBeforeSettlementRedelivers(t *testing.T) {
	const ackWait = 300 * time.Millisecond
	srv, nc1, js1, cons1 := newServer(t, ackWait)
	s1, rec1 := replica(t)
	b1 := start(t, js1, s1, bridge.Consume(cons1))

	place(t, js1, "o-1")
	first := await[bridge.Received[OrderPlaced]](t, rec1, 1)[0]
	nc1.Close() // the replica dies before its work settles
	<-b1.Done()
	if err := b1.Err(); !errors.Is(err, nats.ErrConnectionClosed) {
		t.Fatalf("the crashed bridge stopped with %v, want nats.ErrConnectionClosed", err)
	}

	_, js2 := connect(t, srv)
	cons2 := consumer(t, js2, ackWait)
	s2, rec2 := replica(t, settleEpic)
	start(t, js2, s2, bridge.Consume(cons2))
	if again := await[bridge.Received[OrderPlaced]](t, rec2, 1)[0]; again != first {
		t.Fatalf("redelivered %+v, want %+v", again, first)
	}
	eventually(t, "the redelivery acked", drained(t, cons2))
	if ci := info(t, cons2); ci.Delivered.Consumer != 2 {
		t.Fatalf("delivered %d times; want twice, the second acked", ci.Delivered.Consumer)
	}
}

func TestFailedRedeliversAfterTheNakDelay(t *testing.T) {
	_, _, js, cons := newServer(t, time.Minute)
	// The first attempt fails, the second succeeds.
	attempts := 0
	flaky := func(actions rxgo.Observable, _ *epics.StateObservable[struct{}], _ struct{}) rxgo.Observable {
		return streams.Pipe(actions, epics.OfType[bridge.Received[OrderPlaced]](),
			streams.Map(func(r bridge.Received[OrderPlaced]) any {
				attempts++
				if attempts == 1 {
					return bridge.Failed{ID: r.ID, Err: errors.New("warehouse busy")}
				}
				return bridge.Settled{ID: r.ID}
			}))
	}
	s, rec := replica(t, flaky)
	start(t, js, s, bridge.Consume(cons), bridge.WithNakDelay(50*time.Millisecond))

	place(t, js, "o-1")
	got := await[bridge.Received[OrderPlaced]](t, rec, 2)
	if got[0] != got[1] {
		t.Fatalf("received %+v then %+v, want the same message twice", got[0], got[1])
	}
	eventually(t, "the second delivery acked", drained(t, cons))
}

func TestPoisonMessageIsTerminatedOnce(t *testing.T) {
	_, nc, js, cons := newServer(t, 200*time.Millisecond)
	terminated, err := nc.SubscribeSync("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.ORDERS.shipping")
	if err != nil {
		t.Fatal(err)
	}
	s, rec := replica(t, settleEpic)
	warnings, logger := newLogs()
	start(t, js, s, bridge.Consume(cons), bridge.WithLogger(logger))

	publishRaw(t, js, "", `{"Order":"no type"}`)
	publishRaw(t, js, "order.cancelled", `{"Order":"unknown type"}`)
	publishRaw(t, js, "order.placed", `{"Order":`)
	place(t, js, "o-1")

	if got := await[bridge.Received[OrderPlaced]](t, rec, 1); got[0].Action.Order != "o-1" {
		t.Fatalf("received %+v, want only o-1", got)
	}
	eventually(t, "every message settled", drained(t, cons))
	for range 3 {
		if _, err := terminated.NextMsg(within); err != nil {
			t.Fatalf("waiting for a termination advisory: %v", err)
		}
	}
	if n := warnings.count("terminating a message that cannot be decoded"); n != 3 {
		t.Fatalf("%d warnings about poison messages, want 3", n)
	}
	if ci := info(t, cons); ci.Delivered.Consumer != 4 || ci.NumRedelivered != 0 {
		t.Fatalf("%d deliveries, %d redelivered; want 4, none again", ci.Delivered.Consumer, ci.NumRedelivered)
	}
	if got := len(all[bridge.Received[OrderPlaced]](rec)); got != 1 {
		t.Fatalf("%d actions received, want 1", got)
	}
}

// slowEpic settles each order after d, as a long job would.
func slowEpic(d time.Duration) epics.Epic[struct{}, struct{}] {
	return func(actions rxgo.Observable, _ *epics.StateObservable[struct{}], _ struct{}) rxgo.Observable {
		return streams.Pipe(actions, epics.OfType[bridge.Received[OrderPlaced]](),
			streams.MergeMap(func(r bridge.Received[OrderPlaced]) rxgo.Observable {
				return streams.Pipe(streams.Timer(d), streams.Map(func(any) any { return bridge.Settled{ID: r.ID} }))
			}, 0))
	}
}

func TestInProgressKeepsALongJobFromRedelivery(t *testing.T) {
	const ackWait = 300 * time.Millisecond
	_, _, js, cons := newServer(t, ackWait)
	s, rec := replica(t, slowEpic(4*ackWait))
	start(t, js, s, bridge.Consume(cons))

	place(t, js, "o-1")
	await[bridge.Settled](t, rec, 1)
	eventually(t, "the message acked", drained(t, cons))
	if ci := info(t, cons); ci.Delivered.Consumer != 1 {
		t.Fatalf("delivered %d times over a job of 4×AckWait, want once", ci.Delivered.Consumer)
	}
}

func TestWithoutInProgressALongJobIsRedelivered(t *testing.T) {
	// The counterpart of the test above: it shows that AckWait is short
	// enough there to redeliver, had the bridge not kept the job alive.
	_, _, js, cons := newServer(t, 300*time.Millisecond)
	s, rec := replica(t)
	logged, logger := newLogs()
	start(t, js, s, bridge.Consume(cons), bridge.WithProgressEvery(time.Hour), bridge.WithLogger(logger))

	place(t, js, "o-1")
	r := await[bridge.Received[OrderPlaced]](t, rec, 1)[0]
	eventually(t, "a redelivery", func() bool { return logged.count("a message in flight was delivered again") > 0 })
	if err := s.Dispatch(bridge.Settled{ID: r.ID}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the newer delivery acked", drained(t, cons))
	if n := len(all[bridge.Received[OrderPlaced]](rec)); n != 1 {
		t.Fatalf("the work was dispatched %d times, want once: the redelivery joins the work under way", n)
	}
}

func TestAMessageThatNeverSettlesIsNakdAfterTheSettleTimeout(t *testing.T) {
	_, _, js, cons := newServer(t, time.Hour)
	s, rec := replica(t) // nothing settles: the work was lost
	warnings, logger := newLogs()
	start(t, js, s, bridge.Consume(cons), bridge.WithLogger(logger), bridge.WithNakDelay(0),
		bridge.WithSettleTimeout(200*time.Millisecond), bridge.WithProgressEvery(50*time.Millisecond))

	place(t, js, "o-1")
	got := await[bridge.Received[OrderPlaced]](t, rec, 2)
	if got[0] != got[1] {
		t.Fatalf("received %+v then %+v, want the same message again", got[0], got[1])
	}
	if n := warnings.count("did not settle in time"); n < 1 {
		t.Fatal("the settle timeout was not logged")
	}
}

func TestShutdownWaitsForSettlement(t *testing.T) {
	_, _, js, cons := newServer(t, time.Minute)
	s, rec := replica(t, slowEpic(200*time.Millisecond))
	b := start(t, js, s, bridge.Consume(cons))

	place(t, js, "o-1")
	place(t, js, "o-2")
	await[bridge.Received[OrderPlaced]](t, rec, 2)
	ctx, cancel := context.WithTimeout(t.Context(), within)
	defer cancel()
	if err := b.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if ci := info(t, cons); ci.NumAckPending != 0 || ci.NumPending != 0 {
		t.Fatalf("after Shutdown: %d awaiting an ack, %d pending; want both settled", ci.NumAckPending, ci.NumPending)
	}
	// What comes after Shutdown is left for the next consumer, not handed
	// to a pull request nobody reads.
	place(t, js, "o-3")
	eventually(t, "o-3 pending", func() bool { return info(t, cons).NumPending == 1 })
	if ci := info(t, cons); ci.Delivered.Consumer != 2 {
		t.Fatalf("after Shutdown: %d deliveries, want 2", ci.Delivered.Consumer)
	}
}

func TestShutdownNaksWhatDoesNotSettle(t *testing.T) {
	_, _, js, cons := newServer(t, time.Hour) // only a nak can bring it back in time
	s, rec := replica(t)
	b := start(t, js, s, bridge.Consume(cons))

	place(t, js, "o-1")
	first := await[bridge.Received[OrderPlaced]](t, rec, 1)[0]
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	if err := b.Shutdown(ctx); !errors.Is(err, bridge.ErrUnsettled) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown: %v, want ErrUnsettled after the deadline", err)
	}
	takenOverBy(t, js, cons, first)
}

func TestStoppingOnItsOwnNaksAtOnce(t *testing.T) {
	for _, c := range []struct {
		name string
		stop func(cancel context.CancelFunc, s *store)
		want error
	}{
		{"cancelling Start's context", func(cancel context.CancelFunc, _ *store) { cancel() }, context.Canceled},
		{"closing the store", func(_ context.CancelFunc, s *store) { s.Close() }, bridge.ErrStoreClosed},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, js, cons := newServer(t, time.Hour)
			s, rec := replica(t)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			b, err := bridge.Start(ctx, js, s, newCodec(), bridge.Consume(cons), quiet)
			if err != nil {
				t.Fatal(err)
			}
			place(t, js, "o-1")
			first := await[bridge.Received[OrderPlaced]](t, rec, 1)[0]
			c.stop(cancel, s)
			<-b.Done()
			if err := b.Err(); !errors.Is(err, c.want) || !errors.Is(err, bridge.ErrUnsettled) {
				t.Fatalf("Err: %v, want %v and ErrUnsettled", err, c.want)
			}
			takenOverBy(t, js, cons, first)
		})
	}
}

// takenOverBy checks that another replica is given first at once, well
// before the consumer's AckWait of an hour, as only a nak allows.
func takenOverBy(t *testing.T, js jetstream.JetStream, cons jetstream.Consumer, first bridge.Received[OrderPlaced]) {
	t.Helper()
	s, rec := replica(t, settleEpic)
	start(t, js, s, bridge.Consume(cons))
	if again := await[bridge.Received[OrderPlaced]](t, rec, 1)[0]; again != first {
		t.Fatalf("delivered %+v after the nak, want %+v", again, first)
	}
	eventually(t, "the message acked", drained(t, cons))
}

func TestMaxInFlightBoundsUnsettledMessages(t *testing.T) {
	_, _, js, cons := newServer(t, time.Minute)
	s, rec := replica(t)
	start(t, js, s, bridge.Consume(cons), bridge.WithMaxInFlight(2))
	for _, o := range []string{"o-1", "o-2", "o-3"} {
		place(t, js, o)
	}
	got := await[bridge.Received[OrderPlaced]](t, rec, 2)
	if ci := info(t, cons); ci.NumAckPending != 2 || ci.NumPending != 1 {
		t.Fatalf("%d awaiting an ack, %d pending; want 2 and 1", ci.NumAckPending, ci.NumPending)
	}
	if err := s.Dispatch(bridge.Settled{ID: got[0].ID}); err != nil {
		t.Fatal(err)
	}
	if third := await[bridge.Received[OrderPlaced]](t, rec, 3)[2]; third.Action.Order != "o-3" {
		t.Fatalf("third received %+v, want o-3", third)
	}
}
