package streams

import (
	"sync"

	"github.com/reactivex/rxgo/v2"
)

// Race returns an observable that subscribes to the sources in order and
// mirrors the first of them to emit anything (a value, an error or its
// completion), ending the others at once; a source that wins while being
// subscribed leaves the rest unsubscribed. Race() never emits.
func Race(srcs ...rxgo.Observable) rxgo.Observable {
	mustNotHoldNil("Race", "source", srcs)
	return newObservable(func(s *subscriber) {
		r := &racing{s: s, winner: -1}
		for i, src := range srcs {
			if s.isClosed() {
				return
			}
			c := s.child(r.entrant(i))
			if !r.enter(c) {
				c.end()
				return
			}
			start(c, src)
		}
	})
}

// racing is one subscription of a Race.
type racing struct {
	s *subscriber

	mu       sync.Mutex
	winner   int // -1 until a source has emitted
	entrants []*subscriber
}

// enter adds c to the entrants, unless a winner is known: a source
// subscribed after that would never be ended with the others.
func (r *racing) enter(c *subscriber) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.winner >= 0 {
		return false
	}
	r.entrants = append(r.entrants, c)
	return true
}

// entrant observes source i: its events pass only if it wins.
func (r *racing) entrant(i int) observer {
	return funcs{
		onNext: func(v any) {
			if r.win(i) {
				r.s.next(v)
			}
		},
		onFail: func(err error) {
			if r.win(i) {
				r.s.fail(err)
			}
		},
		onDone: func() {
			if r.win(i) {
				r.s.done()
			}
		},
	}
}

// win reports whether source i is the winner, making it the winner and
// ending the others if there is none yet.
func (r *racing) win(i int) bool {
	r.mu.Lock()
	if r.winner >= 0 {
		r.mu.Unlock()
		return r.winner == i
	}
	r.winner = i
	losers := r.entrants
	r.entrants = nil
	r.mu.Unlock()
	for j, c := range losers {
		if j != i {
			c.end()
		}
	}
	return true
}
