package epics

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/rxepic/rxepic/internal/panics"
)

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

// enqueue queues item for processing: at once, on this goroutine, unless
// another goroutine is processing or a Start holds the queue.
func (s *Store[S, D]) enqueue(item any, external bool) error {
	s.mu.Lock()
	if external && s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.mu.Unlock()
	s.queue.Push(item)
	return nil
}

// process reduces one action and delivers it, or ends action$, or starts
// feeding one of rxgo's late subscriptions.
func (s *Store[S, D]) process(item any) {
	switch it := item.(type) {
	case endOfActions:
		s.finish()
		return
	case lateJoin:
		s.feed.join(it)
		return
	}
	if !s.reduce(item) {
		return
	}
	s.actions.Next(item)
	s.feed.next(item)
	if s.cfg.actionLog != nil {
		s.logAction(item)
	}
}

// reduce runs the reducer and updates state$. A panic in the reducer or
// in the comparison leaves the state unchanged and is reported; it
// returns false then.
func (s *Store[S, D]) reduce(action any) bool {
	err := panics.Catch("reducer", func() { s.state.next(s.reducer(s.state.value(), action)) })
	if err != nil {
		s.cfg.report("", fmt.Errorf("epics: reducer panicked on an action of type %s, which was dropped: %w", actionType(action), err))
		return false
	}
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
	attrs := []slog.Attr{slog.String("type", actionType(action))}
	if l.redact != nil {
		if err := panics.Catch("action log redact", func() { attrs = append(attrs, slog.Any("action", l.redact(action))) }); err != nil {
			s.cfg.logger.Error("epics: logging an action panicked", "type", actionType(action), "panic", fmt.Sprint(err.(*panics.Error).Value))
			return
		}
	}
	s.cfg.logger.LogAttrs(ctx, l.level, "epics: action", attrs...)
}

// actionType names an action's type for logs and errors: its Type() if
// it is Typed, its Go type otherwise. It never shows the action's value.
func actionType(action any) string {
	if t, ok := action.(Typed); ok {
		var name string
		if panics.Catch("Type", func() { name = t.Type() }) == nil {
			return name
		}
	}
	return fmt.Sprintf("%T", action)
}

// warnLate logs that an rxgo subscription of epic to action$ may have
// missed actions.
func (s *Store[S, D]) warnLate(epic string) {
	s.cfg.logger.Warn("epics: one of rxgo's operators subscribed to action$ after the epic had seen actions, and may have missed some;"+
		" subscribe to action$ with streams operators, such as streams.Pipe(actions, epics.OfType[T](), streams.Map(f)), not rxgo's methods (actions.Map, actions.Filter...)",
		"epic", epic)
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
	if perr := panics.Catch("OnError hook", func() { c.onError(epic, err) }); perr != nil {
		c.logger.Error("epics: OnError hook panicked", "epic", epic, "panic", fmt.Sprint(perr.(*panics.Error).Value))
	}
}
