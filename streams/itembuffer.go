package streams

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/reactivex/rxgo/v2"
)

// itemBuffer is an unbounded buffer of a subscription's events as rxgo
// items, between the subscription and one reader (a channel's, or a
// user's Observer's): it takes events without ever blocking.
type itemBuffer struct {
	mu      sync.Mutex
	items   []rxgo.Item
	ended   bool          // the terminal event has been put
	stopped atomic.Bool   // unsubscribed: hand nothing more over
	wake    chan struct{} // capacity 1: something was put
}

func newItemBuffer() *itemBuffer { return &itemBuffer{wake: make(chan struct{}, 1)} }

func (b *itemBuffer) next(v any)     { b.put(rxgo.Of(v), false) }
func (b *itemBuffer) fail(err error) { b.put(rxgo.Error(err), true) }
func (b *itemBuffer) done()          { b.put(rxgo.Item{}, true) }

func (b *itemBuffer) put(item rxgo.Item, terminal bool) {
	b.mu.Lock()
	if b.ended {
		b.mu.Unlock()
		return
	}
	if !terminal || item.E != nil {
		b.items = append(b.items, item)
	}
	b.ended = terminal
	b.mu.Unlock()
	b.signal()
}

// stop makes the reader return without handing over what is left.
func (b *itemBuffer) stop() {
	b.stopped.Store(true)
	b.signal()
}

func (b *itemBuffer) signal() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// drain sends the buffered items on next until the terminal event has been
// sent, the buffer is stopped, or ctx is done.
func (b *itemBuffer) drain(ctx context.Context, next chan<- rxgo.Item) {
	b.each(ctx, func(item rxgo.Item) bool {
		select {
		case next <- item:
			return true
		case <-ctx.Done():
			return false
		}
	})
}

// each hands the buffered items to f in order, waiting for more, until the
// terminal event has been handed over (then it returns true), f returns
// false, the buffer is stopped, or ctx is done.
func (b *itemBuffer) each(ctx context.Context, f func(rxgo.Item) bool) bool {
	var batch []rxgo.Item
	for {
		b.mu.Lock()
		batch, b.items = b.items, batch[:0]
		ended := b.ended
		b.mu.Unlock()
		for i, item := range batch {
			if b.stopped.Load() || !f(item) {
				return false
			}
			batch[i] = rxgo.Item{}
		}
		if b.stopped.Load() {
			return false
		}
		if ended {
			return true
		}
		select {
		case <-b.wake:
		case <-ctx.Done():
			return false
		}
	}
}
