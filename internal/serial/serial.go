// Package serial hands values pushed from any number of goroutines to one
// function, one at a time, in the order they were pushed.
package serial

import "sync"

// Queue calls its handler with each value pushed to it, one call at a
// time, in push order: the goroutine that finds the queue idle handles its
// own value and every value pushed meanwhile; others queue theirs and
// return at once. No lock is held while the handler runs, so it may push
// (the value is handled after the current one) and call anything.
// All methods are safe for concurrent use.
type Queue[T any] struct {
	handle func(T)

	mu      sync.Mutex
	pending []T
	running bool // a goroutine is handling, or Hold holds the queue
	holds   int
}

// New returns an idle Queue that hands its values to handle.
func New[T any](handle func(T)) *Queue[T] {
	return &Queue[T]{handle: handle}
}

// Push hands v to the handler: before Push returns if the queue was idle,
// otherwise by the goroutine that is handling, after what was pushed
// before v.
func (q *Queue[T]) Push(v T) {
	q.mu.Lock()
	q.pending = append(q.pending, v)
	if q.running || q.holds > 0 {
		q.mu.Unlock()
		return
	}
	q.running = true
	q.mu.Unlock()
	q.drain()
}

// Busy reports whether a goroutine is handling values right now.
func (q *Queue[T]) Busy() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.running
}

// Hold makes values queue up, unhandled, until a matching Release.
func (q *Queue[T]) Hold() {
	q.mu.Lock()
	q.holds++
	q.mu.Unlock()
}

// Release undoes one Hold; the last one handles what was queued
// meanwhile, on this goroutine, unless another is handling already.
func (q *Queue[T]) Release() {
	q.mu.Lock()
	q.holds--
	if q.holds > 0 || q.running || len(q.pending) == 0 {
		q.mu.Unlock()
		return
	}
	q.running = true
	q.mu.Unlock()
	q.drain()
}

// drain handles pending values until none is left or the queue is held.
// q.running is set; a panic in the handler leaves the queue idle, with the
// values after the one that panicked still pending, and goes on up.
func (q *Queue[T]) drain() {
	defer func() {
		if p := recover(); p != nil {
			q.mu.Lock()
			q.running = false
			q.mu.Unlock()
			panic(p)
		}
	}()
	for {
		q.mu.Lock()
		if len(q.pending) == 0 || q.holds > 0 {
			q.running = false
			q.mu.Unlock()
			return
		}
		v := q.pending[0]
		var zero T
		q.pending[0] = zero
		q.pending = q.pending[1:]
		if len(q.pending) == 0 {
			q.pending = nil // let a burst's storage go
		}
		q.mu.Unlock()
		q.handle(v)
	}
}
