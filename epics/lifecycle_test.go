package epics_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// slowEpic answers every REQ with a RESP a second later.
func slowEpic(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
	return streams.Pipe(actions, epics.OfKind("REQ"), streams.Delay(time.Second), streams.Map(func(a A) any { return A{T: "RESP", N: a.N} }))
}

func TestCloseLetsEpicsFinishTheirWork(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		store := epics.NewStore(record, nil, any(nil))
		require.NoError(t, store.Start(ctx, slowEpic))
		require.NoError(t, store.Dispatch(A{T: "REQ", N: 1}))
		start := time.Now()
		require.NoError(t, store.Close())
		select {
		case <-store.Done():
			t.Fatal("Done before the epic finished")
		default:
		}
		store.Wait()
		assert.Equal(t, time.Second, time.Since(start), "Wait waited for the in-flight work")
		assert.Equal(t, []string{"REQ", "RESP"}, kinds(store.State()), "the late output was reduced")
	})
}

func TestClosedStoreRefusesWork(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := epics.NewStore(record, nil, any(nil))
		require.NoError(t, store.Close())
		require.NoError(t, store.Close(), "Close is idempotent")
		store.Wait()
		assert.ErrorIs(t, store.Dispatch(A{T: "LATE"}), epics.ErrClosed)
		assert.ErrorIs(t, store.Start(t.Context(), slowEpic), epics.ErrClosed)
		assert.ErrorIs(t, store.Run(t.Context(), slowEpic), epics.ErrClosed)
		_, err := store.Attach(t.Context(), func(any) {}, slowEpic)
		assert.ErrorIs(t, err, epics.ErrClosed)
		assert.Empty(t, store.State())
	})
}

func TestCloseDoesNotWaitForAnEpicThatNeverEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		store := epics.NewStore(record, nil, any(nil))
		forever := func(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable { return streams.Never() }
		require.NoError(t, store.Start(ctx, forever))
		require.NoError(t, store.Close())
		time.Sleep(time.Hour)
		select {
		case <-store.Done():
			t.Fatal("Done while an epic still runs")
		default:
		}
		cancel()
		store.Wait()
	})
}

func TestCloseCompletesActionsAndStates(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		store := epics.NewStore(record, log{"INIT"}, any(nil))
		mirror := func(actions rxgo.Observable, states *epics.StateObservable[log], _ any) rxgo.Observable {
			// Ends only when both action$ and state$ complete.
			return streams.Pipe(streams.Merge(actions, states), epics.OfKind("NEVER"))
		}
		require.NoError(t, store.Start(ctx, mirror))
		require.NoError(t, store.Dispatch(A{T: "X"}))
		require.NoError(t, store.Close())
		store.Wait()

		// After Close, state$ gives the current state and completes.
		got, err := streams.Collect(ctx, store.States())
		require.NoError(t, err)
		assert.Equal(t, []any{log{"INIT", A{T: "X"}}}, got)
		got, err = streams.Collect(ctx, store.Actions())
		require.NoError(t, err)
		assert.Empty(t, got)
	})
}

func TestRunReturnsWhenItsContextIsCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		store := epics.NewStore(record, nil, any(nil))
		result := make(chan error, 1)
		go func() { result <- store.Run(ctx, slowEpic) }()
		synctest.Wait()
		require.NoError(t, store.Dispatch(A{T: "REQ"}))
		cancel()
		assert.ErrorIs(t, <-result, context.Canceled)
		// Its epics were unsubscribed: the request is never answered.
		time.Sleep(time.Minute)
		assert.Equal(t, []string{"REQ"}, kinds(store.State()))
		store.Close()
		store.Wait()
	})
}

func TestRunReturnsNilOnceClosedAndItsEpicsEnded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := epics.NewStore(record, nil, any(nil))
		result := make(chan error, 1)
		go func() { result <- store.Run(t.Context(), slowEpic) }()
		synctest.Wait()
		require.NoError(t, store.Dispatch(A{T: "REQ"}))
		start := time.Now()
		store.Close()
		assert.NoError(t, <-result)
		assert.Equal(t, time.Second, time.Since(start), "Run waited for the epic's in-flight work")
		assert.Equal(t, []string{"REQ", "RESP"}, kinds(store.State()))
		store.Wait()
	})
}

