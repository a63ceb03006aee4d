package bridge

// Received is how an action that came in a message reaches the store: the
// decoded action and the ID that names the message, the same on every
// delivery of it. The message stays unsettled until an epic dispatches
// Settled or Failed with that ID. Filter on it with
// epics.OfType[bridge.Received[T]]().
type Received[T any] struct {
	Action T
	ID     string
}

// Settled says the work a received message caused is done: the bridge
// acknowledges the message, and JetStream delivers it no more.
type Settled struct {
	ID string
}

// Failed says the work a received message caused has failed and should be
// tried again: the bridge naks the message, and JetStream delivers it
// again after the bridge's nak delay (up to the consumer's MaxDeliver).
type Failed struct {
	ID  string
	Err error
}

// PublishFailed is dispatched when an action that a Publish route chose
// could not be published: JetStream did not acknowledge it in time, or it
// could not be encoded. Dispatching Action again retries; its message id
// keeps the stream from storing it twice.
type PublishFailed struct {
	Action  any
	Subject string
	MsgID   string
	Err     error
}

// own marks the bridge's own actions, which no Publish route publishes:
// a route for every action would otherwise publish its own failures.
type own interface{ bridgeAction() }

func (Received[T]) bridgeAction()   {}
func (Settled) bridgeAction()       {}
func (Failed) bridgeAction()        {}
func (PublishFailed) bridgeAction() {}
