package streamtest

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// DefaultTail is how many frames past the last frame any diagram of a test
// mentions Flush waits for streams that have not ended, unless WithTail
// says otherwise.
const DefaultTail = 1000

// Option configures Run.
type Option func(*config)

type config struct {
	frame time.Duration
	tail  int
}

// WithFrame sets the virtual time one frame stands for: what '-' takes,
// and what time progressions are counted in. The default is DefaultFrame.
// A d that is not positive panics.
func WithFrame(d time.Duration) Option {
	mustBePositiveFrame("WithFrame", d)
	return func(c *config) { c.frame = d }
}

// WithTail sets how many frames past the last frame any diagram of the
// test mentions Flush goes on waiting for streams that have not ended, so
// that late events show up as differences. The default is DefaultTail. A
// negative count panics.
func WithTail(frames int) Option {
	if frames < 0 {
		panic(fmt.Sprintf("streamtest.WithTail: negative frame count %d", frames))
	}
	return func(c *config) { c.tail = frames }
}

// H is one marble test: the sources it plays, the streams it observes and
// the timelines it expects of them, on the virtual clock of a
// testing/synctest bubble. It is also the test's testing.TB, so assertions
// can take it (require.NoError(h, err)).
//
// Its methods are for the goroutine that runs Run's function, before
// Flush; what they are given describes the test, and nothing runs until
// Flush. Sources and expectations belong to the H that made them.
type H struct {
	testing.TB
	frame time.Duration
	tail  int
	start time.Time // frame 0

	mu         sync.Mutex
	wake       chan struct{} // capacity 1: an action was scheduled or a stream ended
	actions    []*action     // what the timeline still has to do
	seq        uint64        // order of scheduling, for actions at the same time
	last       int           // the last frame any diagram mentions
	expects    []*Expectation
	subExpects []*SubscriptionsExpectation
	started    bool // Flush has begun
	frozen     bool // the timeline is over: nothing more is recorded
}

// Run runs f in a new testing/synctest bubble with a new H, then flushes
// it: the timeline plays on virtual time and every expectation is checked,
// each mismatch failing t. If f stops the test (t.FailNow, t.Fatal,
// t.SkipNow), nothing is played.
//
//	streamtest.Run(t, func(h *streamtest.H) {
//		src := h.Cold("-a-b-|", nil)
//		h.Expect(streams.Pipe(src, streams.Take(1))).ToBe("-(a|)", nil)
//		h.ExpectSubscriptions(src).ToBe("^!")
//	})
func Run(t *testing.T, f func(h *H), opts ...Option) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		t.Helper()
		h := newH(t, opts...)
		f(h)
		h.Flush()
	})
}

// newH returns an H whose frame 0 is now; it must be called inside a
// bubble.
func newH(tb testing.TB, opts ...Option) *H {
	c := config{frame: DefaultFrame, tail: DefaultTail}
	for _, o := range opts {
		o(&c)
	}
	return &H{
		TB:    tb,
		frame: c.frame,
		tail:  min(c.tail, syntax{frameDur: c.frame}.maxFrames()),
		start: time.Now(),
		wake:  make(chan struct{}, 1),
	}
}

// Frames returns the virtual time of n frames, for the durations given to
// the code under test: streams.Delay(h.Frames(3)).
func (h *H) Frames(n int) time.Duration { return time.Duration(n) * h.frame }

// Flush plays the timeline and checks the expectations; Run calls it when
// its function returns, so call it yourself only to look at the outcome
// (Source.Subscriptions, Expectation.Events) before the test ends. Only
// the first call does anything.
//
// Flush starts at frame 0 and moves virtual time on with the bubble's
// clock, which also drives every timer of the code under test (Delay,
// Timeout, Retry's delays...). At each frame it first lets whatever those
// timers set off run to a standstill, then does its own work for the frame
// in order, waiting for a standstill after each step: expectations
// subscribe or unsubscribe, then sources emit, in the order they were
// declared (cold sources in the order they were subscribed), each hot
// event reaching its subscribers one at a time in the order they
// subscribed. So every timeline is the same on every run.
//
// It stops when every observed stream has ended and the last frame any
// diagram mentions has passed, or WithTail frames after that frame,
// whichever comes first; then it unsubscribes what is still subscribed,
// waits for it, and compares.
func (h *H) Flush() {
	h.Helper()
	h.mu.Lock()
	started := h.started
	h.started = true
	h.mu.Unlock()
	if started {
		return
	}
	if moved := h.elapsed(); moved != 0 {
		h.Fatalf("streamtest: virtual time moved %v before Flush; declare sources and expectations without waiting", moved)
	}
	h.play()
	h.stop()
	for _, e := range h.expects {
		e.check()
	}
	for _, x := range h.subExpects {
		x.check()
	}
}

// play runs the timeline until it is over.
func (h *H) play() {
	last := h.timeOf(h.last)
	deadline := h.timeOf(h.last + h.tail)
	synctest.Wait()
	for {
		now := h.runDue()
		// Everything is at a standstill and accounted for: only what the
		// clock sets off from here on may wake play early.
		select {
		case <-h.wake:
		default:
		}
		if now >= deadline || (now >= last && h.allEnded()) {
			return
		}
		wakeAt := deadline
		if at, ok := h.nextAction(); ok {
			wakeAt = min(wakeAt, at)
		}
		if now < last {
			wakeAt = min(wakeAt, last)
		}
		if wakeAt > now {
			t := time.NewTimer(wakeAt - now)
			select {
			case <-t.C:
			case <-h.wake:
			}
			t.Stop()
		}
		// Whatever the clock set off at this instant runs first.
		synctest.Wait()
	}
}