func TestRunStopsOnlyItsOwnEpics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		runCtx, stopRun := context.WithCancel(ctx)
		store := epics.NewStore(record, nil, any(nil))
		require.NoError(t, store.Start(ctx, mapKind("PING", "PONG")))
		result := make(chan error, 1)
		go func() { result <- store.Run(runCtx, mapKind("PING", "PANG")) }()
		synctest.Wait()
		stopRun()
		assert.ErrorIs(t, <-result, context.Canceled)
		require.NoError(t, store.Dispatch(A{T: "PING"}))
		synctest.Wait()
		assert.Equal(t, []string{"PING", "PONG"}, kinds(store.State()))
		closeAndWait(store, cancel)
	})
}

func TestDoneWithoutEpics(t *testing.T) {
	store := epics.NewStore(record, nil, any(nil))
	require.NoError(t, store.Close())
	<-store.Done()
}

func TestAttachSendsOutputElsewhere(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		store := epics.NewStore(record, nil, any(nil))
		out := make(chan any, 10)
		ended, err := store.Attach(ctx, func(a any) { out <- a }, mapKind("PING", "PONG"))
		require.NoError(t, err)
		require.NoError(t, store.Dispatch(A{T: "PING", N: 7}))
		assert.Equal(t, A{T: "PONG", N: 7}, <-out)
		synctest.Wait()
		assert.Equal(t, []string{"PING"}, kinds(store.State()), "the output was not dispatched")
		store.Close()
		<-ended
		store.Wait()
	})
}

func TestStartWithCancelledContextEndsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		store := epics.NewStore(record, nil, any(nil))
		ended, err := store.Attach(ctx, func(any) {}, mapKind("PING", "PONG"))
		require.NoError(t, err)
		<-ended
		store.Close()
		store.Wait()
	})
}

func TestNoGoroutineLeftAfterRunIsCancelled(t *testing.T) {
	before := goleak.IgnoreCurrent()
	store := epics.NewStore(record, nil, any(nil))
	ctx, cancel := context.WithCancel(t.Context())
	result := make(chan error, 1)
	go func() { result <- store.Run(ctx, slowEpic, mapKind("PING", "PONG")) }()
	require.NoError(t, store.Dispatch(A{T: "REQ"}))
	cancel()
	require.ErrorIs(t, <-result, context.Canceled)
	goleak.VerifyNone(t, before)
	store.Close()
	store.Wait()
}

func TestNoGoroutineLeftAfterCloseAndWait(t *testing.T) {
	before := goleak.IgnoreCurrent()
	store := epics.NewStore(record, nil, any(nil))
	// Real time here, since goleak looks at every goroutine: a short delay
	// keeps work in flight when Close is called.
	quick := func(actions rxgo.Observable, _ *epics.StateObservable[log], _ any) rxgo.Observable {
		return streams.Pipe(actions, epics.OfKind("REQ"), streams.Delay(time.Millisecond))
	}
	require.NoError(t, store.Start(t.Context(), quick, epics.Combine(mapKind("PING", "PONG"), boomEpic)))
	require.NoError(t, store.Dispatch(A{T: "REQ"}))
	require.NoError(t, store.Dispatch(A{T: "PING"}))
	store.Close()
	store.Wait()
	goleak.VerifyNone(t, before)
}

func TestCancellationErrorsAreNotFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var f failures
		store := epics.NewStore(record, nil, any(nil), epics.WithOnError(f.onError))
		// An epic that turns its context's end into an error item.
		watcher := func(rxgo.Observable, *epics.StateObservable[log], any) rxgo.Observable {
			return streams.FromFunc(func(ctx context.Context) (any, error) {
				<-ctx.Done()
				return nil, ctx.Err()
			})
		}
		require.NoError(t, store.Start(ctx, watcher))
		synctest.Wait()
		cancel()
		store.Close()
		store.Wait()
		assert.Empty(t, f.errors())
	})
}
