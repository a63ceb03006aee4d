package family

import (
	"context"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rxepic/rxepic/auth"
)

// changes tells the asks waiting on other replicas that the family's keys
// moved: each change closes the channel next returned before it.
type changes struct {
	mu sync.Mutex
	ch chan struct{}
}

func newChanges() *changes { return &changes{ch: make(chan struct{})} }

func (c *changes) next() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ch
}

func (c *changes) fire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.ch)
	c.ch = make(chan struct{})
}

// watch follows the family's keys until ctx ends: every new record is
// turned into local actions (follow), and every change of either key wakes
// the asks waiting. A watch that ends (its server went away) is made again.
func (r *replica) watch(ctx context.Context) {
	var last uint64 // the revision of the last record followed
	for ctx.Err() == nil {
		w, err := r.b.kv.Watch(ctx, r.name+".*")
		if err != nil {
			r.log.Debug("family: watching the record failed; trying again", "error", err.Error())
			pause(ctx, r.poll)
			continue
		}
		r.drain(ctx, w, &last)
		w.Stop()
	}
}

func (r *replica) drain(ctx context.Context, w jetstream.KeyWatcher, last *uint64) {
	for {
		select {
		case <-ctx.Done():
			return
		case e, ok := <-w.Updates():
			if !ok {
				return
			}
			if e == nil {
				continue // the initial values are in
			}
			if e.Key() == r.b.tokens && e.Operation() == jetstream.KeyValuePut && e.Revision() > *last {
				*last = e.Revision()
				if s, err := r.b.codec.decode(e.Value(), e.Revision()); err != nil {
					r.log.Warn("family: cannot read the family's record", "family", r.name, "error", err.Error())
				} else {
					r.follow(s)
				}
			}
			r.changes.fire()
		}
	}
}

// follow brings the local session to the family's record s: its newer
// tokens (a refresh or a sign-in made anywhere) and its sign-out. A
// record being refreshed is left to the asks, which wait for its result.
func (r *replica) follow(s snapshot) {
	r.gens.note(s.tokens.AccessToken, s.gen)
	local := r.session.State()
	mine := r.gens.of(local.AccessToken)
	switch {
	case s.status == statusSignedOut:
		if local.Status != auth.StatusSignedOut && s.gen >= mine {
			r.log.Debug("family: signed out by the family", "family", r.name, "record", s.String())
			r.dispatch(auth.SignedOut{Reason: s.signOutReason(r.name)})
		}
	case !s.hasTokens():
	case local.Status == auth.StatusSignedOut:
		if s.status != statusRefreshing {
			r.log.Debug("family: signing in with the family's tokens", "family", r.name, "record", s.String())
			r.dispatch(auth.SignedIn{Tokens: s.tokens})
		}
	case s.gen > mine:
		r.log.Debug("family: taking the family's new tokens", "family", r.name, "record", s.String())
		r.dispatch(auth.RefreshSucceeded{Tokens: s.tokens, Generation: local.Generation})
	}
}

// pause waits d, or until ctx ends.
func pause(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
