package streams

import (
	"context"
	"sync"

	"github.com/reactivex/rxgo/v2"
)

// group runs the inner subscriptions of a merging operator. Each inner has
// a goroutine that hands its items to the operator's loop through events,
// so that one goroutine alone sends downstream and nothing follows an
// error. The loop owns the group; it is not safe for concurrent use.
type group struct {
	ctx    context.Context
	cancel context.CancelFunc
	events chan innerEvent
	inners map[uint64]context.CancelFunc
	lastID uint64
	wg     sync.WaitGroup
}

// innerEvent is an item of an inner, or (done) its completion.
type innerEvent struct {
	id   uint64
	item rxgo.Item
	done bool
}

func newGroup(ctx context.Context) *group {
	ctx, cancel := context.WithCancel(ctx)
	return &group{ctx: ctx, cancel: cancel, events: make(chan innerEvent), inners: map[uint64]context.CancelFunc{}}
}

// add subscribes to src, at once, as a new inner.
func (g *group) add(src rxgo.Observable) {
	g.lastID++
	id := g.lastID
	ctx, cancel := context.WithCancel(g.ctx)
	g.inners[id] = cancel
	in := observe(ctx, src)
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		for {
			select {
			case item, ok := <-in:
				select {
				case g.events <- innerEvent{id: id, item: item, done: !ok}:
				case <-ctx.Done():
					return
				}
				if !ok || item.Error() {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
}

// active is the number of inners that have not completed or been dropped.
func (g *group) active() int { return len(g.inners) }

// dropAll cancels every inner; what they still send is ignored.
func (g *group) dropAll() {
	for id, cancel := range g.inners {
		cancel()
		delete(g.inners, id)
	}
}

// handle deals with one event: it forwards an item of a current inner and
// retires an inner that completed. It returns false when the operator must
// stop (an error was sent, or downstream is gone) and whether an inner
// completed.
func (g *group) handle(ctx context.Context, next chan<- rxgo.Item, ev innerEvent) (ok, completed bool) {
	cancel, current := g.inners[ev.id]
	switch {
	case !current:
		return true, false
	case ev.done:
		cancel()
		delete(g.inners, ev.id)
		return true, true
	default:
		return send(ctx, next, ev.item) && !ev.item.Error(), false
	}
}

// stop cancels every inner and waits for their goroutines.
func (g *group) stop() {
	g.cancel()
	g.wg.Wait()
}
