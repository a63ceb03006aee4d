// Package streams is a reactive layer with RxJS semantics over rxgo v2:
// sources, Subjects and operators that return rxgo.Observable, so rxgo's
// own operators chain on them and every operator here accepts any
// rxgo.Observable. Operators compose left to right with [Pipe].
//
// A subscription is made inside the call that subscribes (Observe,
// [Subscribe], [Collect], or an operator subscribing its source), so
// whoever subscribes to an outcome stream and then triggers what produces
// it never misses the outcome. Sources may emit before that call returns.
//
// A subscription ends when its stream terminates or its subscriber
// unsubscribes: cancels the context it observed with, or ends it through
// an operator such as [Take] or [TakeUntil]. From that moment no further
// value is produced and no function given to an operator is called for
// it, even by a source emitting synchronously; what it started is stopped
// before the call that ended it returns (a context's cancellation reaches
// it shortly after). Observe with a context you cancel when done:
// an abandoned subscription without one is never torn down.
//
// Events reach each subscriber one at a time. Where several producers
// meet (Merge, the flattening operators, Subjects pushed from several
// goroutines) events are handed on in the order they arrive; an event
// caused from inside a subscriber's reaction is handed on after the one
// being handled.
//
// An error is terminal, as in RxJS. A panic in a function given to an
// operator ends the stream with a [*PanicError]. A nil argument or a
// negative count or duration panics at construction, naming the operator.
// Timers use the standard clock, so testing/synctest runs them on virtual
// time.
package streams
