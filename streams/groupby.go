package streams

import (
	"context"
	"slices"
	"sync"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
	"github.com/rxepic/rxepic/internal/serial"
)

// Group is one group of [GroupBy]: the key its values share, and its
// values as they come. Values is hot, as a Subject: a subscriber sees the
// values that come after it subscribed, then the group's end, so
// subscribe while handling the Group (in MergeMap, say) to miss none.
// Values may be subscribed any number of times, from any goroutine.
type Group[K comparable] struct {
	Key    K
	Values rxgo.Observable
}

// A GroupOption configures [GroupBy].
type GroupOption[K comparable] func(*groupConfig[K])

type groupConfig[K comparable] struct {
	duration func(Group[K]) rxgo.Observable
}

// GroupDuration ends each group when duration(group) emits or
// completes, as RxJS's duration selector: the group completes, and the
// next value of its key starts a new group. duration's observable is
// subscribed when the group is emitted, before its first value; it may
// subscribe to the group's Values, so Pipe(g.Values,
// StartWith(nil), SwitchMap(func(any) rxgo.Observable { return Timer(d) }))
// ends a group idle for d. A notifier that ends its group while being
// subscribed does so once the group has had the value that opened it
// (RxJS would end it before). Its error fails that group only. A panic in
// duration, or a nil result, fails the stream and every group.
func GroupDuration[K comparable](duration func(g Group[K]) rxgo.Observable) GroupOption[K] {
	mustNotBeNil("GroupDuration", "duration selector", duration == nil)
	return func(c *groupConfig[K]) { c.duration = duration }
}

// GroupBy emits a Group for every key(v) of the source's values v when
// that key first comes, and passes each value on to its group, as RxJS's
// groupBy. When the source completes or fails, so do the stream and
// every group. The source stays subscribed while the stream or any
// subscription to a group's Values lasts, so a Take on the groups leaves
// the groups taken running. A value that is not a T, or a panic in key,
// fails the stream and every group with a *TypeError or a *PanicError.
func GroupBy[T any, K comparable](key func(T) K, opts ...GroupOption[K]) Operator {
	mustNotBeNil("GroupBy", "key function", key == nil)
	var cfg groupConfig[K]
	configure("GroupBy", &cfg, opts)
	t := newTypeOf[T]("GroupBy")
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("GroupBy", "source", src == nil)
		return newObservable(func(s *subscriber) {
			g := &grouping[T, K]{key: key, cfg: cfg, t: t, s: s, groups: map[K]*group[K]{}}
			g.q = serial.New(g.handle)
			// The source subscription outlives s while groups are
			// subscribed, but carries its values.
			g.source = newRoot(context.WithoutCancel(s.values), input{q: g.q, from: fromSource})
			s.onEnd(g.outerEnded)
			start(g.source, src)
		})
	}
}

// grouping is one subscription of a GroupBy. Only handle touches groups,
// made and over; mu guards the count of group subscriptions.
type grouping[T any, K comparable] struct {
	key    func(T) K
	cfg    groupConfig[K]
	t      typeOf[T]
	s      *subscriber
	q      *serial.Queue[event]
	source *subscriber

	groups map[K]*group[K] // the groups open now
	made   int             // groups made so far
	over   bool            // the source ended, or a function failed

	mu        sync.Mutex
	active    int  // subscriptions to groups' Values
	outerGone bool // s has ended
}

// group is one group of a grouping.
type group[K comparable] struct {
	seq      int // creation order, so that groups end in that order
	key      K
	hub      *hub
	duration *subscriber
}

func (g *grouping[T, K]) handle(e event) {
	switch {
	case g.over:
	case e.from == fromNotifier: // a duration's; its v is the group
		g.endGroup(e)
	case e.kind == nextEvent:
		g.next(e.v)
	case e.kind == failEvent:
		g.failAll(e.err)
	default:
		g.over = true
		for _, grp := range g.inOrder() {
			grp.hub.done()
		}
		g.s.done()
	}
}

