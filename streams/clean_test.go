package streams_test

import (
	"context"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// doneOf is a FromCall that emits the Done channel of the context it runs
// with.
func doneOf() rxgo.Observable {
	return streams.FromCall(func(ctx context.Context) (any, error) { return ctx.Done(), nil })
}

func TestACleanRequestRunsWithCollectsOwnContext(t *testing.T) {
	// Nothing of a FromCall is left once it has answered, so nothing needs
	// cancelling when the stream ends: it is not given a cancellable
	// context of its own, which net/http would register with.
	failOnce := func() rxgo.Observable {
		n := 0
		return streams.Defer(func(context.Context) rxgo.Observable {
			if n++; n == 1 {
				return streams.Throw(errBoom)
			}
			return streams.Empty()
		})
	}
	for name, obs := range map[string]rxgo.Observable{
		"FromFunc":           doneOf(),
		"with a value":       streams.Pipe(doneOf(), streams.DeriveValues(func(ctx context.Context) context.Context { return context.WithValue(ctx, ctxKey{}, 1) })),
		"under CatchError":   streams.Pipe(doneOf(), streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable { return streams.Throw(err) })),
		"after CatchError":   streams.Pipe(streams.Merge(failOnce(), doneOf()), streams.CatchError(func(_ error, caught rxgo.Observable) rxgo.Observable { return doneOf() })),
		"chosen by Iif":      streams.Iif(func(context.Context) bool { return true }, doneOf(), streams.Never()),
		"sent by Attempt":    streams.Pipe(doneOf(), streams.Attempt(func(ctx context.Context) (context.Context, bool) { return ctx, true }, passOn)),
		"Attempt's fallback": streams.Pipe(doneOf(), streams.Attempt(func(ctx context.Context) (context.Context, bool) { return ctx, false }, passOn)),
		"Iif in CatchError's arm": streams.Pipe(streams.Throw(errBoom), streams.CatchError(func(error, rxgo.Observable) rxgo.Observable {
			return streams.Iif(func(context.Context) bool { return false }, streams.Never(), doneOf())
		})),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := streams.Collect(context.Background(), obs)
			require.NoError(t, err)
			require.Len(t, got, 1)
			require.Nil(t, got[0], "the request's context can be cancelled on its own")
		})
	}
}

func TestAStreamThatDoesNotEndCleanGetsAContextCollectCancels(t *testing.T) {
	p := newProbe()
	for name, obs := range map[string]rxgo.Observable{
		"Defer":         p.wrap(doneOf()),
		"FromFunc":      streams.FromFunc(func(ctx context.Context) (any, error) { return ctx.Done(), nil }),
		"DeriveContext": streams.Pipe(doneOf(), streams.DeriveContext(func(ctx context.Context) context.Context { return ctx })),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := streams.Collect(context.Background(), obs)
			require.NoError(t, err)
			require.NotNil(t, got[0])
		})
	}
	p.waitEnded(t, 1)
	require.Zero(t, p.active())
}

func TestDeriveValuesRefusesAContextThatEndsOnItsOwn(t *testing.T) {
	_, err := collect(t, streams.Pipe(doneOf(), streams.DeriveValues(func(ctx context.Context) context.Context {
		ctx, cancel := context.WithCancel(ctx)
		context.AfterFunc(ctx, cancel)
		cancel()
		return ctx
	})))
	require.ErrorContains(t, err, "streams.DeriveValues: the derived context can end before the subscription's")
}

func TestCatchErrorStopsWhatTheHandlerReturnsWhenItEnds(t *testing.T) {
	// Collect gives CatchError no context of its own (it ends clean), so
	// CatchError must itself stop an observable its handler returns that
	// does not end clean.
	p := newProbe()
	got, err := streams.Collect(context.Background(), streams.Pipe(streams.Throw(errBoom), streams.CatchError(func(error, rxgo.Observable) rxgo.Observable {
		return p.wrap(streams.Of(1))
	})))
	require.NoError(t, err)
	require.Equal(t, ints(1), got)
	p.waitEnded(t, 1)
	require.Zero(t, p.active())
}

func TestCatchErrorStopsAFailedAttemptThatDoesNotEndClean(t *testing.T) {
	p := newProbe()
	attempts := 0
	src := p.wrap(streams.Defer(func(context.Context) rxgo.Observable {
		if attempts++; attempts == 1 {
			return streams.Throw(errBoom)
		}
		return streams.Of(2)
	}))
	got, err := streams.Collect(context.Background(), streams.Pipe(src, streams.CatchError(func(_ error, caught rxgo.Observable) rxgo.Observable {
		return caught
	})))
	require.NoError(t, err)
	require.Equal(t, ints(2), got)
	p.waitEnded(t, 2)
	require.Zero(t, p.active())
}
