package streams

import "sync"

// event is one call to an observer, tagged with the input it came from.
type event struct {
	from uint64 // which input: an operator's own numbering
	kind kind
	v    any
	err  error
}

type kind uint8

const (
	nextEvent kind = iota
	failEvent
	doneEvent
)

// serial hands the events of several concurrent inputs to handle one at a
// time, in arrival order: the goroutine that finds it idle handles its own
// event and any that others queue meanwhile. No lock is held while handle
// runs, so handle may cause further events (they are queued) and may
// subscribe to anything.
type serial struct {
	mu      sync.Mutex
	queue   []event
	running bool
	handle  func(event)
}

func (s *serial) push(e event) {
	s.mu.Lock()
	if s.running {
		s.queue = append(s.queue, e)
		s.mu.Unlock()
		return
	}
	s.running = true
	s.mu.Unlock()
	s.run(e)
}

// pause makes pushes queue up until resume; call it before any push.
func (s *serial) pause() { s.running = true }

// resume hands what was queued while paused to handle, then lets pushes
// through as usual.
func (s *serial) resume() {
	s.mu.Lock()
	if len(s.queue) == 0 {
		s.running = false
		s.mu.Unlock()
		return
	}
	e := s.queue[0]
	s.queue = s.queue[1:]
	s.mu.Unlock()
	s.run(e)
}

// run handles e and then everything queued meanwhile; s.running is set.
func (s *serial) run(e event) {
	defer func() {
		if p := recover(); p != nil {
			s.mu.Lock()
			clear(s.queue)
			s.queue = s.queue[:0]
			s.running = false
			s.mu.Unlock()
			panic(p)
		}
	}()
	// Others append to queue while we handle; it is reset, keeping its
	// capacity, once everything in it has been handled.
	for i := 0; ; i++ {
		s.handle(e)
		s.mu.Lock()
		if i == len(s.queue) {
			clear(s.queue)
			s.queue = s.queue[:0]
			s.running = false
			s.mu.Unlock()
			return
		}
		e = s.queue[i]
		s.mu.Unlock()
	}
}

// input is an observer whose events go to s tagged with from.
type input struct {
	s    *serial
	from uint64
}

func (in input) next(v any)     { in.s.push(event{from: in.from, kind: nextEvent, v: v}) }
func (in input) fail(err error) { in.s.push(event{from: in.from, kind: failEvent, err: err}) }
func (in input) done()          { in.s.push(event{from: in.from, kind: doneEvent}) }
