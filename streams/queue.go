package streams

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/reactivex/rxgo/v2"
)

// queue is the observer at the edge where pushed events become channel
// items or calls of a user's Observer: it takes events without ever
// blocking, and its reader takes them on its own goroutine.
type queue struct {
	mu      sync.Mutex
	items   []rxgo.Item
	ended   bool          // the terminal event has been queued
	stopped atomic.Bool   // unsubscribed: hand nothing more over
	wake    chan struct{} // capacity 1: something was queued
}

func newQueue() *queue { return &queue{wake: make(chan struct{}, 1)} }

func (q *queue) next(v any)     { q.put(rxgo.Of(v), false) }
func (q *queue) fail(err error) { q.put(rxgo.Error(err), true) }
func (q *queue) done()          { q.put(rxgo.Item{}, true) }

func (q *queue) put(item rxgo.Item, terminal bool) {
	q.mu.Lock()
	if q.ended {
		q.mu.Unlock()
		return
	}
	if !terminal || item.E != nil {
		q.items = append(q.items, item)
	}
	q.ended = terminal
	q.mu.Unlock()
	q.signal()
}

// stop makes the reader return without handing over what is left.
func (q *queue) stop() {
	q.stopped.Store(true)
	q.signal()
}

func (q *queue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// drain sends the queued items on next until the terminal event has been
// sent, the queue is stopped, or ctx is done.
func (q *queue) drain(ctx context.Context, next chan<- rxgo.Item) {
	q.each(ctx, func(item rxgo.Item) bool {
		select {
		case next <- item:
			return true
		case <-ctx.Done():
			return false
		}
	})
}

// each hands the queued items to f in order, waiting for more, until the
// terminal event has been handed over (then it returns true), f returns
// false, the queue is stopped, or ctx is done.
func (q *queue) each(ctx context.Context, f func(rxgo.Item) bool) bool {
	var batch []rxgo.Item
	for {
		q.mu.Lock()
		batch, q.items = q.items, batch[:0]
		ended := q.ended
		q.mu.Unlock()
		for i, item := range batch {
			if q.stopped.Load() || !f(item) {
				return false
			}
			batch[i] = rxgo.Item{}
		}
		if q.stopped.Load() {
			return false
		}
		if ended {
			return true
		}
		select {
		case <-q.wake:
		case <-ctx.Done():
			return false
		}
	}
}
