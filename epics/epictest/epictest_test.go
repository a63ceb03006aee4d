package epictest_test

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/epics/epictest"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type Ping struct{ N int }

type Pong struct {
	N    int
	Seen int // the state when the Ping was seen
}

type Config struct{ Factor int }

// pongEpic answers each Ping with a Pong scaled by the dependencies,
// recording the state it saw.
func pongEpic(actions rxgo.Observable, states *epics.StateObservable[int], deps Config) rxgo.Observable {
	return streams.Pipe(actions, epics.OfType[Ping](), streams.Map(func(p Ping) any {
		return Pong{N: p.N * deps.Factor, Seen: states.Value()}
	}))
}

func TestRunReturnsWhatTheEpicEmits(t *testing.T) {
	got := epictest.Run(t, pongEpic,
		epictest.State(7), epictest.Deps(Config{Factor: 10}),
		epictest.Actions(Ping{N: 1}, "ignored", Ping{N: 2}))
	assert.Equal(t, []any{Pong{N: 10, Seen: 7}, Pong{N: 20, Seen: 7}}, got)
}

func TestReducerChangesTheStateTheEpicSees(t *testing.T) {
	countPings := func(n int, action any) int {
		if _, ok := action.(Ping); ok {
			return n + 1
		}
		return n
	}
	h := epictest.Start(t, pongEpic, epictest.Deps(Config{Factor: 1}), epictest.Reducer(countPings))
	// One step at a time: the epic reads the newest state, and a Ping
	// dispatched before it has seen the last one would already count.
	h.Dispatch(Ping{N: 1})
	h.Expect(Pong{N: 1, Seen: 1})
	h.Dispatch(Ping{N: 2})
	h.Expect(Pong{N: 2, Seen: 2})
	assert.Equal(t, 2, h.State())
	assert.Empty(t, h.Finish())
}

func TestOutputIsNotFedBack(t *testing.T) {
	// Dispatched back, this echo would never stop.
	echo := func(actions rxgo.Observable, _ *epics.StateObservable[int], _ struct{}) rxgo.Observable {
		return actions
	}
	assert.Equal(t, []any{"a", "b"}, epictest.Run(t, echo, epictest.Actions("a", "b")))
}

func TestTimeBasedEpicOnVirtualTime(t *testing.T) {
	later := func(actions rxgo.Observable, _ *epics.StateObservable[int], _ struct{}) rxgo.Observable {
		return streams.Pipe(actions, epics.OfType[Ping](), streams.Delay(time.Hour))
	}
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		got := epictest.Run(t, later, epictest.Actions(Ping{N: 1}), epictest.Timeout(2*time.Hour))
		assert.Equal(t, []any{Ping{N: 1}}, got)
		assert.Equal(t, time.Hour, time.Since(start))
	})
}

func TestHarnessStepByStep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := epictest.Start(t, pongEpic, epictest.Deps(Config{Factor: 2}))
		h.Dispatch(Ping{N: 1})
		h.Expect(Pong{N: 2})
		h.Dispatch(Ping{N: 2}, Ping{N: 3})
		assert.Equal(t, Pong{N: 4}, h.Next())
		assert.Equal(t, []any{Pong{N: 6}}, h.Finish())
		assert.Equal(t, []any{Pong{N: 2}, Pong{N: 4}, Pong{N: 6}}, h.Emitted())
		assert.Empty(t, h.Errors())
	})
}

func TestHarnessRecordsFailures(t *testing.T) {
	fragile := func(actions rxgo.Observable, _ *epics.StateObservable[int], _ struct{}) rxgo.Observable {
		return streams.Pipe(actions, epics.OfType[Ping](), streams.Map(func(p Ping) any {
			if p.N == 0 {
				panic("zero")
			}
			return Pong{N: p.N}
		}))
	}
	synctest.Test(t, func(t *testing.T) {
		h := epictest.Start(t, epics.Named("fragile", fragile), epictest.Restart(epics.ExponentialBackoff(time.Second, time.Second)))
		h.Dispatch(Ping{N: 1}, Ping{N: 0})
		h.Expect(Pong{N: 1})
		synctest.Wait()
		require.Len(t, h.Errors(), 1)
		var epicErr *epics.EpicError
		require.ErrorAs(t, h.Errors()[0], &epicErr)
		assert.Equal(t, "fragile", epicErr.Epic)
		time.Sleep(time.Second)
		synctest.Wait() // the restart, due now too, has subscribed
		h.Dispatch(Ping{N: 3})
		h.Expect(Pong{N: 3})
	})
}

// fakeT records a test's failures instead of failing it; Fatal ends the
// calling goroutine as testing.T's does.
type fakeT struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (f *fakeT) Helper() {}

func (f *fakeT) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func (f *fakeT) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	runtime.Goexit()
}

func (f *fakeT) Fatal(args ...any) {
	f.Errorf("%s", fmt.Sprint(args...))
	runtime.Goexit()
}

// failuresOf runs test with a fakeT and returns what it reported.
func failuresOf(t *testing.T, test func(tb testing.TB)) []string {
	f := &fakeT{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		test(f)
	}()
	<-done
	return f.errors
}