func (g *grouping[T, K]) next(v any) {
	x, err := g.t.mustAs(v)
	var grp *group[K]
	var k K
	if err == nil {
		// The lookup too: an interface key may hold an uncomparable value.
		err = panics.Catch("GroupBy", func() {
			k = g.key(x)
			grp = g.groups[k]
		})
	}
	if err != nil {
		g.failAll(err)
		return
	}
	if grp == nil {
		grp = &group[K]{seq: g.made, key: k, hub: newHub(replayBuffer{}, false)}
		g.made++
		g.groups[k] = grp
		public := Group[K]{Key: k, Values: newObservable(func(gs *subscriber) { g.subscribeGroup(grp, gs) })}
		g.s.next(public)
		if g.unwatched() {
			return // emitting it ended the stream: call nothing more
		}
		if g.cfg.duration != nil && !g.startDuration(grp, public) {
			return
		}
	}
	grp.hub.next(v)
}

// startDuration subscribes grp's duration notifier, and reports whether
// that went well: otherwise the stream has failed.
func (g *grouping[T, K]) startDuration(grp *group[K], public Group[K]) bool {
	var notifier rxgo.Observable
	err := panics.Catch("GroupBy", func() { notifier = g.cfg.duration(public) })
	if err == nil && notifier == nil {
		err = errNilObservable("GroupBy", "duration selector")
	}
	if err != nil {
		g.failAll(err)
		return false
	}
	grp.duration = g.source.child(nil)
	grp.duration.o = funcs{
		onNext: func(any) {
			grp.duration.end() // at once: a synchronous notifier stops here
			g.q.Push(event{from: fromNotifier, kind: doneEvent, v: grp})
		},
		onFail: func(err error) { g.q.Push(event{from: fromNotifier, kind: failEvent, v: grp, err: err}) },
		onDone: func() { g.q.Push(event{from: fromNotifier, kind: doneEvent, v: grp}) },
	}
	start(grp.duration, notifier)
	return true
}

// endGroup ends the group of a duration notifier's event e, unless it has
// ended already: it completes, or fails with the notifier's error.
func (g *grouping[T, K]) endGroup(e event) {
	grp := e.v.(*group[K])
	if g.groups[grp.key] != grp {
		return
	}
	delete(g.groups, grp.key)
	grp.duration.end()
	if e.kind == failEvent {
		grp.hub.fail(e.err)
	} else {
		grp.hub.done()
	}
}

// failAll fails every group, then the stream, and lets the source go.
func (g *grouping[T, K]) failAll(err error) {
	g.over = true
	for _, grp := range g.inOrder() {
		grp.hub.fail(err)
	}
	g.s.fail(err)
	g.source.end()
}

// inOrder returns the open groups in the order they were made.
func (g *grouping[T, K]) inOrder() []*group[K] {
	open := make([]*group[K], 0, len(g.groups))
	for _, grp := range g.groups {
		open = append(open, grp)
	}
	slices.SortFunc(open, func(a, b *group[K]) int { return a.seq - b.seq })
	return open
}

// subscribeGroup subscribes gs to grp's values, counting it while it
// lasts.
func (g *grouping[T, K]) subscribeGroup(grp *group[K], gs *subscriber) {
	g.mu.Lock()
	g.active++
	g.mu.Unlock()
	grp.hub.subscribe(gs)
	gs.onEnd(func() {
		g.mu.Lock()
		g.active--
		idle := g.active == 0 && g.outerGone
		g.mu.Unlock()
		if idle {
			g.source.end()
		}
	})
}

// unwatched reports whether the stream has ended and no group's Values
// is subscribed: the source is let go then.
func (g *grouping[T, K]) unwatched() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.outerGone && g.active == 0
}

// outerEnded lets the source go once no group is subscribed either.
func (g *grouping[T, K]) outerEnded() {
	g.mu.Lock()
	g.outerGone = true
	idle := g.active == 0
	g.mu.Unlock()
	if idle {
		g.source.end()
	}
}
