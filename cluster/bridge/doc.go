// Package bridge carries a store's actions over NATS JetStream: the
// messages of a consumer become actions dispatched to the store, and
// actions of chosen types are published to subjects.
//
//	codec := bridge.NewJSON()
//	bridge.Register[OrderPlaced](codec, "order.placed")
//	bridge.Register[OrderShipped](codec, "order.shipped")
//	b, err := bridge.Start(ctx, js, store, codec,
//		bridge.Consume(orders),
//		bridge.Publish(func(o OrderShipped) string { return "shipments." + o.Order },
//			func(o OrderShipped) string { return "shipped-" + o.Order }))
//	...
//	defer b.Shutdown(shutdownCtx)
//
// # Inbound: settlement
//
// A message's TypeHeader names its action type, its data the action (see
// Codec). The action reaches the store as Received[T]{Action, ID}, and the
// message stays unsettled until an epic dispatches Settled{ID} (the
// message is acked) or Failed{ID, Err} (it is nak'd and delivered again
// later), typically once the work the action caused is done:
//
//	streams.Pipe(actions, epics.OfType[bridge.Received[OrderPlaced]](),
//		streams.MergeMap(func(r bridge.Received[OrderPlaced]) rxgo.Observable {
//			return streams.Pipe(ship(r.Action), streams.EndWith(bridge.Settled{ID: r.ID}))
//		}, 8))
//
// While a message is unsettled the bridge tells JetStream it is in
// progress, so long work is not redelivered after the consumer's AckWait;
// a message that does not settle within the settle timeout is nak'd. A
// message that cannot be decoded is terminated and logged at Warn, never
// delivered again. The bridge holds at most WithMaxInFlight messages
// unsettled and fetches more as they settle.
//
// # Outbound: publishing
//
// Each Publish route publishes the actions of its type that reach action$
// (those epics emit, and those dispatched), with a Nats-Msg-Id, so that a
// resend within the stream's duplicate window is stored once. Actions are
// published one at a time in the order of action$, and settlement follows
// the same order: when a message is acked, every action that came before
// its Settled has been published. A publish that fails is logged and
// dispatched as PublishFailed.
//
// # At least once
//
// A message is delivered at least once, not exactly once: a replica that
// crashes before it acks leaves the message to be delivered again, to it
// or another replica, and an ack can be lost. Epics acting on Received
// actions must therefore be idempotent; Received.ID, the same on every
// delivery of a message, and the message ids of published actions serve
// as keys for that.
//
// # Shutdown
//
// Shutdown stops fetching, waits (as long as its context allows) for the
// messages taken in to settle, and naks the rest so that JetStream hands
// them to another replica at once. It lets the pull request under way
// run out rather than cut it short: the server may still hand a message
// to a request the client has given up, and that message would wait a
// whole AckWait for its next delivery. Cancelling Start's context stops the
// bridge the same way without waiting. Either way, once Done is closed no
// goroutine of the bridge is left.
package bridge
