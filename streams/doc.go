// Package streams is the reactive layer rxepic stands on: hot sources,
// Subjects and operators with RxJS semantics, built over rxgo v2.
//
// Every value this package returns is an rxgo.Observable, so rxgo's own
// operators chain on it, and every operator here accepts any
// rxgo.Observable. Operators compose left to right with [Pipe]:
//
//	streams.Pipe(src, streams.TakeUntil(stop), streams.Take(1))
//
// # Subscriptions
//
// A subscription is one call of Observe. Observables built here subscribe
// to what they read from synchronously, inside Observe, so a caller that
// subscribes to an outcome stream and then triggers what produces it never
// misses the outcome. (rxgo's own operators, chained on our observables,
// subscribe from a goroutine of their own and do not keep that promise.)
//
// Between observables of this package, events are pushed as plain function
// calls, as in RxJS: a chain of operators costs no goroutine and no channel
// per stage, and a subscription that waits — for a Subject's next value,
// say — holds no goroutine at all. Where several producers meet (Merge,
// the flattening operators, TakeUntil, Subjects pushed from several
// goroutines) their events are serialized: handed on one at a time, in
// order, by whichever producer finds the operator idle, never under a lock.
// A channel appears only where an rxgo consumer calls Observe; it is fed
// from an unbounded queue, so a slow consumer never blocks a producer or
// the other consumers (rxgo issue #318).
//
// Blocking work — a request, a call that waits — belongs in [FromFunc],
// which runs it without blocking the subscriber: on a goroutine of its
// own, or, in a stream that [Collect] waits on, on Collect's goroutine
// whenever Collect has nothing else to do. A request collected that way
// costs no goroutine and no hand-off between goroutines; made with
// [FromCall], whose function leaves nothing running once it returns, it
// needs no cancellable context of its own either. [Handoff] does the
// same for events: many Collects waiting on one Subject each continue on
// their own goroutine when it emits, instead of one after another on the
// goroutine that pushed. [Attempt] keeps a request that needs no help
// cheap: it goes out directly, and whatever recovers it is built only if
// it fails.
//
// A subscription ends when its stream terminates or when the context it was
// observed with is cancelled; either way everything it started is released
// and the channel it returned is closed. Observe with a context that is
// cancelled when you are done — [Subscribe] and [Collect] do it for you —
// because an abandoned subscription without one cannot be torn down.
//
// # Errors
//
// An error item is terminal in this package's operators, as in RxJS:
// nothing follows it, whatever rxgo's ContinueOnError does elsewhere. A
// panic in a function given to an operator becomes a [*PanicError] item. A
// nil source, nil function or negative count is a programmer error and
// panics at construction, naming the operator and the argument.
//
// # Time
//
// Timer, Delay, Timeout and Retry's delays use the standard library's
// clock, so tests in a testing/synctest bubble run them on virtual time.
package streams
