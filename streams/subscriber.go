package streams

import (
	"context"
	"sync"
	"sync/atomic"
)

// observer receives one subscription's events: values through next, then
// at most one of fail and done.
type observer interface {
	next(v any)
	fail(err error)
	done()
}

// subscriber is one subscription, as RxJS's Subscriber: the observer it
// passes events to and the lifetime of the subscription.
//
// A subscription is closed once, for good: when its observer has been
// handed the terminal event, or when it is unsubscribed (end). From then
// on it passes nothing on, and sources check closed before any work. Then
// it is torn down, before the call that closed it returns and on the
// goroutine that made it: its children are ended, its context (if it
// made one) is cancelled, then its teardown functions run in the order
// they were added. So when Take's downstream
// has its last value, everything upstream has stopped.
//
// Its events must come one at a time: an operator with several inputs
// serializes them (see out) before they reach a subscriber.
type subscriber struct {
	o      observer
	values context.Context // the context functions run under it read values and deadlines from
	closed atomic.Bool
	parent atomic.Pointer[subscriber] // nil for a root, and once unlinked

	mu               sync.Mutex
	over             bool        // torn down, or being torn down
	prevSib, nextSib *subscriber // siblings, guarded by the parent's mu
	first            *subscriber // children
	teardowns        []func()
	ctx              context.Context // made by context, cancelled at teardown
	cancel           context.CancelFunc
}

// newRoot returns a subscription passing events to o that lives until it
// ends or ctx does.
func newRoot(ctx context.Context, o observer) *subscriber {
	s := &subscriber{o: o, values: ctx}
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, s.end)
		s.onEnd(func() { stop() })
	}
	return s
}

// child returns a subscription passing events to o that ends when s does,
// if not before; it is already over if s is.
func (s *subscriber) child(o observer) *subscriber {
	return s.childWith(s.values, o)
}

// childWith is child whose functions see values instead of s's.
func (s *subscriber) childWith(values context.Context, o observer) *subscriber {
	c := &subscriber{o: o, values: values}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.over {
		c.closed.Store(true)
		c.over = true
		return c
	}
	c.parent.Store(s)
	c.nextSib = s.first
	if s.first != nil {
		s.first.prevSib = c
	}
	s.first = c
	return c
}

// root returns the subscription s is part of, at the top of the tree.
func (s *subscriber) root() *subscriber {
	for {
		p := s.parent.Load()
		if p == nil {
			return s
		}
		s = p
	}
}

// isClosed reports whether the subscription passes nothing on any more.
func (s *subscriber) isClosed() bool { return s.closed.Load() }

// next, fail and done pass an event on unless s is closed; a terminal
// event closes s and tears it down once its observer has had it.
func (s *subscriber) next(v any) {
	if !s.closed.Load() {
		s.o.next(v)
	}
}

func (s *subscriber) fail(err error) {
	if s.closed.CompareAndSwap(false, true) {
		s.o.fail(err)
		s.teardown()
	}
}

func (s *subscriber) done() {
	if s.closed.CompareAndSwap(false, true) {
		s.o.done()
		s.teardown()
	}
}

// end unsubscribes: nothing more is passed on, and the subscription is
// torn down before end returns. Ending it again does nothing.
func (s *subscriber) end() {
	s.closed.Store(true)
	s.teardown()
}

// onEnd adds f to run at teardown, or runs it at once if that is over.
func (s *subscriber) onEnd(f func()) {
	s.mu.Lock()
	if !s.over {
		s.teardowns = append(s.teardowns, f)
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	f()
}

// context returns a context with s's values that is cancelled when s is
// torn down: what a function that does work for the subscription runs
// with.
func (s *subscriber) context() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx == nil {
		s.ctx, s.cancel = context.WithCancel(s.values)
		if s.over {
			s.cancel()
		}
	}
	return s.ctx
}

// teardown ends the children, runs the teardowns, and unlinks s from its
// parent, once.
func (s *subscriber) teardown() {
	s.mu.Lock()
	if s.over {
		s.mu.Unlock()
		return
	}
	s.over = true
	fs, cancel := s.teardowns, s.cancel
	s.teardowns = nil
	s.mu.Unlock()
	for {
		c := s.popChild()
		if c == nil {
			break
		}
		c.end()
	}
	if cancel != nil {
		cancel() // what runs for s stops before what was added to run after it
	}
	for _, f := range fs {
		f()
	}
	if p := s.parent.Load(); p != nil {
		p.unlink(s)
	}
}

// popChild unlinks and returns one child, or nil.
func (s *subscriber) popChild() *subscriber {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.first
	if c != nil {
		s.unlinkLocked(c)
	}
	return c
}

func (s *subscriber) unlink(c *subscriber) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.parent.Load() == s {
		s.unlinkLocked(c)
	}
}

func (s *subscriber) unlinkLocked(c *subscriber) {
	if c.prevSib != nil {
		c.prevSib.nextSib = c.nextSib
	} else {
		s.first = c.nextSib
	}
	if c.nextSib != nil {
		c.nextSib.prevSib = c.prevSib
	}
	c.prevSib, c.nextSib = nil, nil
	c.parent.Store(nil)
}
