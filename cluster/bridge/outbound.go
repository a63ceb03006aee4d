package bridge

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rxepic/rxepic/internal/panics"
)

// publishTimeout bounds the wait for JetStream to acknowledge one publish.
const publishTimeout = 5 * time.Second

// route is one Publish option: which actions it takes, and where to.
type route struct {
	typ   reflect.Type
	match func(action any) (subject, msgID string, ok bool)
}

// publish publishes action on every route that takes it, reporting each
// failure as a PublishFailed action.
func (b *Bridge) publish(action any) {
	if _, ok := action.(own); ok {
		return
	}
	for _, r := range b.cfg.routes {
		var subject, msgID string
		var ok bool
		if err := panics.Catch("bridge publish route", func() { subject, msgID, ok = r.match(action) }); err != nil {
			b.publishFailed(action, "", "", err)
			continue
		}
		if !ok {
			continue
		}
		if err := b.publishTo(action, subject, msgID); err != nil {
			b.publishFailed(action, subject, msgID, err)
		}
	}
}

func (b *Bridge) publishTo(action any, subject, msgID string) error {
	name, data, err := b.codec.Encode(action)
	if err != nil {
		return err
	}
	msg := &nats.Msg{Subject: subject, Header: nats.Header{}, Data: data}
	msg.Header.Set(TypeHeader, name)
	var opts []jetstream.PublishOpt
	if msgID != "" {
		opts = append(opts, jetstream.WithMsgID(msgID))
	}
	ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
	defer cancel()
	ack, err := b.js.PublishMsg(ctx, msg, opts...)
	if err != nil {
		return fmt.Errorf("bridge: publishing %q to %q: %w", name, subject, err)
	}
	b.log.Debug("bridge: published", "type", name, "subject", subject, "msg_id", msgID, "stream", ack.Stream, "seq", ack.Sequence, "duplicate", ack.Duplicate)
	return nil
}

func (b *Bridge) publishFailed(action any, subject, msgID string, err error) {
	b.log.Warn("bridge: an action could not be published", "type", fmt.Sprintf("%T", action), "subject", subject, "msg_id", msgID, "err", err)
	if derr := b.store.Dispatch(PublishFailed{Action: action, Subject: subject, MsgID: msgID, Err: err}); derr != nil {
		b.log.Debug("bridge: the store took no PublishFailed", "err", derr)
	}
}
