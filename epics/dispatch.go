package epics

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/rxepic/rxepic/streams"
)

// maxSpare is the largest queue storage kept for reuse after a burst.
const maxSpare = 4096

// Dispatch processes action: the reducer computes the new state, state$
// emits it if it changed, and the action goes out on action$ to the
// epics. It is safe to call from any goroutine, including an epic's or a
// subscriber's, and from the reducer itself.
//
// Actions are processed one at a time, in the order they were dispatched,
// never re-entrantly: an action dispatched while another is being
// processed (or while Start is subscribing epics) is queued and processed
// after it, by the goroutine already processing, and Dispatch returns at
// once. Otherwise Dispatch returns after processing it, and whatever was
// queued meanwhile. It never waits for epics, whose queues are unbounded.
//
// Dispatch returns ErrNilAction for a nil action and ErrClosed after
// Close; the action is then dropped.
func (s *Store[S, D]) Dispatch(action any) error {
	if action == nil {
		return ErrNilAction
	}
	return s.enqueue(action, true)
}

// dispatchOutput dispatches what an epic emitted. Unlike Dispatch it takes
// actions after Close, so that epics can finish their work: they are
// reduced, though no longer delivered on action$.
func (s *Store[S, D]) dispatchOutput(action any) { s.enqueue(action, false) }

// enqueue appends item to the queue and processes the queue unless
// another goroutine is at it or a Start holds it.
func (s *Store[S, D]) enqueue(item any, external bool) error {
	s.mu.Lock()
	if external && s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.queue = append(s.queue, item)
	if s.draining || s.holds > 0 {
		s.mu.Unlock()
		return nil
	}
	s.drainLocked()
	return nil
}

// release undoes the hold that start takes (holds++) while it subscribes
// epics, so that epics started together all subscribe before any of them
// sees what they emitted on start-up; the last release processes what was
// queued meanwhile.
func (s *Store[S, D]) release() {
	s.mu.Lock()
	s.holds--
	if s.draining || s.holds > 0 || len(s.queue) == 0 {
		s.mu.Unlock()
		return
	}
	s.drainLocked()
}

// drainLocked processes the queue until it is empty or held. It is called
// with s.mu held and returns with it released.
func (s *Store[S, D]) drainLocked() {
	s.draining = true
	for len(s.queue) > 0 && s.holds == 0 {
		batch := s.queue
		s.queue, s.spare = s.spare, nil
		s.mu.Unlock()
		for i, item := range batch {
			s.process(item)
			batch[i] = nil
		}
		s.mu.Lock()
		if cap(batch) <= maxSpare {
			s.spare = batch[:0]
		}
	}
	s.draining = false
	s.mu.Unlock()
}

// process reduces one action and delivers it, or ends action$.
func (s *Store[S, D]) process(item any) {
	if _, ok := item.(endOfActions); ok {
		s.finish()
		return
	}
	if !s.reduce(item) {
		return
	}
	s.actions.Next(item)
	if s.cfg.actionLog != nil {
		s.logAction(item)
	}
}

// reduce runs the reducer and updates state$. A panic in the reducer or
// in the comparison leaves the state unchanged and is reported; it
// returns false then.
func (s *Store[S, D]) reduce(action any) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			perr := &streams.PanicError{Op: "reducer", Value: p, Stack: debug.Stack()}
			s.cfg.report("", fmt.Errorf("epics: reducer panicked on an action of type %s, which was dropped: %w", actionType(action), perr))
			ok = false
		}
	}()
	s.state.next(s.reducer(s.state.value(), action))
	return true
}

// logAction logs action as WithActionLog asks, never letting a panic in
// redact reach the queue.
func (s *Store[S, D]) logAction(action any) {
	l := s.cfg.actionLog
	ctx := context.Background()
	if !s.cfg.logger.Enabled(ctx, l.level) {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			s.cfg.logger.Error("epics: logging an action panicked", "type", actionType(action), "panic", fmt.Sprint(p))
		}
	}()
	attrs := []slog.Attr{slog.String("type", actionType(action))}
	if l.redact != nil {
		attrs = append(attrs, slog.Any("action", l.redact(action)))
	}
	s.cfg.logger.LogAttrs(ctx, l.level, "epics: action", attrs...)
}

// actionType names an action's type for logs and errors: its Type() if
// it is Typed, its Go type otherwise. It never shows the action's value.
func actionType(action any) (name string) {
	if t, ok := action.(Typed); ok {
		defer func() {
			if recover() != nil {
				name = fmt.Sprintf("%T", action)
			}
		}()
		return t.Type()
	}
	return fmt.Sprintf("%T", action)
}

// report tells the OnError hook, or the log, about a failure.
func (c *config) report(epic string, err error) {
	if c.onError == nil {
		if epic == "" {
			c.logger.Error("epics: reducer failed", "err", err)
		} else {
			c.logger.Error("epics: epic failed", "epic", epic, "err", err)
		}
		return
	}
	defer func() {
		if p := recover(); p != nil {
			c.logger.Error("epics: OnError hook panicked", "epic", epic, "panic", fmt.Sprint(p))
		}
	}()
	c.onError(epic, err)
}
