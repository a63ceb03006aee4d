package streams

import "sync"

// again runs attempt, and runs it again each time run is called after
// that. A run called while an attempt is still being subscribed — by a
// source that fails or completes at once — is made after that call
// returns, in a loop, so that a source that fails synchronously retries
// without ever deeper calls. The resubscribing operators use it, and so
// do Concat and MergeMap for the sources waiting their turn.
type again struct {
	attempt func()

	mu          sync.Mutex
	subscribing bool
	pending     bool
}

func (a *again) run() {
	a.mu.Lock()
	if a.subscribing {
		a.pending = true
		a.mu.Unlock()
		return
	}
	a.subscribing = true
	a.mu.Unlock()
	for {
		a.attempt()
		a.mu.Lock()
		if !a.pending {
			a.subscribing = false
			a.mu.Unlock()
			return
		}
		a.pending = false
		a.mu.Unlock()
	}
}
