package epics_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests in this file build epics with rxgo's own operator methods,
// which subscribe to action$ from goroutines of their own, after Start
// has returned. Each dispatches at once after Start, before those
// goroutines have run; run them with -count=200 -race.

func isKind(kind string) rxgo.Predicate {
	return func(v any) bool { a, ok := v.(A); return ok && a.T == kind }
}

func answer(kind string) rxgo.Func {
	return func(_ context.Context, v any) (any, error) { return A{T: kind, N: v.(A).N}, nil }
}

// rxgoStore is a store logging at Warn and above to the returned log.
func rxgoStore() (*epics.Store[log, any], *syncBuffer) {
	out := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return epics.NewStore(record, nil, any(nil), epics.WithLogger(logger)), out
}

func TestRxgoOperatorsSeeActionsDispatchedRightAfterStart(t *testing.T) {
	epicsOf := map[string]epic{
		"Filter and Map": func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
			return actions.Filter(isKind("PING")).Map(answer("PONG"))
		},
		"inside a streams operator": func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
			return streams.Pipe(actions.Filter(isKind("PING")), streams.Map(func(a A) any { return A{T: "PONG", N: a.N} }))
		},
	}
	for name, e := range epicsOf {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				store, warnings := rxgoStore()
				require.NoError(t, store.Start(ctx, e))
				require.NoError(t, store.Dispatch(A{T: "PING", N: 1}))
				require.NoError(t, store.Dispatch(A{T: "PING", N: 2}))
				synctest.Wait()
				// The first PONG may come before the second PING.
				assert.ElementsMatch(t, []string{"PING", "PING", "PONG", "PONG"}, kinds(store.State()))
				assert.Empty(t, warnings.String())
				closeAndWait(store, cancel)
			})
		})
	}
}

func TestRxgoChainsSubscribingOneAfterTheOtherMissNothingUnwarned(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The first chain to subscribe gets both PINGs. One that
		// subscribes after that cannot be told from a subscription made in
		// reaction to them, which must not see them: it is warned of.
		ctx, cancel := context.WithCancel(t.Context())
		store, warnings := rxgoStore()
		require.NoError(t, store.Start(ctx, func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
			return streams.Merge(
				actions.Filter(isKind("PING")).Map(answer("PONG")),
				actions.Filter(isKind("PING")).Map(answer("PANG")),
			)
		}))
		require.NoError(t, store.Dispatch(A{T: "PING", N: 1}))
		require.NoError(t, store.Dispatch(A{T: "PING", N: 2}))
		synctest.Wait()
		got := kinds(store.State())
		count := map[string]int{}
		for _, k := range got {
			count[k]++
		}
		assert.Equal(t, 2, count["PING"])
		assert.True(t, count["PONG"] == 2 || count["PANG"] == 2, "one chain answered both: %v", got)
		if count["PONG"]+count["PANG"] < 4 {
			assert.Contains(t, warnings.String(), "may have missed")
		}
		closeAndWait(store, cancel)
	})
}

func TestRxgoDebounceSeesActionsDispatchedRightAfterStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		store, warnings := rxgoStore()
		require.NoError(t, store.Start(ctx, func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
			return actions.Filter(isKind("TYPED")).Debounce(rxgo.WithDuration(time.Second)).Map(answer("SEARCH"))
		}))
		for n := range 3 {
			require.NoError(t, store.Dispatch(A{T: "TYPED", N: n}))
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		assert.Equal(t, log{A{T: "TYPED", N: 0}, A{T: "TYPED", N: 1}, A{T: "TYPED", N: 2}, A{T: "SEARCH", N: 2}}, store.State())
		assert.Empty(t, warnings.String())
		closeAndWait(store, cancel)
	})
}

func TestRxgoOperatorsOfARestartedEpicSeeActionsDispatchedOnItsRestart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The PING the restarted epic emits is reduced while its output
		// is being subscribed, before rxgo's Filter has subscribed.
		ctx, cancel := context.WithCancel(t.Context())
		store, warnings := rxgoStore()
		calls := 0
		require.NoError(t, store.Start(ctx, func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
			calls++
			if calls == 1 {
				return streams.Throw(assert.AnError)
			}
			return streams.Merge(streams.Of(A{T: "PING"}), actions.Filter(isKind("PING")).Map(answer("PONG")))
		}))
		time.Sleep(10 * time.Millisecond) // the default restart delay
		synctest.Wait()
		assert.Equal(t, 2, calls)
		assert.Equal(t, []string{"PING", "PONG"}, kinds(store.State()))
		assert.NotContains(t, warnings.String(), "action$")
		closeAndWait(store, cancel)
	})
}

func TestActionsArePlayedAgainOnlyToRxgosLateSubscriptions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// A streams subscription made later, here a second after Start,
		// sees what follows it, as in redux-observable.
		ctx, cancel := context.WithCancel(t.Context())
		store, warnings := rxgoStore()
		require.NoError(t, store.Start(ctx, func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
			return streams.Pipe(streams.Timer(time.Second), streams.SwitchMap(func(any) rxgo.Observable {
				return streams.Pipe(actions, epics.OfKind("PING"), streams.Map(func(a A) any { return A{T: "PONG", N: a.N} }))
			}))
		}))
		require.NoError(t, store.Dispatch(A{T: "PING", N: 1}))
		time.Sleep(2 * time.Second)
		require.NoError(t, store.Dispatch(A{T: "PING", N: 2}))
		synctest.Wait()
		assert.Equal(t, log{A{T: "PING", N: 1}, A{T: "PING", N: 2}, A{T: "PONG", N: 2}}, store.State())
		assert.Empty(t, warnings.String())
		closeAndWait(store, cancel)
	})
}

func TestRxgoSubscribingAfterTheEpicHasSeenActionsIsWarnedOf(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// rxgo's Filter, inside a SwitchMap, subscribes after the epic has
		// seen GO: what is dispatched before it has subscribed is lost.
		ctx, cancel := context.WithCancel(t.Context())
		store, warnings := rxgoStore()
		require.NoError(t, store.Start(ctx, epics.Named("late", func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
			return streams.Pipe(actions, epics.OfKind("GO"), streams.SwitchMap(func(A) rxgo.Observable {
				return actions.Filter(isKind("PING")).Map(answer("PONG"))
			}))
		})))
		require.NoError(t, store.Dispatch(A{T: "GO"}))
		synctest.Wait()
		require.NoError(t, store.Dispatch(A{T: "PING", N: 1}))
		synctest.Wait()
		assert.Equal(t, log{A{T: "GO"}, A{T: "PING", N: 1}, A{T: "PONG", N: 1}}, store.State(), "nothing is played again to it")
		got := warnings.String()
		assert.Equal(t, 1, strings.Count(got, "level=WARN"), got)
		assert.Contains(t, got, `epic=late`)
		assert.Contains(t, got, "streams operators")
		closeAndWait(store, cancel)
	})
}