func TestRunFailsTheTestWhenTheEpicFails(t *testing.T) {
	failing := func(rxgo.Observable, *epics.StateObservable[int], struct{}) rxgo.Observable {
		return streams.Throw(errors.New("broken"))
	}
	synctest.Test(t, func(t *testing.T) {
		got := failuresOf(t, func(tb testing.TB) { epictest.Run(tb, epics.Named("failing", failing)) })
		assert.Equal(t, []string{`epictest: the epic failed: epics: epic "failing": broken`}, got)
	})
}

func TestRunFailsTheTestWhenTheEpicNeverEnds(t *testing.T) {
	forever := func(rxgo.Observable, *epics.StateObservable[int], struct{}) rxgo.Observable {
		return streams.Merge(streams.Of(Pong{N: 1}), streams.Never())
	}
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		got := failuresOf(t, func(tb testing.TB) { epictest.Run(tb, forever, epictest.Timeout(time.Minute)) })
		assert.Equal(t, []string{"epictest: the epic did not end within 1m0s of action$ completing; it emitted [{1 0}]"}, got)
		assert.Equal(t, time.Minute, time.Since(start))
	})
}

func TestExpectFailsOnTimeoutAndMismatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := failuresOf(t, func(tb testing.TB) {
			h := epictest.Start(tb, pongEpic, epictest.Deps(Config{Factor: 1}), epictest.Timeout(time.Second))
			h.Dispatch(Ping{N: 1})
			h.Expect(Pong{N: 1}, Pong{N: 2})
		})
		assert.Equal(t, []string{"epictest: waited 1s for 2 actions, got 1: [{1 0}]"}, got)

		got = failuresOf(t, func(tb testing.TB) {
			h := epictest.Start(tb, pongEpic, epictest.Deps(Config{Factor: 1}))
			h.Dispatch(Ping{N: 1})
			h.Expect(Pong{N: 5})
		})
		require.Len(t, got, 1)
		assert.Contains(t, got[0], "epictest: the epic's next actions")
	})
}

func TestExpectFailsWhenTheEpicEndsFirst(t *testing.T) {
	once := func(rxgo.Observable, *epics.StateObservable[int], struct{}) rxgo.Observable {
		return streams.Of(Pong{N: 1})
	}
	synctest.Test(t, func(t *testing.T) {
		got := failuresOf(t, func(tb testing.TB) {
			h := epictest.Start(tb, once)
			h.Expect(Pong{N: 1}, Pong{N: 2})
		})
		assert.Equal(t, []string{"epictest: the epic ended after emitting 1 of the 2 actions awaited: [{1 0}]"}, got)
	})
}

func TestOptionsOfTheWrongTypeFailTheTest(t *testing.T) {
	got := failuresOf(t, func(tb testing.TB) { epictest.Run(tb, pongEpic, epictest.State("seven")) })
	assert.Equal(t, []string{"epictest: State is a string, but the epic wants a int"}, got)
	got = failuresOf(t, func(tb testing.TB) { epictest.Run(tb, pongEpic, epictest.Deps(3)) })
	assert.Equal(t, []string{"epictest: Deps is a int, but the epic wants a epictest_test.Config"}, got)
	got = failuresOf(t, func(tb testing.TB) {
		epictest.Run(tb, pongEpic, epictest.Reducer(func(s string, _ any) string { return s }))
	})
	assert.Equal(t, []string{"epictest: Reducer is a epics.Reducer[string], want an epics.Reducer of the epic's state"}, got)
	got = failuresOf(t, func(tb testing.TB) { epictest.Run[int, Config](tb, nil) })
	assert.Equal(t, []string{"epictest: nil epic"}, got)
}

// Bad options panic, as the epics options do: a nil one naming its
// index, a timeout that is not positive.
func TestBadOptionsPanic(t *testing.T) {
	assert.PanicsWithValue(t, "epictest.Run: nil option at index 1", func() {
		epictest.Run(t, pongEpic, epictest.State(1), nil)
	})
	assert.PanicsWithValue(t, "epictest.Start: nil option at index 0", func() {
		epictest.Start(t, pongEpic, nil)
	})
	streamtest.Run(t, func(h *streamtest.H) {
		assert.PanicsWithValue(h, "epictest.Play: nil option at index 0", func() {
			epictest.Play(h, pongEpic, streams.Never(), nil)
		})
	})
	assert.PanicsWithValue(t, "epictest.Timeout: duration 0s is not positive", func() { epictest.Timeout(0) })
	assert.PanicsWithValue(t, "epictest.Timeout: duration -1s is not positive", func() { epictest.Timeout(-time.Second) })
}

func TestRunFeedsEpicsBuiltWithRxgoOperators(t *testing.T) {
	// rxgo's Filter subscribes from a goroutine of its own, after Run
	// has dispatched: action$ hands it what it missed.
	pings := func(actions rxgo.Observable, _ *epics.StateObservable[int], _ struct{}) rxgo.Observable {
		return actions.Filter(func(v any) bool { _, ok := v.(Ping); return ok })
	}
	synctest.Test(t, func(t *testing.T) {
		assert.Equal(t, []any{Ping{N: 1}, Ping{N: 2}}, epictest.Run(t, pings, epictest.Actions(Ping{N: 1}, "other", Ping{N: 2})))
	})
}
