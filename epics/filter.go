package epics

import (
	"github.com/rxepic/rxepic/streams"
)

// Typed is an action that names its type, as a redux action's type field
// does; OfKind filters on that name, and the action log shows it.
type Typed interface {
	Type() string
}

// OfType passes on the actions of Go type T (for an interface T, those
// that implement it) and drops the rest; what it emits is a T. It is
// streams.OfType, here so that epics read as in redux-observable:
//
//	streams.Pipe(actions, epics.OfType[Ping](), streams.Map(func(Ping) any { return Pong{} }))
func OfType[T any]() streams.Operator { return streams.OfType[T]() }

// OfKind passes on the actions whose type name is one of kinds and drops
// the rest: a Typed action by its Type(), and a plain string action by
// its value. It panics if no kind is given.
func OfKind(kinds ...string) streams.Operator {
	if len(kinds) == 0 {
		panic("epics.OfKind: no kinds given")
	}
	want := make(map[string]struct{}, len(kinds))
	for _, k := range kinds {
		want[k] = struct{}{}
	}
	return streams.Filter(func(action any) bool {
		var kind string
		switch a := action.(type) {
		case Typed:
			kind = a.Type()
		case string:
			kind = a
		default:
			return false
		}
		_, ok := want[kind]
		return ok
	})
}
