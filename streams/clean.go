package streams

import (
	"context"

	"github.com/reactivex/rxgo/v2"
)

// An observable ends clean if, by the time it has delivered its terminal
// event, everything it started for the subscription has stopped or been
// told to stop by a context of its own: it leaves no goroutine waiting on
// the subscription's context, no function running with it, and no
// registration on it. Its consumer then need not cancel anything when it
// ends, and so need not give it a cancellable context level for that: a
// level costs a context, its Done channel and a registration in its
// parent, and a request sent under one costs net/http a registration of
// its own.
//
// FromCall (whose function promises to leave nothing running), Of, Throw,
// Empty and Never end clean; DeriveValues does when its source does;
// CatchError, Attempt and Iif always do, giving what they subscribe a
// level of its own when it does not. FromFunc and Defer do not: their
// functions get the context and may start work with it that outlives
// them. Ending clean says nothing
// about an unsubscription: cancelling the context an observable was
// subscribed with still stops it.
type cleanEnder interface {
	endsClean() bool
}

// endsClean reports whether src is known to end clean.
func endsClean(src rxgo.Observable) bool {
	o, ok := src.(*observable)
	if !ok {
		return false
	}
	c, ok := o.s.(cleanEnder)
	return ok && c.endsClean()
}

// subscribeClean subscribes o to src for the life of ctx such that, when
// src's stream ends, nothing of it is left running: directly if src ends
// clean, else with a context level cancelled at its terminal event.
func subscribeClean(ctx context.Context, src rxgo.Observable, o observer) {
	if endsClean(src) {
		subscribe(ctx, src, o)
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	subscribe(ctx, src, &cancelAtEnd{o: o, cancel: cancel})
}

// cancelAtEnd passes events on to o and cancels its source's context when
// the source ends.
type cancelAtEnd struct {
	o      observer
	cancel context.CancelFunc
}

func (c *cancelAtEnd) next(v any) { c.o.next(v) }

func (c *cancelAtEnd) fail(err error) {
	c.cancel()
	c.o.fail(err)
}

func (c *cancelAtEnd) done() {
	c.cancel()
	c.o.done()
}

// cleanFunc is a subscribeFunc that ends clean: sources that deliver
// everything while they are subscribed, or never end.
type cleanFunc func(ctx context.Context, o observer)

func (f cleanFunc) subscribe(ctx context.Context, o observer) { f(ctx, o) }
func (cleanFunc) endsClean() bool                             { return true }
