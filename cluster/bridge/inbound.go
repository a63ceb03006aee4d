package bridge

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

const (
	// ackTimeout bounds the wait for the server to confirm an ack.
	ackTimeout = 5 * time.Second
	// maxBackoff caps the wait between fetches that failed.
	maxBackoff = 2 * time.Second
)

// fetch takes messages in until Shutdown or ctx ends, never more at once
// than there are free slots. It ends on its own when the consumer cannot
// be used any more.
func (b *Bridge) fetch(ctx context.Context) {
	defer close(b.fetchEnded)
	backoff := time.Duration(0)
	for {
		n := b.acquire(ctx)
		if n == 0 {
			return
		}
		select {
		case <-b.lastPull:
			b.release(n)
			return
		default:
		}
		err := b.fetchBatch(ctx, n)
		if ctx.Err() != nil {
			return
		}
		if err == nil {
			backoff = 0
			continue
		}
		if errors.Is(err, nats.ErrConnectionClosed) || errors.Is(err, jetstream.ErrConsumerDeleted) {
			b.fetchErr = fmt.Errorf("bridge: fetching from the consumer: %w", err)
			b.log.Warn("bridge: stopping: the consumer cannot be fetched from", "err", err)
			close(b.fetchFailed)
			return
		}
		backoff = min(max(2*backoff, 100*time.Millisecond), maxBackoff)
		b.log.Warn("bridge: fetching failed; trying again", "err", err, "in", backoff)
		if !b.pause(ctx, backoff) {
			return
		}
	}
}

// fetchBatch asks for n messages, holding n slots, and takes in those that
// come before the request expires; it gives back the slots not used.
func (b *Bridge) fetchBatch(ctx context.Context, n int) error {
	used := 0
	defer func() { b.release(n - used) }()
	fctx, cancel := context.WithTimeout(ctx, b.cfg.pullExpiry)
	defer cancel()
	batch, err := b.cfg.consumer.Fetch(n, jetstream.FetchContext(fctx))
	if err != nil {
		return err
	}
	for msg := range batch.Messages() {
		used++
		b.receive(msg)
	}
	err = batch.Error()
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return nil
	}
	return err
}

// receive decodes msg and dispatches it, or terminates it if it cannot be
// decoded. msg holds a slot until it is settled.
func (b *Bridge) receive(msg jetstream.Msg) {
	meta, err := msg.Metadata()
	if err != nil {
		b.terminate(msg, "", err)
		return
	}
	id := fmt.Sprintf("%s/%s/%d", meta.Stream, meta.Consumer, meta.Sequence.Stream)
	action, err := b.codec.receive(msg.Headers().Get(TypeHeader), msg.Data(), id)
	if err != nil {
		b.terminate(msg, id, err)
		return
	}
	b.mu.Lock()
	if f, ok := b.flights[id]; ok {
		// Delivered again while its work goes on (a keep-alive was lost):
		// the work under way settles the newer delivery.
		f.msg = msg
		b.mu.Unlock()
		b.release(1)
		b.log.Debug("bridge: a message in flight was delivered again", "id", id, "delivered", meta.NumDelivered)
		return
	}
	b.flights[id] = &flight{msg: msg, since: time.Now()}
	b.mu.Unlock()
	b.log.Debug("bridge: received", "id", id, "subject", msg.Subject(), "delivered", meta.NumDelivered)
	if err := b.store.Dispatch(action); err != nil {
		b.nak(id, err)
	}
}

// terminate ends a message that can never be processed, so that it is not
// delivered again.
func (b *Bridge) terminate(msg jetstream.Msg, id string, err error) {
	defer b.release(1)
	b.log.Warn("bridge: terminating a message that cannot be decoded", "subject", msg.Subject(), "id", id, "err", err)
	if terr := msg.TermWithReason("bridge: " + err.Error()); terr != nil {
		b.log.Warn("bridge: terminating a message failed; it will be delivered again", "id", id, "err", terr)
	}
}

