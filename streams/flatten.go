package streams

import (
	"sync"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/serial"
)

// MergeMap maps every value v to the observable f(v) and emits the values
// of all of them as they come, with at most concurrency inners subscribed
// at once (0 means no limit; values past the limit wait their turn in
// order). Unlike rxgo's FlatMap, inners really run concurrently. It
// completes when the source and every inner have completed, and fails on
// the first error, ending everything else.
func MergeMap[T any](f func(T) rxgo.Observable, concurrency int) Operator {
	mustNotBeNegative("MergeMap", "concurrency", concurrency)
	return flatten("MergeMap", f, mergeInners, concurrency)
}

// ConcatMap is MergeMap with a concurrency of 1: each inner runs to
// completion before the next value's inner is subscribed.
func ConcatMap[T any](f func(T) rxgo.Observable) Operator {
	return flatten("ConcatMap", f, mergeInners, 1)
}

// SwitchMap maps every value v to f(v) and mirrors only the latest: a new
// value ends the inner of the one before. It completes when the source
// and the last inner have completed.
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
	mergeInners   strategy = iota // start its inner, or buffer it past the limit
	switchInners                  // end the running inner, then start its own
	exhaustInners                 // drop it while an inner runs
)

func flatten[T any](op string, f func(T) rxgo.Observable, how strategy, limit int) Operator {
	mustNotBeNil(op, "function", f == nil)
	t := newTypeOf[T](op)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil(op, "source", src == nil)
		return newObservable(func(s *subscriber) {
			m := &merger[T]{op: op, f: f, how: how, limit: limit, t: t, s: s, out: serialTo(s)}
			m.backlog.attempt = m.startHandedOver
			subscribe(s, src, funcs{onNext: m.outerNext, onFail: m.fail, onDone: m.outerDone})
		})
	}
}

// merger is one subscription of a flattening operator. Inners are
// subscribed outside any lock and outside out, so that an inner emitting
// synchronously reaches the subscriber at once, and ending the
// subscription stops it before its next value.
type merger[T any] struct {
	op    string
	f     func(T) rxgo.Observable
	how   strategy
	limit int
	t     typeOf[T]
	s     *subscriber
	out   *serial.Queue[event] // what reaches s, one event at a time

	mu         sync.Mutex
	active     int // inners subscribed and not ended
	buffer     []T // values past the concurrency limit
	handedOver int // slots of ended inners passed to buffer[:handedOver]
	outerEnded bool
	current    *subscriber // SwitchMap's latest inner

	// backlog starts the values slots were handed over to in a loop, so
	// that a run of inners completing at once never nests calls.
	backlog again
}

func (m *merger[T]) fail(err error) { m.out.Push(event{kind: failEvent, err: err}) }

func (m *merger[T]) outerNext(v any) {
	x, err := m.t.mustAs(v)
	if err != nil {
		m.fail(err)
		return
	}
	m.mu.Lock()
	var replaced *subscriber
	switch {
	case m.how == mergeInners && m.limit > 0 && m.active >= m.limit:
		m.buffer = append(m.buffer, x)
		m.mu.Unlock()
		return
	case m.how == exhaustInners && m.active > 0:
		m.mu.Unlock()
		return
	case m.how == switchInners && m.current != nil:
		replaced, m.current = m.current, nil
		m.active--
	}
	m.active++
	m.mu.Unlock()
	if replaced != nil {
		replaced.end()
	}
	m.start(x)
}

func (m *merger[T]) outerDone() {
	m.mu.Lock()
	m.outerEnded = true
	finished := m.active == 0
	m.mu.Unlock()
	if finished {
		m.out.Push(event{kind: doneEvent})
	}
}

// start subscribes the inner of x, counted as active already, unless the
// subscription has ended: an inner ending during teardown frees a slot,
// and f must not be called for the value buffered behind it.
func (m *merger[T]) start(x T) {
	if m.s.isClosed() {
		return
	}
	inner, err := apply(m.op, m.f, x)
	if err == nil && inner == nil {
		err = errNilObservable(m.op, "function")
	}
	if err != nil {
		m.fail(err)
		return
	}
	in := &innerObserver[T]{m: m}
	in.sub = m.s.child(in)
	if m.how == switchInners {
		m.mu.Lock()
		m.current = in.sub
		m.mu.Unlock()
	}
	start(in.sub, inner)
}

// innerDone counts an inner out, or hands its slot to the next buffered
// value.
func (m *merger[T]) innerDone(inner *subscriber) {
	m.mu.Lock()
	if m.how == switchInners {
		if m.current != inner {
			m.mu.Unlock()
			return // replaced: counted out then
		}
		m.current = nil
	}
	if len(m.buffer) > m.handedOver {
		// The slot stays taken, so that no later value overtakes the
		// buffered ones and the stream does not complete meanwhile.
		m.handedOver++
		m.mu.Unlock()
		m.backlog.run()
		return
	}
	m.active--
	finished := m.outerEnded && m.active == 0
	m.mu.Unlock()
	if finished {
		m.out.Push(event{kind: doneEvent})
	}
}

// startHandedOver starts, in order, the buffered values that slots were
// handed over to.
func (m *merger[T]) startHandedOver() {
	for {
		m.mu.Lock()
		if m.handedOver == 0 {
			m.mu.Unlock()
			return
		}
		m.handedOver--
		x := m.buffer[0]
		m.buffer[0] = *new(T)
		m.buffer = m.buffer[1:]
		m.mu.Unlock()
		m.start(x)
	}
}

// innerObserver observes one inner.
type innerObserver[T any] struct {
	m   *merger[T]
	sub *subscriber
}

func (in *innerObserver[T]) next(v any)     { in.m.out.Push(event{kind: nextEvent, v: v}) }
func (in *innerObserver[T]) fail(err error) { in.m.fail(err) }
func (in *innerObserver[T]) done()          { in.m.innerDone(in.sub) }
