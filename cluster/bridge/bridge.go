package bridge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

var (
	// ErrStoreClosed means the bridge stopped because the store's action$
	// completed: no settlement could reach it any more.
	ErrStoreClosed = errors.New("bridge: the store was closed")
	// ErrUnsettled means messages were still unsettled when the bridge
	// stopped; they were nak'd, so JetStream delivers them again.
	ErrUnsettled = errors.New("bridge: messages left unsettled were nak'd")
)

// Store is what a bridge needs of a store; *epics.Store[S, D] is one.
type Store interface {
	Dispatch(action any) error
	Actions() rxgo.Observable
}

// Bridge carries actions between a store and NATS JetStream; see the
// package doc. Its methods are safe for concurrent use.
type Bridge struct {
	cfg      config
	js       jetstream.JetStream
	store    Store
	codec    *Codec
	log      *slog.Logger
	progress time.Duration // how often unsettled messages get InProgress

	slots   chan struct{} // a token for each message that may be taken in
	mu      sync.Mutex
	flights map[string]*flight // unsettled messages by ID
	settled chan struct{}      // signalled when a flight ends

	sub         *streams.Subscription // to action$
	stopActions context.CancelFunc
	storeEnded  chan struct{}
	endStore    sync.Once

	lastPull    chan struct{}      // closed by Shutdown: the pull under way is the last
	abortFetch  context.CancelFunc // ends the pull under way at once
	fetchEnded  chan struct{}      // the fetch loop has returned
	fetchFailed chan struct{}      // closed, before fetchEnded, if it ended on its own
	fetchErr    error

	connClosed chan nats.Status     // hears of the connection closing
	shutdown   chan context.Context // Shutdown hands run its bound
	done       chan struct{}
	err        error // set before done is closed
}

// flight is a message taken in and not yet settled.
type flight struct {
	msg   jetstream.Msg // its latest delivery
	since time.Time     // when it was first taken in
}

