package epics_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errBoom = errors.New("boom")

// quiet keeps restart notices out of the test output.
var quiet = epics.WithLogger(slog.New(slog.DiscardHandler))

// boomEpic fails its stream on every BOOM action.
func boomEpic(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
	return streams.Pipe(actions, epics.OfKind("BOOM"), streams.MergeMap(func(A) rxgo.Observable {
		return streams.Throw(errBoom)
	}, 0))
}

// panicEpic panics inside its operator on every PANIC action.
func panicEpic(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
	return streams.Pipe(actions, epics.OfKind("PANIC"), streams.Map(func(A) any { panic("operator panic") }))
}

func TestFailingEpicDoesNotStopTheOthers(t *testing.T) {
	for name, failing := range map[string]epic{"error": boomEpic, "operator panic": panicEpic} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				var f failures
				store := epics.NewStore(record, nil, any(nil), epics.WithOnError(f.onError), quiet, epics.WithRestart(epics.NeverRestart()))
				require.NoError(t, store.Start(ctx, epics.Combine(failing, mapKind("PING", "PONG"))))
				require.NoError(t, store.Dispatch(A{T: "BOOM"}))
				require.NoError(t, store.Dispatch(A{T: "PANIC"}))
				synctest.Wait()
				require.Len(t, f.errors(), 1)
				require.NoError(t, store.Dispatch(A{T: "PING"}))
				synctest.Wait()
				assert.Equal(t, []string{"BOOM", "PANIC", "PING", "PONG"}, kinds(store.State()), "the other epic goes on")
				closeAndWait(store, cancel)
			})
		})
	}
}

func TestFailureIsReportedNamingTheEpic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var f failures
		store := epics.NewStore(record, nil, any(nil), epics.WithOnError(f.onError), quiet, epics.WithRestart(epics.NeverRestart()))
		require.NoError(t, store.Start(ctx, boomEpic, epics.Named("panicker", panicEpic)))
		require.NoError(t, store.Dispatch(A{T: "BOOM"}))
		require.NoError(t, store.Dispatch(A{T: "PANIC"}))
		synctest.Wait()
		assert.ElementsMatch(t, []string{"epics_test.boomEpic", "panicker"}, f.names())
		for _, err := range f.errors() {
			var epicErr *epics.EpicError
			require.ErrorAs(t, err, &epicErr)
			switch epicErr.Epic {
			case "epics_test.boomEpic":
				assert.ErrorIs(t, err, errBoom)
				assert.EqualError(t, err, `epics: epic "epics_test.boomEpic": boom`)
			case "panicker":
				var p *streams.PanicError
				require.ErrorAs(t, err, &p)
				assert.Equal(t, "operator panic", p.Value)
				assert.Contains(t, err.Error(), `"panicker"`)
			}
		}
		closeAndWait(store, cancel)
	})
}

func TestNamesOfCombinedAndNamedEpics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var f failures
		store := epics.NewStore(record, nil, any(nil), epics.WithOnError(f.onError), quiet, epics.WithRestart(epics.NeverRestart()))
		root := epics.Named("root", epics.Combine(boomEpic, epics.Named("inner", boomEpic), epics.Named("x", epics.Named("y", boomEpic))))
		require.NoError(t, store.Start(ctx, root))
		require.NoError(t, store.Dispatch(A{T: "BOOM"}))
		synctest.Wait()
		assert.ElementsMatch(t, []string{"root/epics_test.boomEpic", "root/inner", "root/x/y"}, f.names())
		closeAndWait(store, cancel)
	})
}

func TestEpicPanickingWhenCalledIsReported(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var f failures
		store := epics.NewStore(record, nil, any(nil), epics.WithOnError(f.onError), quiet, epics.WithRestart(epics.NeverRestart()))
		bad := func(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable { panic("no stream for you") }
		require.NoError(t, store.Start(ctx, epics.Named("bad", bad)))
		synctest.Wait()
		require.Len(t, f.errors(), 1)
		var p *streams.PanicError
		require.ErrorAs(t, f.errors()[0], &p)
		assert.Equal(t, "no stream for you", p.Value)
		assert.Equal(t, "epic", p.Op)
		closeAndWait(store, cancel)
	})
}

