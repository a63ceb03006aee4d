package epics

import (
	"context"
	"runtime"
	"strings"
	"sync"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// rxgo's operator methods (actions.Map, actions.Filter, Debounce...)
// subscribe to action$ from a goroutine of their own, some time after the
// subscription that reaches them was made: after Start has returned, so an
// action dispatched at once would go past them. The store makes up for it
// as redux-observable's synchronous subscription would: an epic's action$
// keeps the actions processed since the epic was started, until the epic
// has seen one, and each subscription rxgo makes from its goroutines is
// handed those first, then every action that follows. Subscriptions made
// in place (streams operators) are never handed an action twice or one
// that came before them.
//
// Once the epic has seen an action, a subscription rxgo makes from its
// goroutines can no longer be told from one made in reaction to that
// action, which must not see the actions before it: it gets only what
// follows, and the store warns that it may have missed actions.

// earlyLimit is how many actions an epic's action$ keeps for rxgo's late
// subscriptions before the epic has seen any: it bounds what an epic that
// never subscribes to action$ holds on to.
const earlyLimit = 1024

// runKey is the context key of the run a subscription belongs to.
type runKey struct{}

// run is one subscription of one epic's output, as action$ knows it.
type run struct {
	epic   string
	early  []any // the actions processed since the run started, while open
	open   bool  // the epic has seen no action yet
	inside int   // subscriptions to action$ made in place
	late   []*streams.Subject
	warned bool
}

// feed hands action$ to epics: the store's actions, and for rxgo's late
// subscriptions what they would have seen. Its methods are safe for
// concurrent use; next, join and end run on the store's queue.
type feed struct {
	actions *streams.Subject
	queue   func(item any) // pushes an item to the store's queue
	warn    func(epic string)

	mu    sync.Mutex
	runs  map[*run]struct{}
	ended bool
}

// lateJoin is the queue item that starts feeding a late subscription,
// in order with the actions around it.
type lateJoin struct {
	run *run
	to  *streams.Subject
}

// observable is action$ as epics get it.
func (f *feed) observable() rxgo.Observable { return streams.Defer(f.subscribe) }

// begin registers a run of epic; ctx, derived from parent, carries it to
// the subscriptions its output makes.
func (f *feed) begin(parent context.Context, epic string) (context.Context, *run) {
	r := &run{epic: epic, open: true}
	f.mu.Lock()
	if f.runs == nil {
		f.runs = make(map[*run]struct{})
	}
	f.runs[r] = struct{}{}
	f.mu.Unlock()
	return context.WithValue(parent, runKey{}, r), r
}

// finish forgets a run that has ended.
func (f *feed) finish(r *run) {
	f.mu.Lock()
	delete(f.runs, r)
	f.mu.Unlock()
}

// subscribe is the Defer factory of action$.
func (f *feed) subscribe(ctx context.Context) rxgo.Observable {
	r, _ := ctx.Value(runKey{}).(*run)
	if r == nil {
		return f.actions.Observable()
	}
	if !subscribedByRxgo() {
		f.mu.Lock()
		counted := r.open
		if counted {
			r.inside++
		}
		f.mu.Unlock()
		if counted {
			context.AfterFunc(ctx, func() {
				f.mu.Lock()
				r.inside--
				f.mu.Unlock()
			})
		}
		return f.actions.Observable()
	}
	to := streams.NewSubject()
	context.AfterFunc(ctx, func() {
		f.mu.Lock()
		r.late = remove(r.late, to)
		f.mu.Unlock()
	})
	// to is subscribed first, so that nothing the queue hands it is lost.
	return streams.Merge(to.Observable(), streams.Defer(func(context.Context) rxgo.Observable {
		f.queue(lateJoin{run: r, to: to})
		return streams.Empty()
	}))
}

// next hands action to the late subscriptions and keeps it for those to
// come while their epic has seen nothing.
func (f *feed) next(action any) {
	var to []*streams.Subject
	f.mu.Lock()
	for r := range f.runs {
		to = append(to, r.late...)
		if !r.open {
			continue
		}
		if r.inside > 0 || len(r.late) > 0 || len(r.early) == earlyLimit {
			r.open, r.early = false, nil
			continue
		}
		r.early = append(r.early, action)
	}
	f.mu.Unlock()
	for _, s := range to {
		s.Next(action)
	}
}

// join starts feeding a late subscription: what its epic has not seen
// yet, then what follows.
func (f *feed) join(j lateJoin) {
	f.mu.Lock()
	early, open, ended := j.run.early, j.run.open, f.ended
	warn := !open && !j.run.warned
	if warn {
		j.run.warned = true
	}
	if open && len(early) > 0 {
		j.run.open, j.run.early = false, nil
	}
	if !ended {
		j.run.late = append(j.run.late, j.to)
	}
	f.mu.Unlock()
	if warn {
		f.warn(j.run.epic)
	}
	for _, a := range early {
		j.to.Next(a)
	}
	if ended {
		j.to.Complete()
	}
}

// end completes the late subscriptions with action$.
func (f *feed) end() {
	var to []*streams.Subject
	f.mu.Lock()
	f.ended = true
	for r := range f.runs {
		to = append(to, r.late...)
		r.late = nil
	}
	f.mu.Unlock()
	for _, s := range to {
		s.Complete()
	}
}

// subscribedByRxgo reports whether the calling goroutine is one rxgo
// started: the subscription being made is one of its late ones.
func subscribedByRxgo() bool {
	pcs := make([]uintptr, 64)
	for {
		n := runtime.Callers(2, pcs)
		if n < len(pcs) {
			pcs = pcs[:n]
			break
		}
		pcs = make([]uintptr, 2*len(pcs))
	}
	var entry string
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if f.Function != "runtime.goexit" {
			entry = f.Function
		}
		if !more {
			break
		}
	}
	return strings.HasPrefix(entry, "github.com/reactivex/rxgo/v2.")
}

func remove(subjects []*streams.Subject, s *streams.Subject) []*streams.Subject {
	for i, x := range subjects {
		if x == s {
			return append(subjects[:i:i], subjects[i+1:]...)
		}
	}
	return subjects
}