// runDue does every action that is due, in order, each followed by a
// standstill, and returns the time it stopped at.
func (h *H) runDue() time.Duration {
	for {
		now := h.elapsed()
		a := h.popDue(now)
		if a == nil {
			return now
		}
		a.do()
		synctest.Wait()
	}
}

// stop ends the timeline: nothing more is recorded, every observed stream
// still subscribed is unsubscribed, and Flush waits for them to end.
func (h *H) stop() {
	h.mu.Lock()
	h.frozen = true
	h.actions = nil
	h.mu.Unlock()
	for _, e := range h.expects {
		e.unsubscribe()
	}
	for _, e := range h.expects {
		e.wait()
	}
	synctest.Wait()
}

func (h *H) allEnded() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, e := range h.expects {
		if !e.ended {
			return false
		}
	}
	return true
}

// action is one step of the timeline.
type action struct {
	at    time.Duration // since frame 0
	phase int
	seq   uint64
	owner *subscription // the cold subscription it belongs to, if any
	do    func()
}

// Phases order the actions due at the same time.
const (
	phaseBefore    = iota // hot events left of '^': before the test begins
	phaseSubscribe        // expectations subscribe and unsubscribe
	phaseEmit             // sources emit
)

func (a *action) before(b *action) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	if a.phase != b.phase {
		return a.phase < b.phase
	}
	return a.seq < b.seq
}

// scheduleLocked adds an action; h.mu is held.
func (h *H) scheduleLocked(at time.Duration, phase int, owner *subscription, do func()) {
	if h.frozen {
		return
	}
	h.seq++
	h.actions = append(h.actions, &action{at: at, phase: phase, seq: h.seq, owner: owner, do: do})
	h.signalLocked()
}

// signalLocked wakes play; h.mu is held.
func (h *H) signalLocked() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// popDue removes and returns the first action due at now, or nil.
func (h *H) popDue(now time.Duration) *action {
	h.mu.Lock()
	defer h.mu.Unlock()
	first := -1
	for i, a := range h.actions {
		if a.at <= now && (first < 0 || a.before(h.actions[first])) {
			first = i
		}
	}
	if first < 0 {
		return nil
	}
	a := h.actions[first]
	h.actions = slices.Delete(h.actions, first, first+1)
	return a
}

// nextAction returns when the next action is due.
func (h *H) nextAction() (time.Duration, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.actions) == 0 {
		return 0, false
	}
	at := h.actions[0].at
	for _, a := range h.actions[1:] {
		at = min(at, a.at)
	}
	return at, true
}

// dropLocked forgets the actions of a cold subscription that has ended;
// h.mu is held.
func (h *H) dropLocked(owner *subscription) {
	h.actions = slices.DeleteFunc(h.actions, func(a *action) bool { return a.owner == owner })
}

func (h *H) elapsed() time.Duration      { return time.Since(h.start) }
func (h *H) frameAt(d time.Duration) int { return int(d / h.frame) }
func (h *H) timeOf(frame int) time.Duration {
	return time.Duration(frame) * h.frame
}

// syntax is how h reads diagrams.
func (h *H) syntax(hot bool, err error) syntax {
	if err == nil {
		err = ErrMarble
	}
	return syntax{frameDur: h.frame, hot: hot, err: err}
}

// mustSetUp fails the test when op comes after Flush has begun.
func (h *H) mustSetUp(op, where string) {
	h.Helper()
	h.mu.Lock()
	started := h.started
	h.mu.Unlock()
	if started {
		h.Fatalf("streamtest: %s at %s: called after Flush; declare everything before the timeline plays", op, where)
	}
}

// oneError returns the error a diagram's '#' stands for: the one given,
// or ErrMarble.
func (h *H) oneError(op, where string, errs []error) error {
	h.Helper()
	switch len(errs) {
	case 0:
		return ErrMarble
	case 1:
		return errs[0]
	}
	h.Fatalf("streamtest: %s at %s: %d errors given; '#' stands for one", op, where, len(errs))
	return nil
}

// failAt fails the test with msg, reported at where — the line of the
// test that stated what failed — rather than at a line of the harness:
// Flush checks after the test's function has returned, so no line of the
// test is on the stack for Errorf to name.
func (h *H) failAt(where, msg string) {
	fmt.Fprintf(h.Output(), "%s: %s\n", where, msg)
	h.Fail()
}

// bad fails the test for a malformed diagram.
func (h *H) bad(op, where string, err error) {
	h.Helper()
	h.Fatalf("streamtest: %s at %s: %s", op, where, describeSyntaxError(err))
}

// caller names the file and line of the test code that called an H method,
// skip frames above caller's caller.
func caller(skip int) string {
	_, file, line, ok := runtime.Caller(skip + 2)
	if !ok {
		return "unknown place"
	}
	return fmt.Sprintf("%s:%d", filepath.Base(file), line)
}
