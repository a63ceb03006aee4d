package bridge_test

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/cluster/bridge"
	"github.com/rxepic/rxepic/cluster/embedded"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

// The actions of a shop and its shipping service.
type (
	OrderPlaced  struct{ Order string }
	OrderShipped struct{ Order string }
)

// shipEpic ships each order placed, then settles the message it came in:
// the message is acked once the shipment is published.
func shipEpic(actions rxgo.Observable, _ *epics.StateObservable[struct{}], _ struct{}) rxgo.Observable {
	return streams.Pipe(actions, epics.OfType[bridge.Received[OrderPlaced]](),
		streams.ConcatMap(func(r bridge.Received[OrderPlaced]) rxgo.Observable {
			return streams.Of(OrderShipped(r.Action), bridge.Settled{ID: r.ID})
		}))
}

// A shop publishes the orders placed; a shipping service, another store,
// takes them in from a consumer, ships them, and publishes the shipments.
func Example() {
	srv, err := embedded.Start(embedded.Options{})
	if err != nil {
		panic(err)
	}
	defer srv.Shutdown()
	nc, err := nats.Connect(srv.URL())
	if err != nil {
		panic(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx := context.Background()
	js.CreateStream(ctx, jetstream.StreamConfig{Name: "ORDERS", Subjects: []string{"orders.>"}})
	js.CreateStream(ctx, jetstream.StreamConfig{Name: "SHIPMENTS", Subjects: []string{"shipments.>"}})
	orders, err := js.CreateOrUpdateConsumer(ctx, "ORDERS", jetstream.ConsumerConfig{Durable: "shipping"})
	if err != nil {
		panic(err)
	}

	codec := bridge.NewJSON()
	bridge.Register[OrderPlaced](codec, "order.placed")
	bridge.Register[OrderShipped](codec, "order.shipped")
	reduce := func(s struct{}, _ any) struct{} { return s }

	shipping := epics.NewStore(reduce, struct{}{}, struct{}{})
	shipping.Start(ctx, shipEpic)
	shipper, err := bridge.Start(ctx, js, shipping, codec,
		bridge.Consume(orders),
		bridge.Publish(
			func(o OrderShipped) string { return "shipments." + o.Order },
			func(o OrderShipped) string { return "shipped-" + o.Order }))
	if err != nil {
		panic(err)
	}

	shop := epics.NewStore(reduce, struct{}{}, struct{}{})
	front, err := bridge.Start(ctx, js, shop, codec,
		bridge.Publish(
			func(OrderPlaced) string { return "orders.placed" },
			func(o OrderPlaced) string { return "placed-" + o.Order }))
	if err != nil {
		panic(err)
	}
	shop.Dispatch(OrderPlaced{Order: "o-1"})
	shop.Dispatch(OrderPlaced{Order: "o-2"})

	shipments, _ := js.OrderedConsumer(ctx, "SHIPMENTS", jetstream.OrderedConsumerConfig{})
	for range 2 {
		msg, err := shipments.Next(jetstream.FetchMaxWait(10 * time.Second))
		if err != nil {
			panic(err)
		}
		action, _ := codec.Decode(msg.Headers().Get(bridge.TypeHeader), msg.Data())
		fmt.Printf("%s: %+v\n", msg.Subject(), action)
	}

	shutdown, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	fmt.Println("shop:", front.Shutdown(shutdown))
	fmt.Println("shipping:", shipper.Shutdown(shutdown))
	shop.Close()
	shipping.Close()
	shop.Wait()
	shipping.Wait()
	// Output:
	// shipments.o-1: {Order:o-1}
	// shipments.o-2: {Order:o-2}
	// shop: <nil>
	// shipping: <nil>
}