func TestEpicEmittingNilIsReported(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var f failures
		store := epics.NewStore(record, nil, any(nil), epics.WithOnError(f.onError), quiet, epics.WithRestart(epics.NeverRestart()))
		nilEmitter := func(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable {
			return streams.Of(A{T: "BEFORE"}, nil, A{T: "AFTER"})
		}
		require.NoError(t, store.Start(ctx, epics.Named("nilEmitter", nilEmitter)))
		synctest.Wait()
		require.Len(t, f.errors(), 1)
		assert.ErrorIs(t, f.errors()[0], epics.ErrNilAction)
		assert.Equal(t, []string{"BEFORE"}, kinds(store.State()), "nothing after the nil is dispatched")
		closeAndWait(store, cancel)
	})
}

// restarts returns an epic that records the virtual time of each call
// and fails at once.
func restarts(calls *[]time.Time, mu *sync.Mutex) epic {
	return func(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable {
		mu.Lock()
		*calls = append(*calls, time.Now())
		mu.Unlock()
		return streams.Throw(errBoom)
	}
}

// gaps returns the time between consecutive calls.
func gaps(calls []time.Time) []time.Duration {
	var out []time.Duration
	for i := 1; i < len(calls); i++ {
		out = append(out, calls[i].Sub(calls[i-1]))
	}
	return out
}

func TestDefaultRestartBacksOffExponentiallyUpToFiveSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var mu sync.Mutex
		var calls []time.Time
		var f failures
		store := epics.NewStore(record, nil, any(nil), epics.WithOnError(f.onError), quiet)
		require.NoError(t, store.Start(ctx, restarts(&calls, &mu)))
		time.Sleep(16 * time.Second)
		cancel()
		store.Close()
		store.Wait()
		ms := time.Millisecond
		want := []time.Duration{10 * ms, 20 * ms, 40 * ms, 80 * ms, 160 * ms, 320 * ms, 640 * ms, 1280 * ms, 2560 * ms, 5 * time.Second, 5 * time.Second}
		mu.Lock()
		defer mu.Unlock()
		assert.Equal(t, want, gaps(calls))
		assert.Len(t, f.errors(), len(calls), "every failure was reported")
	})
}

func TestRestartedEpicWorksAgain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var f failures
		store := epics.NewStore(record, nil, any(nil), epics.WithOnError(f.onError), quiet,
			epics.WithRestart(epics.ExponentialBackoff(time.Second, time.Second)))
		fragile := func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
			return streams.Pipe(actions, streams.MergeMap(func(a A) rxgo.Observable {
				if a.T == "BOOM" {
					return streams.Throw(errBoom)
				}
				return streams.Of(A{T: "SEEN_" + a.T})
			}, 0), epics.OfKind("SEEN_PING"))
		}
		require.NoError(t, store.Start(ctx, fragile))
		require.NoError(t, store.Dispatch(A{T: "BOOM"}))
		synctest.Wait()
		require.NoError(t, store.Dispatch(A{T: "PING"})) // during the backoff: nobody listens
		time.Sleep(time.Second)
		synctest.Wait()
		require.NoError(t, store.Dispatch(A{T: "PING"}))
		synctest.Wait()
		assert.Equal(t, []string{"BOOM", "PING", "PING", "SEEN_PING"}, kinds(store.State()))
		assert.Len(t, f.errors(), 1)
		closeAndWait(store, cancel)
	})
}

func TestFailureCountStartsAgainAfterAStableRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var mu sync.Mutex
		var attempts []int
		policy := func(_ error, attempt int) (time.Duration, bool) {
			mu.Lock()
			defer mu.Unlock()
			attempts = append(attempts, attempt)
			return time.Millisecond, len(attempts) < 4
		}
		runs := 0
		store := epics.NewStore(record, nil, any(nil), epics.WithOnError(func(string, error) {}), quiet, epics.WithRestart(policy))
		// Fails at once twice, then after two minutes, then at once.
		flaky := func(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable {
			runs++
			if runs == 3 {
				return streams.Pipe(streams.Timer(2*time.Minute), streams.MergeMap(func(int) rxgo.Observable { return streams.Throw(errBoom) }, 0))
			}
			return streams.Throw(errBoom)
		}
		require.NoError(t, store.Start(ctx, flaky))
		time.Sleep(3 * time.Minute)
		synctest.Wait()
		mu.Lock()
		assert.Equal(t, []int{1, 2, 1, 2}, attempts)
		mu.Unlock()
		closeAndWait(store, cancel)
	})
}

func TestNoRestartOnceClosedOrCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var mu sync.Mutex
		var calls []time.Time
		var f failures
		store := epics.NewStore(record, nil, any(nil), epics.WithOnError(f.onError), quiet)
		require.NoError(t, store.Start(ctx, restarts(&calls, &mu)))
		time.Sleep(5 * time.Millisecond) // in the first backoff
		store.Close()
		store.Wait()
		time.Sleep(time.Minute)
		mu.Lock()
		assert.Len(t, calls, 1, "the backoff was cut short by Close")
		mu.Unlock()
		cancel()
	})
}

func TestReducerPanicIsReportedAndTheActionDropped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var f failures
		reduce := func(s log, action any) log {
			if action.(A).T == "BAD" {
				panic("reducer bug")
			}
			return record(s, action)
		}
		store := epics.NewStore(reduce, nil, any(nil), epics.WithOnError(f.onError), quiet)
		require.NoError(t, store.Start(ctx, mapKind("BAD", "NEVER"), mapKind("PING", "PONG")))
		require.NoError(t, store.Dispatch(A{T: "BAD"}))
		require.NoError(t, store.Dispatch(A{T: "PING"}))
		synctest.Wait()
		assert.Equal(t, []string{"PING", "PONG"}, kinds(store.State()), "epics never saw the dropped action")
		require.Len(t, f.errors(), 1)
		assert.Equal(t, []string{""}, f.names())
		var p *streams.PanicError
		require.ErrorAs(t, f.errors()[0], &p)
		assert.Equal(t, "reducer bug", p.Value)
		assert.Contains(t, f.errors()[0].Error(), "BAD", "the action's type is named")
		closeAndWait(store, cancel)
	})
}

func TestDefaultReportLogsTheEpicName(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var buf syncBuffer
		logger := slog.New(slog.NewTextHandler(&buf, nil))
		store := epics.NewStore(record, nil, any(nil), epics.WithLogger(logger), epics.WithRestart(epics.NeverRestart()))
		require.NoError(t, store.Start(ctx, epics.Named("exploder", boomEpic)))
		require.NoError(t, store.Dispatch(A{T: "BOOM"}))
		synctest.Wait()
		out := buf.String()
		assert.Contains(t, out, "level=ERROR")
		assert.Contains(t, out, `msg="epics: epic failed" epic=exploder`)
		assert.Contains(t, out, "boom")
		closeAndWait(store, cancel)
	})
}

func TestPanickingHooksDoNotStopTheStore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var buf syncBuffer
		store := epics.NewStore(record, nil, any(nil),
			epics.WithLogger(slog.New(slog.NewTextHandler(&buf, nil))),
			epics.WithOnError(func(string, error) { panic("hook bug") }),
			epics.WithRestart(func(error, int) (time.Duration, bool) { panic("policy bug") }))
		require.NoError(t, store.Start(ctx, boomEpic, mapKind("PING", "PONG")))
		require.NoError(t, store.Dispatch(A{T: "BOOM"}))
		synctest.Wait()
		require.NoError(t, store.Dispatch(A{T: "PING"}))
		synctest.Wait()
		assert.Equal(t, []string{"BOOM", "PING", "PONG"}, kinds(store.State()))
		assert.Contains(t, buf.String(), "hook bug")
		assert.Contains(t, buf.String(), "policy bug")
		closeAndWait(store, cancel)
	})
}

// syncBuffer is a bytes.Buffer safe for the store's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
