package streams

import (
	"context"
	"fmt"

	"github.com/reactivex/rxgo/v2"
)

// MergeMap maps every value v to the observable f(v) and emits the values
// of all of them as they come, with at most concurrency inners subscribed
// at once (0 means no limit; values past the limit wait their turn in
// order). Unlike rxgo's FlatMap, inners really run concurrently. It
// completes when the source and every inner have completed, and fails on
// the first error, cancelling everything else.
func MergeMap[T any](f func(T) rxgo.Observable, concurrency int) Operator {
	if concurrency < 0 {
		panic(fmt.Sprintf("streams.MergeMap: negative concurrency %d", concurrency))
	}
	return flatten("MergeMap", f, mergeInners, concurrency)
}

// ConcatMap is MergeMap with a concurrency of 1: each inner runs to
// completion before the next value's inner is subscribed.
func ConcatMap[T any](f func(T) rxgo.Observable) Operator {
	return flatten("ConcatMap", f, mergeInners, 1)
}

// SwitchMap maps every value v to f(v) and mirrors only the latest: a new
// value unsubscribes the inner of the one before. It completes when the
// source and the last inner have completed.
func SwitchMap[T any](f func(T) rxgo.Observable) Operator {
	return flatten("SwitchMap", f, switchInners, 0)
}

// ExhaustMap maps a value v to f(v) only when no inner is running, and
// drops values that arrive while one is. It completes when the source and
// the running inner have completed.
func ExhaustMap[T any](f func(T) rxgo.Observable) Operator {
	return flatten("ExhaustMap", f, exhaustInners, 0)
}

// strategy is what a flattening operator does with a new value.
type strategy int

const (
	mergeInners   strategy = iota // start its inner, or queue it past the limit
	switchInners                  // cancel the running inner, then start its own
	exhaustInners                 // drop it while an inner runs
)

// outer is the input number of the source; inners are numbered from 1.
const outer = 0

func flatten[T any](op string, f func(T) rxgo.Observable, how strategy, limit int) Operator {
	mustNotBeNil(op, "function", f == nil)
	t := newTypeOf[T](op)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil(op, "source", src == nil)
		return newObservable(func(ctx context.Context, o observer) {
			ctx, cancel := context.WithCancel(ctx)
			m := &merger[T]{op: op, f: f, how: how, limit: limit, t: t, o: o, ctx: ctx, cancel: cancel}
			m.s.handle = m.handle
			subscribe(ctx, src, input{s: &m.s, from: outer})
		})
	}
}

// merger is the state of one subscription of a flattening operator; only
// handle, run by m.s one event at a time, touches it.
type merger[T any] struct {
	op         string
	f          func(T) rxgo.Observable
	how        strategy
	limit      int
	t          typeOf[T]
	o          observer
	ctx        context.Context
	cancel     context.CancelFunc
	s          serial
	inners     map[uint64]context.CancelFunc // running inners; made with the first
	lastID     uint64
	waiting    []T // values past the concurrency limit
	outerEnded bool
	over       bool
}

func (m *merger[T]) handle(e event) {
	if m.over {
		return
	}
	if e.kind == failEvent {
		m.end(e.err)
		return
	}
	if e.from != outer {
		m.inner(e)
		return
	}
	if e.kind == doneEvent {
		m.outerEnded = true
		m.completeIfIdle()
		return
	}
	v, err := m.t.mustAs(e.v)
	if err != nil {
		m.end(err)
		return
	}
	switch {
	case m.how == mergeInners && m.limit > 0 && len(m.inners) >= m.limit:
		m.waiting = append(m.waiting, v)
		return
	case m.how == switchInners:
		for id, cancel := range m.inners {
			cancel()
			delete(m.inners, id)
		}
	case m.how == exhaustInners && len(m.inners) > 0:
		return
	}
	m.start(v)
}

// inner handles an event of an inner; those of dropped inners are ignored.
func (m *merger[T]) inner(e event) {
	cancel, running := m.inners[e.from]
	switch {
	case !running:
	case e.kind == nextEvent:
		m.o.next(e.v)
	default:
		cancel()
		delete(m.inners, e.from)
		if len(m.waiting) > 0 {
			v := m.waiting[0]
			m.waiting[0] = *new(T)
			m.waiting = m.waiting[1:]
			m.start(v)
			return
		}
		m.completeIfIdle()
	}
}

// start subscribes the inner of v. Its events are queued behind this one.
func (m *merger[T]) start(v T) {
	inner, err := apply(m.op, m.f, v)
	if err == nil && inner == nil {
		err = errNilObservable(m.op, "function")
	}
	if err != nil {
		m.end(err)
		return
	}
	m.lastID++
	ctx, cancel := context.WithCancel(m.ctx)
	if m.inners == nil {
		// Not before: a subscription waiting for its first value, like a
		// request waiting for a token, should cost as little as it can.
		m.inners = make(map[uint64]context.CancelFunc, 1)
	}
	m.inners[m.lastID] = cancel
	subscribe(ctx, inner, input{s: &m.s, from: m.lastID})
}

func (m *merger[T]) completeIfIdle() {
	if m.outerEnded && len(m.inners) == 0 {
		m.over = true
		m.cancel()
		m.o.done()
	}
}

func (m *merger[T]) end(err error) {
	m.over = true
	m.cancel()
	m.o.fail(err)
}