// Start starts a bridge between store and JetStream: messages of the
// consumer given with Consume are dispatched to store, and the actions
// chosen with Publish are published. It returns an error if an option is
// bad, a Publish type is not registered in codec, or neither Consume nor
// Publish is given. The bridge runs until Shutdown, until ctx is
// cancelled (which naks unsettled messages at once), or until it cannot
// go on (the store or the connection closed): Done and Err tell. It
// returns nats.ErrConnectionClosed if js's connection is closed.
func Start(ctx context.Context, js jetstream.JetStream, store Store, codec *Codec, opts ...Option) (*Bridge, error) {
	if js == nil || store == nil || codec == nil {
		return nil, errors.New("bridge.Start: nil JetStream, store or codec")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if cfg.consumer == nil && len(cfg.routes) == 0 {
		return nil, errors.New("bridge.Start: neither Consume nor Publish given")
	}
	for _, r := range cfg.routes {
		if r.typ.Kind() != reflect.Interface && !codec.has(r.typ) {
			return nil, fmt.Errorf("bridge.Start: Publish[%v]: %w", r.typ, ErrUnregistered)
		}
	}
	if js.Conn().IsClosed() {
		return nil, fmt.Errorf("bridge.Start: %w", nats.ErrConnectionClosed)
	}
	b := &Bridge{
		cfg:         cfg,
		js:          js,
		store:       store,
		codec:       codec,
		log:         cfg.logger,
		progress:    progressEvery(cfg),
		slots:       make(chan struct{}, cfg.maxInFlight),
		flights:     map[string]*flight{},
		settled:     make(chan struct{}, 1),
		storeEnded:  make(chan struct{}),
		fetchEnded:  make(chan struct{}),
		fetchFailed: make(chan struct{}),
		lastPull:    make(chan struct{}),
		connClosed:  js.Conn().StatusChanged(nats.CLOSED),
		shutdown:    make(chan context.Context),
		done:        make(chan struct{}),
	}
	for range cfg.maxInFlight {
		b.slots <- struct{}{}
	}
	// action$ is watched before any message is taken in, so that no
	// settlement can go unseen.
	actionsCtx, stopActions := context.WithCancel(context.Background())
	b.stopActions = stopActions
	b.sub = streams.Subscribe(actionsCtx, store.Actions(), streams.Observer{
		Next:     b.onAction,
		Error:    b.onActionsError,
		Complete: b.onActionsEnd,
	})
	fetchCtx, abortFetch := context.WithCancel(context.Background())
	b.abortFetch = abortFetch
	if cfg.consumer != nil {
		go b.fetch(fetchCtx)
	} else {
		close(b.fetchEnded)
	}
	stopTicks := make(chan struct{})
	ticksEnded := make(chan struct{})
	go b.keepAlive(stopTicks, ticksEnded)
	go b.run(ctx, func() { close(stopTicks); <-ticksEnded })
	return b, nil
}

// progressEvery is the InProgress interval: as configured, or a third of
// the consumer's AckWait.
func progressEvery(cfg config) time.Duration {
	if cfg.progressEvery > 0 {
		return cfg.progressEvery
	}
	ackWait := 30 * time.Second // JetStream's default
	if cfg.consumer != nil {
		if info := cfg.consumer.CachedInfo(); info != nil && info.Config.AckWait > 0 {
			ackWait = info.Config.AckWait
		}
	}
	return ackWait / 3
}

// Shutdown stops taking messages in (the pull request under way runs
// out, within the pull expiry), waits until those taken in have settled
// or ctx is done, naks the rest, stops publishing, and returns Err. Actions still on their way to being published when it stops are
// not published. Calling it again, or after the bridge stopped on its
// own, waits for the bridge to have stopped and returns Err.
func (b *Bridge) Shutdown(ctx context.Context) error {
	select {
	case b.shutdown <- ctx:
	case <-b.done:
	}
	<-b.done
	return b.err
}

// Done is closed when the bridge has stopped and every goroutine of its
// own has ended.
func (b *Bridge) Done() <-chan struct{} { return b.done }

// Err returns nil while the bridge runs and after a Shutdown that saw
// every message settle. Otherwise it tells why the bridge stopped: Start's
// context error, ErrStoreClosed, the consumer's failure (such as
// nats.ErrConnectionClosed), and ErrUnsettled when messages were nak'd.
func (b *Bridge) Err() error {
	select {
	case <-b.done:
		return b.err
	default:
		return nil
	}
}

// run waits for a reason to stop, then stops the bridge in order: no new
// messages, the settlements still awaited, a nak for the rest, then
// action$ and the keep-alive.
func (b *Bridge) run(ctx context.Context, stopTicks func()) {
	defer close(b.done)
	var cause error
	var drain context.Context // nil: do not wait for settlements
	select {
	case <-ctx.Done():
		cause = ctx.Err()
	case drain = <-b.shutdown:
	case <-b.storeEnded:
		cause = ErrStoreClosed
	case <-b.fetchFailed:
		cause = b.fetchErr
	case <-b.connClosed:
		cause = fmt.Errorf("bridge: %w", nats.ErrConnectionClosed)
	}
	defer b.js.Conn().RemoveStatusListener(b.connClosed)
	if drain != nil {
		// A pull request cut short may still be given messages on the
		// server, which nobody would take: let it run out.
		close(b.lastPull)
		select {
		case <-b.fetchEnded:
		case <-drain.Done():
		case <-ctx.Done():
		case <-b.storeEnded:
		case <-b.connClosed:
		}
	}
	b.abortFetch()
	<-b.fetchEnded
	if drain != nil {
		b.awaitSettled(ctx, drain)
	}
	unsettled := b.nakAll()
	stopTicks()
	b.stopActions()
	b.sub.Wait()
	if err := b.js.Conn().FlushTimeout(time.Second); err != nil {
		b.log.Debug("bridge: flushing the last acks", "err", err)
	}
	if unsettled > 0 {
		err := fmt.Errorf("%w: %d", ErrUnsettled, unsettled)
		if drain != nil && drain.Err() != nil {
			err = fmt.Errorf("%w: %d (%w)", ErrUnsettled, unsettled, drain.Err())
		}
		cause = errors.Join(cause, err)
	}
	b.err = cause
	b.log.Debug("bridge: stopped", "err", cause)
}

// awaitSettled waits until no message is unsettled, or drain or ctx is
// done, or no settlement can come any more.
func (b *Bridge) awaitSettled(ctx, drain context.Context) {
	for {
		b.mu.Lock()
		left := len(b.flights)
		b.mu.Unlock()
		if left == 0 {
			return
		}
		select {
		case <-b.settled:
		case <-drain.Done():
			return
		case <-ctx.Done():
			return
		case <-b.storeEnded:
			return
		}
	}
}

// onAction settles the messages that action settles and publishes it on
// the routes that take it, in the order of action$: when a message is
// acked, every action before its Settled has been published (or reported
// as PublishFailed).
func (b *Bridge) onAction(action any) {
	switch a := action.(type) {
	case Settled:
		b.ack(a.ID)
	case Failed:
		b.nak(a.ID, a.Err)
	}
	b.publish(action)
}

func (b *Bridge) onActionsError(err error) {
	b.log.Error("bridge: watching action$ failed", "err", err)
	b.onActionsEnd()
}

func (b *Bridge) onActionsEnd() { b.endStore.Do(func() { close(b.storeEnded) }) }
