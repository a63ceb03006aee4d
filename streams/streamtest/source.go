package streamtest

import (
	"context"
	"slices"
	"testing/synctest"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// Source is an observable that plays a marble diagram, made by H.Hot or
// H.Cold. It is an rxgo.Observable: streams operators and rxgo's own take
// it. Every Observe is a subscription, which the source logs, with the
// frame it ended at, for H.ExpectSubscriptions. A subscription ends when
// the stream has delivered its terminal event or when its subscriber
// unsubscribes (cancels the context it observed with). Observe and
// Subscriptions are safe for concurrent use.
type Source struct {
	rxgo.Observable
	h      *H
	hot    bool
	events []Event
	where  string // where the test declared it

	// Guarded by h.mu.
	subs []*subscription // a hot source's current subscriptions, in order
	logs []SubscriptionLog
	end  *Event // the terminal event a hot source has emitted
}

// subscription is one subscription to a Source, fed through a Subject of
// its own, so that each subscriber is fed on its own.
type subscription struct {
	subject *streams.Subject
	log     int  // index in Source.logs
	over    bool // guarded by h.mu
}

// Hot returns a source that plays marbles on the test's clock, whoever
// subscribes: '^' (optional) is frame 0, the frame Flush starts at, and a
// subscriber sees what comes after it subscribed. Events left of '^'
// happen before the test begins, so only a terminal one is seen: a late
// subscriber to an ended hot source gets its terminal event at once.
//
// values names the values, as in Parse; err, if given, is what '#' stands
// for, otherwise ErrMarble. A malformed diagram fails the test, naming the
// column and the problem.
func (h *H) Hot(marbles string, values map[string]any, err ...error) *Source {
	h.Helper()
	return h.newSource("Hot", marbles, values, err)
}

// Cold returns a source that plays marbles anew for every subscription,
// with the diagram's frame 0 at the moment of subscribing. '^' is not
// allowed. values and err are as for Hot.
func (h *H) Cold(marbles string, values map[string]any, err ...error) *Source {
	h.Helper()
	return h.newSource("Cold", marbles, values, err)
}

func (h *H) newSource(op, marbles string, values map[string]any, errs []error) *Source {
	h.Helper()
	where := caller(1)
	h.mustSetUp(op, where)
	hot := op == "Hot"
	events, last, err := parse(marbles, values, h.syntax(hot, h.oneError(op, where, errs)))
	if err != nil {
		h.bad(op, where, err)
	}
	s := &Source{h: h, hot: hot, events: events, where: where}
	s.Observable = streams.Defer(s.subscribe)
	if hot {
		h.mu.Lock()
		h.last = max(h.last, last)
		for _, e := range events {
			at, phase := h.timeOf(e.Frame), phaseEmit
			if e.Frame < 0 {
				at, phase = 0, phaseBefore
			}
			h.scheduleLocked(at, phase, nil, func() { s.emit(e) })
		}
		h.mu.Unlock()
	}
	return s
}

// Subscriptions returns the subscriptions made to s so far, in the order
// they were made. After Flush it is what the timeline ended with.
func (s *Source) Subscriptions() []SubscriptionLog {
	s.h.mu.Lock()
	defer s.h.mu.Unlock()
	return slices.Clone(s.logs)
}

// subscribe is the Defer factory of s: one call per subscription, with
// the subscription's context, which ends with it.
func (s *Source) subscribe(ctx context.Context) rxgo.Observable {
	h := s.h
	now := h.elapsed()
	sub := &subscription{subject: streams.NewSubject()}
	var end *Event
	h.mu.Lock()
	sub.log = len(s.logs)
	if !h.frozen {
		s.logs = append(s.logs, SubscriptionLog{Subscribed: h.frameAt(now), Unsubscribed: StillSubscribed})
	}
	switch {
	case s.hot && s.end != nil:
		end = s.end
	case s.hot:
		s.subs = append(s.subs, sub)
	default:
		for _, e := range s.events {
			h.scheduleLocked(now+h.timeOf(e.Frame), phaseEmit, sub, func() { s.deliver(sub, e) })
		}
	}
	h.mu.Unlock()
	if end != nil {
		sub.send(*end)
	}
	context.AfterFunc(ctx, func() { s.ended(sub) })
	return sub.subject.Observable()
}

// emit plays one event of a hot source: to each subscriber in the order
// they subscribed, letting each run to a standstill before the next, as a
// synchronous Subject would.
func (s *Source) emit(e Event) {
	h := s.h
	h.mu.Lock()
	subs := slices.Clone(s.subs)
	if e.terminal() {
		s.end = &e
	}
	h.mu.Unlock()
	for i, sub := range subs {
		if i > 0 {
			synctest.Wait()
		}
		s.deliver(sub, e)
	}
}

// deliver sends e to sub unless sub has ended.
func (s *Source) deliver(sub *subscription, e Event) {
	s.h.mu.Lock()
	over := sub.over
	s.h.mu.Unlock()
	if !over {
		sub.send(e)
	}
}

func (sub *subscription) send(e Event) {
	switch e.Kind {
	case Next:
		sub.subject.Next(e.Value)
	case Error:
		sub.subject.Error(e.Err)
	case Complete:
		sub.subject.Complete()
	}
}

// ended logs the end of sub, at the frame its context was cancelled.
func (s *Source) ended(sub *subscription) {
	h := s.h
	h.mu.Lock()
	defer h.mu.Unlock()
	sub.over = true
	s.subs = slices.DeleteFunc(s.subs, func(x *subscription) bool { return x == sub })
	h.dropLocked(sub)
	if !h.frozen && sub.log < len(s.logs) {
		s.logs[sub.log].Unsubscribed = h.frameAt(h.elapsed())
	}
}
