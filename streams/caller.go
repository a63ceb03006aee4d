package streams

import (
	"context"
	"sync/atomic"
)

// caller is the goroutine of a Collect, lent to the functions FromFunc
// runs for the stream it waits on. A request made through FromFunc and
// collected would otherwise cost two goroutine hand-offs the caller does
// not need: one to start the function's goroutine, one to wake the caller
// when it is done. Instead, the first function subscribed while Collect
// subscribes runs on Collect's goroutine right after, and a function
// subscribed later runs there if Collect is idle, waiting; otherwise it
// gets a goroutine of its own as before, so nothing that could run
// concurrently is ever serialized behind another function.
//
// A function lent the caller must end with Collect's stream, or Collect
// could not return: Collect cancels its subscription's context as soon as
// the stream ends, which ends every function subscribed under it, and
// Share, whose connection outlives its first subscriber and is not
// cancelled with it, hides the caller from its source (see withoutCaller).
// The first function starts only once the subscription is made: code that
// runs while subscribing must not wait for it (it must not block at all).
type caller struct {
	// first holds the function claimed while Collect subscribes, until
	// Collect takes it; then it holds closed, and claims fail.
	first atomic.Pointer[funcCall]
	// idle takes functions while Collect waits in its select: unbuffered,
	// so a send succeeds only when Collect is there to receive it.
	idle chan *funcCall
}

// closed marks caller.first once Collect has taken it.
var closed = new(funcCall)

type callerKey struct{}

func (c *caller) init() { c.idle = make(chan *funcCall) }

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

// run runs fc on the caller if the caller takes it, else on a goroutine
// of its own.
func (c *caller) run(fc *funcCall) {
	if c != nil && (c.first.CompareAndSwap(nil, fc) || c.offer(fc)) {
		return
	}
	go func() {
		growStack(0)
		fc.run()
	}()
}

// offer hands fc to the caller if it is waiting.
func (c *caller) offer(fc *funcCall) bool {
	select {
	case c.idle <- fc:
		return true
	default:
		return false
	}
}

// takeFirst ends the subscribing phase and returns the call claimed
// during it, or nil.
func (c *caller) takeFirst() *funcCall {
	return c.first.Swap(closed)
}
