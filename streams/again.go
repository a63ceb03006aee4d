package streams

import (
	"sync"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
)

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

// afterNotifier subscribes s to the delay notifier notify returns, and
// calls then at the notifier's first value, ending it. The notifier
// failing fails s, and completing without a value completes it; a panic
// in notify, or a nil notifier, fails s too.
func afterNotifier(s *subscriber, op string, notify func() rxgo.Observable, then func()) {
	var notifier rxgo.Observable
	perr := panics.Catch(op, func() { notifier = notify() })
	if perr == nil && notifier == nil {
		perr = errNilObservable(op, "delay notifier")
	}
	if perr != nil {
		s.fail(perr)
		return
	}
	wait := s.child(nil)
	wait.o = funcs{
		onNext: func(any) {
			wait.end()
			then()
		},
		onFail: s.fail,
		onDone: s.done,
	}
	start(wait, notifier)
}
