package epics

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
	"github.com/rxepic/rxepic/streams"
)

// Reducer computes the next state from the current one and an action. The
// store calls it for one action at a time, in dispatch order, before any
// epic sees that action. It must not block; it may dispatch (the action is
// queued behind the one being reduced). A reducer that panics leaves the
// state as it was, and the action is dropped and reported.
type Reducer[S any] func(state S, action any) S

// Epic turns the store's actions into new actions, as in redux-observable:
// it receives action$ (every action, after the reducer has seen it),
// state$ and the store's dependencies, and returns an observable whose
// values the store dispatches. An epic is called when it is started, and
// again each time it is restarted after a failure.
//
// The epic sees every action dispatched once Start has returned. rxgo's
// own operator methods (actions.Map, actions.Filter...) subscribe to
// action$ from goroutines of their own, later: action$ hands them first
// the actions they would have seen, as long as the epic has seen none;
// one that subscribes after that gets only what follows, and the store
// logs a warning. Streams operators subscribe in place and never miss one.
type Epic[S, D any] func(actions rxgo.Observable, states *StateObservable[S], deps D) rxgo.Observable

// Named gives epic a name for error reports, logs and restart decisions.
// An epic that is not named is known by its function's name, such as
// "orders.fetchEpic" or "main.main.func1". Naming a combined epic
// prefixes the names of its members: Named("orders", Combine(a, b))
// reports "orders/a" and "orders/b".
func Named[S, D any](name string, epic Epic[S, D]) Epic[S, D] {
	if epic == nil {
		panic(fmt.Sprintf("epics.Named: nil epic for %q", name))
	}
	if name == "" {
		panic("epics.Named: empty name")
	}
	return func(actions rxgo.Observable, states *StateObservable[S], deps D) rxgo.Observable {
		return newComposite(members(name, epic, actions, states, deps))
	}
}

// Combine returns an epic that runs every epic given, as redux-observable's
// combineEpics does, each with the same action$, state$ and dependencies.
// Run by a store, each member stays isolated from the others: one that
// fails is reported and restarted on its own while the rest go on.
// Subscribed to directly, outside a store, the combined output is the
// plain merge of the members' outputs, which one member's error ends.
func Combine[S, D any](epics ...Epic[S, D]) Epic[S, D] {
	for i, epic := range epics {
		if epic == nil {
			panic(fmt.Sprintf("epics.Combine: nil epic at index %d", i))
		}
	}
	return func(actions rxgo.Observable, states *StateObservable[S], deps D) rxgo.Observable {
		var all []member
		for _, epic := range epics {
			all = append(all, members("", epic, actions, states, deps)...)
		}
		return newComposite(all)
	}
}

// member is one epic the store supervises on its own: the output of its
// first call (or the error that call failed with), and how to call it
// again for a restart.
type member struct {
	name  string
	first rxgo.Observable
	err   error
	again func() (rxgo.Observable, error)
}

// observable is the member's first output, or its failure as a stream.
func (m member) observable() rxgo.Observable {
	if m.err != nil {
		return streams.Throw(&EpicError{Epic: m.name, Err: m.err})
	}
	return m.first
}

// composite is what Named and Combine epics return: an observable that
// works anywhere, plus the members a store supervises one by one.
type composite struct {
	rxgo.Observable
	members []member
}

func newComposite(ms []member) *composite {
	switch len(ms) {
	case 0:
		return &composite{Observable: streams.Empty()}
	case 1:
		return &composite{Observable: ms[0].observable(), members: ms}
	}
	srcs := make([]rxgo.Observable, len(ms))
	for i, m := range ms {
		srcs[i] = m.observable()
	}
	return &composite{Observable: streams.Merge(srcs...), members: ms}
}

// members calls epic and returns what the store must supervise: the
// members of a Named or combined epic, or epic itself. name, if not empty,
// names epic or prefixes its members' names.
func members[S, D any](name string, epic Epic[S, D], actions rxgo.Observable, states *StateObservable[S], deps D) []member {
	again := func() (rxgo.Observable, error) { return call(epic, actions, states, deps) }
	out, err := again()
	if c, ok := out.(*composite); ok {
		ms := make([]member, len(c.members))
		for i, m := range c.members {
			if name != "" {
				m.name = name + "/" + m.name
			}
			ms[i] = m
		}
		return ms
	}
	if name == "" {
		name = funcName(epic)
	}
	return []member{{name: name, first: out, err: err, again: again}}
}

// call calls epic, turning a panic into a *streams.PanicError and a nil
// output into ErrNilOutput.
func call[S, D any](epic Epic[S, D], actions rxgo.Observable, states *StateObservable[S], deps D) (rxgo.Observable, error) {
	var out rxgo.Observable
	if err := panics.Catch("epic", func() { out = epic(actions, states, deps) }); err != nil {
		return nil, err
	}
	if out == nil {
		return nil, ErrNilOutput
	}
	return out, nil
}

// funcName is the name of f's function without its package path:
// "orders.fetchEpic" for example.com/shop/orders.fetchEpic.
func funcName(f any) string {
	fn := runtime.FuncForPC(reflect.ValueOf(f).Pointer())
	if fn == nil {
		return "epic"
	}
	name := fn.Name()
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	return name
}
