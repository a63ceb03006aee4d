package streams

import (
	"context"
	"fmt"
	"sync/atomic"
)

// caller is the goroutine of a Collect, lent to the work of the stream it
// waits on: the functions FromFunc runs, and the events Handoff hands
// over. A request made through FromFunc and collected would otherwise cost
// two goroutine hand-offs the caller does not need: one to start the
// function's goroutine, one to wake the caller when it is done.
//
// The first function subscribed while Collect subscribes runs on Collect's
// goroutine right after. Any other work runs there only if Collect is
// idle, waiting; otherwise a function gets a goroutine of its own and
// events are delivered where they were produced, as without a caller, so
// nothing that could run concurrently is ever serialized behind other
// work. (A function subscribed while Collect delivers events gets a
// goroutine of its own: the code handling an event may wait for it.)
//
// A function lent the caller must end with Collect's stream, or Collect
// could not return: Collect cancels its subscription's context as soon as
// the stream ends, which ends every function subscribed under it, and
// Share, whose connection outlives its first subscriber and is not
// cancelled with it, hides the caller from its source (see withoutCaller).
// The function claimed while Collect subscribes starts once the
// subscription is made: code that runs while subscribing must not wait for
// it (it must not block at all).
type caller struct {
	// next holds the function claimed while Collect subscribes, until
	// Collect takes it; then it holds closed, and claims fail.
	next atomic.Pointer[funcCall]
	// own is the first function subscribed under the caller, whatever
	// runs it: one allocation fewer for a request that is collected.
	own     funcCall
	ownUsed atomic.Bool
	// idle takes work while Collect waits in its select: unbuffered, so a
	// send succeeds only when Collect is there to receive it. It holds a
	// chan work, made when Collect starts waiting.
	idle atomic.Value
}

// work is what a caller runs: a *funcCall, which may block, or a
// *handoff, which delivers events and must not.
type work interface{ run() }

// closed marks caller.next while no claim is open.
var closed = new(funcCall)

type callerKey struct{}

// open makes the channel Collect takes work on while it waits.
func (c *caller) open() chan work {
	idle := make(chan work)
	c.idle.Store(idle)
	return idle
}

// lentContext is a context that carries a caller: context.WithValue's
// work, in a value Collect keeps inside its collector rather than in an
// allocation of its own.
type lentContext struct {
	context.Context
	caller *caller
}

func (l *lentContext) String() string {
	return fmt.Sprint(l.Context) + ".WithValue(streams.caller)"
}

func (l *lentContext) Value(key any) any {
	if key == (callerKey{}) {
		return l.caller
	}
	return l.Context.Value(key)
}

// callerFrom returns the caller lent to subscriptions under ctx, or nil.
func callerFrom(ctx context.Context) *caller {
	c, _ := ctx.Value(callerKey{}).(*caller)
	return c
}

// withoutCaller hides ctx's caller from subscriptions made with the
// context it returns.
func withoutCaller(ctx context.Context) context.Context {
	if callerFrom(ctx) == nil {
		return ctx
	}
	return context.WithValue(ctx, callerKey{}, (*caller)(nil))
}

// callOnCaller runs fn for the subscription of o made with ctx: on ctx's caller
// if it takes it, else on a goroutine of its own.
func callOnCaller(ctx context.Context, o observer, fn func(context.Context) (any, error)) {
	c := callerFrom(ctx)
	if c != nil && c.ownUsed.CompareAndSwap(false, true) {
		c.own = funcCall{ctx: ctx, o: o, fn: fn}
		c.run(&c.own)
		return
	}
	c.run(&funcCall{ctx: ctx, o: o, fn: fn})
}

// run runs fc on the caller if the caller takes it, else on a goroutine
// of its own.
func (c *caller) run(fc *funcCall) {
	if c != nil && (c.next.CompareAndSwap(nil, fc) || c.offer(fc)) {
		return
	}
	go func() {
		growStack(0)
		fc.run()
	}()
}

// offer hands w to the caller if it is waiting.
func (c *caller) offer(w work) bool {
	idle, _ := c.idle.Load().(chan work)
	select {
	case idle <- w: // never ready while idle is nil
		return true
	default:
		return false
	}
}

// settle closes the claim opened while Collect subscribed, and runs the
// function claimed, if any.
func (c *caller) settle() {
	if fc := c.next.Swap(closed); fc != nil {
		fc.run()
	}
}
