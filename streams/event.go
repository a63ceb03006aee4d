package streams

import "github.com/rxepic/rxepic/internal/serial"

// event is one observer call waiting its turn in a serial queue, tagged
// with the input it came from (an operator's own numbering).
type event struct {
	from int
	kind kind
	v    any
	err  error
}

// The tags of the events of an operator with one source, beside its
// timer and notifiers. (An operator of several sources tags theirs with
// their index instead.)
const (
	fromSource     = iota // the source
	fromTimer             // an opTimer firing
	fromNotifier          // a notifier: SkipUntil's, GroupBy's durations
	fromSubscribed        // Timeout: the source has been subscribed
	fromSliceStart        // BufferTime: time to open a slice
)

type kind uint8

const (
	nextEvent kind = iota
	failEvent
	doneEvent
)

// to makes the call e stands for on o.
func (e event) to(o observer) {
	switch e.kind {
	case nextEvent:
		o.next(e.v)
	case failEvent:
		o.fail(e.err)
	default:
		o.done()
	}
}

// serialTo returns a queue that passes events on to o one at a time: how
// an operator whose inputs run on several goroutines feeds its
// subscriber.
func serialTo(o observer) *serial.Queue[event] {
	return serial.New(func(e event) { e.to(o) })
}

// input is an observer that pushes its events, tagged from, to q.
type input struct {
	q    *serial.Queue[event]
	from int
}

func (in input) next(v any)     { in.q.Push(event{from: in.from, kind: nextEvent, v: v}) }
func (in input) fail(err error) { in.q.Push(event{from: in.from, kind: failEvent, err: err}) }
func (in input) done()          { in.q.Push(event{from: in.from, kind: doneEvent}) }
