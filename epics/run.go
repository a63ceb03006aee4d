package epics

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/panics"
	"github.com/rxepic/rxepic/streams"
)

// Start calls epics and subscribes to them, then returns at once; what
// they emit is dispatched. It may be called again, while others run, to
// add epics. Each epic (each member of a combined one) runs on its own:
// one that fails is reported and restarted as the store's options say,
// without disturbing the others. The epics run until they complete, fail
// for good, or ctx is cancelled.
//
// All the given epics are subscribed before any action they emit on
// start-up is processed, so they see each other's start-up actions. It
// returns ErrClosed after Close, and panics on a nil epic.
func (s *Store[S, D]) Start(ctx context.Context, epics ...Epic[S, D]) error {
	_, err := s.start(ctx, "Start", s.dispatchOutput, epics)
	return err
}

// Run starts epics as Start does and blocks until ctx is cancelled, then
// stops them, waits for them to end and returns ctx.Err(); or until the
// store is closed and these epics have ended, and returns nil. It returns
// ErrClosed at once if the store is already closed.
func (s *Store[S, D]) Run(ctx context.Context, epics ...Epic[S, D]) error {
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	ended, err := s.start(runCtx, "Run", s.dispatchOutput, epics)
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		cancel()
		<-ended
		return ctx.Err()
	case <-ended:
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-s.closing:
		return nil
	}
}

// Attach starts epics as Start does, except that what they emit goes to
// emit instead of being dispatched: they see the store's action$, state$
// and dependencies but cannot change it. Tests use it to watch an epic on
// its own (see package epictest); so can anything that routes an epic's
// output elsewhere. emit may be called from several goroutines at once.
//
// The returned channel is closed when these epics have all ended. Attach
// returns ErrClosed after Close, and panics on a nil emit or epic.
func (s *Store[S, D]) Attach(ctx context.Context, emit func(action any), epics ...Epic[S, D]) (<-chan struct{}, error) {
	if emit == nil {
		panic("epics.Store.Attach: nil emit function")
	}
	return s.start(ctx, "Attach", emit, epics)
}

// start subscribes every member of epics with emit as their output, all
// while the queue is held, and returns a channel closed when they have
// all ended.
func (s *Store[S, D]) start(ctx context.Context, op string, emit func(any), epics []Epic[S, D]) (<-chan struct{}, error) {
	for i, epic := range epics {
		if epic == nil {
			panic(fmt.Sprintf("epics.Store.%s: nil epic at index %d", op, i))
		}
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	s.running++
	// Epics started together all subscribe before any of them sees what
	// they emit on start-up.
	s.queue.Hold()
	s.mu.Unlock()
	defer s.queue.Release()

	var all []member
	for _, epic := range epics {
		all = append(all, members("", epic, s.feed.observable(), s.state.obs, s.deps)...)
	}
	g := &group{done: make(chan struct{}), onEnd: s.epicsEnded}
	g.left.Store(int64(len(all)))
	if len(all) == 0 {
		g.end()
	}
	for _, m := range all {
		sv := &supervisor{cfg: &s.cfg, feed: s.feed, ctx: ctx, stop: s.closing, emit: emit, member: m, group: g}
		sv.start()
	}
	return g.done, nil
}

// group is the epics started by one call of Start, Run or Attach.
type group struct {
	left  atomic.Int64 // members still running
	done  chan struct{}
	onEnd func()
}

func (g *group) memberEnded() {
	if g.left.Add(-1) == 0 {
		g.end()
	}
}

func (g *group) end() {
	close(g.done)
	g.onEnd()
}

// supervisor runs one member epic: it subscribes to its output, and when
// that fails reports it and, as the restart policy says, calls the epic
// again and resubscribes.
type supervisor struct {
	cfg    *config
	feed   *feed
	ctx    context.Context
	stop   <-chan struct{} // closed when the store closes: no more restarts
	emit   func(any)
	member member
	group  *group
}

// start makes the first subscription at once and supervises the member
// from a goroutine of its own, which ends when the member does.
func (sv *supervisor) start() {
	first := sv.subscribe(sv.member.first, sv.member.err)
	go func() {
		defer sv.group.memberEnded()
		sv.supervise(first)
	}()
}

func (sv *supervisor) supervise(run *attempt) {
	failures := 0
	for {
		err := run.wait()
		if err == nil || sv.cancelledBy(err) {
			return // completed, or stopped by its context
		}
		if time.Since(run.started) >= stableRun {
			failures = 0
		}
		failures++
		failure := &EpicError{Epic: sv.member.name, Err: err}
		sv.cfg.report(sv.member.name, failure)
		if sv.stopped() {
			return
		}
		delay, restart := sv.policy(failure, failures)
		if !restart {
			sv.cfg.logger.Info("epics: epic stopped after failing", "epic", sv.member.name, "failures", failures)
			return
		}
		sv.cfg.logger.Info("epics: restarting epic", "epic", sv.member.name, "failures", failures, "delay", delay)
		if !sv.sleep(delay) {
			return
		}
		run = sv.subscribe(sv.member.again())
	}
}

// cancelledBy reports whether err is the member's context ending, which
// stops it rather than failing it: operators that watch the context may
// turn its cancellation into an error item.
func (sv *supervisor) cancelledBy(err error) bool {
	cause := sv.ctx.Err()
	return cause != nil && errors.Is(err, cause)
}

// stopped reports whether the member must not be restarted any more.
func (sv *supervisor) stopped() bool {
	select {
	case <-sv.ctx.Done():
		return true
	case <-sv.stop:
		return true
	default:
		return false
	}
}

// policy asks the restart policy, treating a panic in it as "do not
// restart".
func (sv *supervisor) policy(err error, failures int) (delay time.Duration, restart bool) {
	if perr := panics.Catch("restart policy", func() { delay, restart = sv.cfg.restart(err, failures) }); perr != nil {
		sv.cfg.logger.Error("epics: restart policy panicked", "epic", sv.member.name, "panic", fmt.Sprint(perr.(*panics.Error).Value))
		return 0, false
	}
	return delay, restart
}

// sleep waits for d unless the member is stopped first; false means
// stopped.
func (sv *supervisor) sleep(d time.Duration) bool {
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-sv.ctx.Done():
		case <-sv.stop:
		}
	}
	return !sv.stopped()
}

// attempt is one subscription to a member's output.
type attempt struct {
	started time.Time
	sub     *streams.Subscription // nil if the epic failed before giving an output
	cancel  context.CancelFunc
	end     func() // forgets the run action$ knows the subscription as
	err     error  // the failure, set before sub is done
}

// subscribe subscribes to out, or records err if the epic failed to give
// an output.
func (sv *supervisor) subscribe(out rxgo.Observable, err error) *attempt {
	a := &attempt{started: time.Now(), err: err}
	if err != nil {
		return a
	}
	ctx, r := sv.feed.begin(sv.ctx, sv.member.name)
	ctx, cancel := context.WithCancel(ctx)
	a.cancel = cancel
	a.end = func() { sv.feed.finish(r) }
	a.sub = streams.Subscribe(ctx, out, streams.Observer{
		Next: func(action any) {
			if action == nil {
				a.err = ErrNilAction
				cancel()
				return
			}
			sv.emit(action)
		},
		Error: func(err error) { a.err = err },
	})
	return a
}

// wait waits for the attempt to end and returns its failure, or nil if it
// completed or its context ended.
func (a *attempt) wait() error {
	if a.sub != nil {
		a.sub.Wait()
		a.cancel()
		a.end()
	}
	return a.err
}
