package bench

import (
	"context"
	"sync"
)

// asyncMutex is the lock of the mutex pattern, with the three operations
// it uses: wait until unlocked without taking the lock, ask whether it is
// locked, take it. It is safe for concurrent use.
type asyncMutex struct {
	mu sync.Mutex
	// unlocked is closed when the current holder releases the lock; nil
	// while nobody holds it.
	unlocked chan struct{}
}

// waitForUnlock returns once nobody holds the lock, or when ctx ends. It
// does not take the lock: when several waiters wake, none holds it.
func (m *asyncMutex) waitForUnlock(ctx context.Context) error {
	m.mu.Lock()
	ch := m.unlocked
	m.mu.Unlock()
	if ch == nil {
		return nil
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// acquireIfUnlocked is the pattern's "if not locked, acquire": it takes
// the lock and returns its release function if nobody holds it, and
// returns nil if somebody does. The pattern was written for a
// single-threaded event loop, where nothing can run between checking the
// lock and taking it; doing both under one lock keeps that property here.
func (m *asyncMutex) acquireIfUnlocked() (release func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.unlocked != nil {
		return nil
	}
	ch := make(chan struct{})
	m.unlocked = ch
	return func() {
		m.mu.Lock()
		m.unlocked = nil
		m.mu.Unlock()
		close(ch)
	}
}
