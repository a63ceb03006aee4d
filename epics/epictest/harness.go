package epictest

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rxepic/rxepic/epics"
	"github.com/stretchr/testify/assert"
)

// Run runs epic with the state, dependencies and actions the options give,
// then completes action$ and state$ and waits for the epic to end. It
// returns every action the epic emitted, in order. It fails the test if
// the epic does not end within the timeout or if it failed (see
// Harness.Errors); use Start to test failures.
func Run[S, D any](t testing.TB, epic epics.Epic[S, D], opts ...Option) []any {
	t.Helper()
	h := start("Run", t, epic, opts)
	got := h.Finish()
	for _, err := range h.Errors() {
		t.Errorf("epictest: the epic failed: %v", err)
	}
	return got
}

// Harness runs one epic for a test, step by step. Its methods must be
// called from the test's goroutine.
type Harness[S, D any] struct {
	t       testing.TB
	store   *epics.Store[S, D]
	cancel  context.CancelFunc
	ended   <-chan struct{}
	timeout time.Duration

	mu      sync.Mutex
	emitted []any
	read    int // how many of emitted Next and Expect have taken
	errs    []error
	wake    chan struct{} // capacity 1: something was emitted
}

// Start subscribes to epic on a store holding the state and dependencies
// the options give, dispatches the options' actions, and returns. The
// epic is stopped, and every goroutine it started waited for, when the
// test ends.
func Start[S, D any](t testing.TB, epic epics.Epic[S, D], opts ...Option) *Harness[S, D] {
	t.Helper()
	return start("Start", t, epic, opts)
}

// start is Start for op.
func start[S, D any](op string, t testing.TB, epic epics.Epic[S, D], opts []Option) *Harness[S, D] {
	t.Helper()
	if epic == nil {
		t.Fatal("epictest: nil epic")
	}
	cfg := newConfig(op, opts)
	if cfg.states != nil {
		t.Fatal("epictest: the States option is for Play; on a store, state$ follows the Reducer")
	}
	state := as[S](t, "State", cfg.state)
	deps := as[D](t, "Deps", cfg.deps)
	reducer := func(s S, _ any) S { return s }
	if cfg.reducer != nil {
		reducer = reducerOf[S](t, cfg.reducer)
	}
	h := &Harness[S, D]{t: t, timeout: cfg.timeout, wake: make(chan struct{}, 1)}
	h.store = epics.NewStore(reducer, state, deps,
		epics.WithOnError(h.onError),
		epics.WithRestart(cfg.restart),
		epics.WithLogger(slog.New(slog.NewTextHandler(testWriter{t}, nil))))
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	ended, err := h.store.Attach(ctx, h.emit, epic)
	if err != nil {
		cancel()
		t.Fatalf("epictest: %v", err)
	}
	h.ended = ended
	t.Cleanup(h.stop)
	h.Dispatch(cfg.actions...)
	return h
}

// as reads an option's value as a T; nil means the zero T.
func as[T any](t testing.TB, option string, v any) T {
	t.Helper()
	var zero T
	if v == nil {
		return zero
	}
	x, ok := v.(T)
	if !ok {
		t.Fatalf("epictest: %s is a %T, but the epic wants a %T", option, v, zero)
	}
	return x
}

// reducerOf reads the Reducer option's value as a reducer of S.
func reducerOf[S any](t testing.TB, v any) epics.Reducer[S] {
	t.Helper()
	r, ok := v.(epics.Reducer[S])
	if !ok {
		t.Fatalf("epictest: Reducer is a %T, want an epics.Reducer of the epic's state", v)
	}
	return r
}

func (h *Harness[S, D]) emit(action any) {
	h.mu.Lock()
	h.emitted = append(h.emitted, action)
	h.mu.Unlock()
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

func (h *Harness[S, D]) onError(_ string, err error) {
	h.mu.Lock()
	h.errs = append(h.errs, err)
	h.mu.Unlock()
}

// Dispatch sends actions to the epic, in order: each goes through the
// reducer (if any) and out on action$.
func (h *Harness[S, D]) Dispatch(actions ...any) {
	h.t.Helper()
	for _, a := range actions {
		if err := h.store.Dispatch(a); err != nil {
			h.t.Fatalf("epictest: dispatching %T: %v", a, err)
		}
	}
}

// State returns the state the epic sees.
func (h *Harness[S, D]) State() S { return h.store.State() }

// Store returns the store the epic runs on, to subscribe to its action$
// or state$.
func (h *Harness[S, D]) Store() *epics.Store[S, D] { return h.store }

// Next waits for the next action the epic emits and returns it. It fails
// the test if none comes within the timeout.
func (h *Harness[S, D]) Next() any {
	h.t.Helper()
	return h.take(1)[0]
}

// Expect waits for the next len(want) actions the epic emits and checks
// they are want, in order. It fails the test if they differ or do not all
// come within the timeout.
func (h *Harness[S, D]) Expect(want ...any) bool {
	h.t.Helper()
	if len(want) == 0 {
		return true
	}
	return assert.Equal(h.t, want, h.take(len(want)), "epictest: the epic's next actions")
}

// take waits for n more emitted actions and consumes them.
func (h *Harness[S, D]) take(n int) []any {
	h.t.Helper()
	timer := time.NewTimer(h.timeout)
	defer timer.Stop()
	for {
		h.mu.Lock()
		if len(h.emitted)-h.read >= n {
			got := append([]any(nil), h.emitted[h.read:h.read+n]...)
			h.read += n
			h.mu.Unlock()
			return got
		}
		have := append([]any(nil), h.emitted[h.read:]...)
		h.mu.Unlock()
		select {
		case <-h.wake:
		case <-h.ended:
			h.drainWake()
			if h.pending() < n {
				h.t.Fatalf("epictest: the epic ended after emitting %d of the %d actions awaited: %v", len(have), n, have)
			}
		case <-timer.C:
			h.t.Fatalf("epictest: waited %v for %d actions, got %d: %v", h.timeout, n, len(have), have)
		}
	}
}

func (h *Harness[S, D]) drainWake() {
	select {
	case <-h.wake:
	default:
	}
}

func (h *Harness[S, D]) pending() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.emitted) - h.read
}

// Emitted returns every action the epic has emitted so far, in order,
// including those Next and Expect took.
func (h *Harness[S, D]) Emitted() []any {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]any(nil), h.emitted...)
}

// Errors returns the epic's failures so far, each an *epics.EpicError.
func (h *Harness[S, D]) Errors() []error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]error(nil), h.errs...)
}

// Finish completes action$ and state$, as closing the store does, waits
// for the epic to end, and returns the actions it emitted that Next and
// Expect have not taken. It fails the test if the epic does not end within
// the timeout. The harness takes no more actions afterwards.
func (h *Harness[S, D]) Finish() []any {
	h.t.Helper()
	h.store.Close()
	timer := time.NewTimer(h.timeout)
	defer timer.Stop()
	select {
	case <-h.ended:
	case <-timer.C:
		h.t.Fatalf("epictest: the epic did not end within %v of action$ completing; it emitted %v", h.timeout, h.Emitted())
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	rest := append([]any(nil), h.emitted[h.read:]...)
	h.read = len(h.emitted)
	return rest
}

// stop ends the epic and waits for its goroutines; it runs when the test
// ends.
func (h *Harness[S, D]) stop() {
	h.cancel()
	h.store.Close()
	h.store.Wait()
}

// testWriter sends the store's log lines to the test's log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}