// ack acknowledges the message id names, if it is in flight, and waits
// for the server to confirm.
func (b *Bridge) ack(id string) {
	msg, ok := b.take(id)
	if !ok {
		return
	}
	defer b.ended()
	ctx, cancel := context.WithTimeout(context.Background(), ackTimeout)
	defer cancel()
	if err := msg.DoubleAck(ctx); err != nil {
		b.log.Warn("bridge: an ack was not confirmed; the message may be delivered again", "id", id, "err", err)
		return
	}
	b.log.Debug("bridge: settled", "id", id)
}

// nak hands the message id names back to JetStream, to be delivered again
// after the nak delay.
func (b *Bridge) nak(id string, cause error) {
	msg, ok := b.take(id)
	if !ok {
		return
	}
	defer b.ended()
	b.log.Debug("bridge: failed; delivering again later", "id", id, "err", cause)
	if err := msg.NakWithDelay(b.cfg.nakDelay); err != nil {
		b.log.Warn("bridge: a nak failed; the message will be delivered again after AckWait", "id", id, "err", err)
	}
}

// nakAll hands back every message still in flight, to be delivered again
// at once, and returns how many there were.
func (b *Bridge) nakAll() int {
	b.mu.Lock()
	left := b.flights
	b.flights = map[string]*flight{}
	b.mu.Unlock()
	for id, f := range left {
		if err := f.msg.Nak(); err != nil {
			b.log.Debug("bridge: a nak failed; the message will be delivered again after AckWait", "id", id, "err", err)
		}
		b.ended()
	}
	if len(left) > 0 {
		b.log.Warn("bridge: unsettled messages were nak'd", "count", len(left))
	}
	return len(left)
}

// keepAlive tells JetStream, every progress interval, that the messages in
// flight are being worked on, and naks those past the settle timeout.
func (b *Bridge) keepAlive(stop <-chan struct{}, ended chan<- struct{}) {
	defer close(ended)
	t := time.NewTicker(b.progress)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case now := <-t.C:
			b.tick(now)
		}
	}
}

func (b *Bridge) tick(now time.Time) {
	var alive []jetstream.Msg
	var late []string
	b.mu.Lock()
	for id, f := range b.flights {
		if now.Sub(f.since) >= b.cfg.settleTimeout {
			late = append(late, id)
		} else {
			alive = append(alive, f.msg)
		}
	}
	b.mu.Unlock()
	for _, msg := range alive {
		if err := msg.InProgress(); err != nil && !errors.Is(err, jetstream.ErrMsgAlreadyAckd) {
			b.log.Debug("bridge: InProgress failed", "err", err)
		}
	}
	for _, id := range late {
		b.log.Warn("bridge: a message did not settle in time", "id", id, "timeout", b.cfg.settleTimeout)
		b.nak(id, errors.New("bridge: settle timeout"))
	}
}

// take removes the message id names from the flights.
func (b *Bridge) take(id string) (jetstream.Msg, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	f, ok := b.flights[id]
	if !ok {
		return nil, false
	}
	delete(b.flights, id)
	return f.msg, true
}

// ended frees the slot of a message taken out of the flights.
func (b *Bridge) ended() {
	b.release(1)
	select {
	case b.settled <- struct{}{}:
	default:
	}
}

// acquire waits for a free slot, then takes every free one; it returns how
// many, or 0 if ctx ended or Shutdown came first.
func (b *Bridge) acquire(ctx context.Context) int {
	select {
	case <-b.slots:
	case <-ctx.Done():
		return 0
	case <-b.lastPull:
		return 0
	}
	n := 1
	for n < b.cfg.maxInFlight {
		select {
		case <-b.slots:
			n++
		default:
			return n
		}
	}
	return n
}

func (b *Bridge) release(n int) {
	for range n {
		b.slots <- struct{}{}
	}
}

// pause waits for d unless ctx ends or Shutdown comes first; false means
// one of them did.
func (b *Bridge) pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-b.lastPull:
		return false
	}
}
