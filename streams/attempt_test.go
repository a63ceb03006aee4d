package streams_test

import (
	"context"
	"errors"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// passOn is an Attempt fallback that subscribes the source as it is.
func passOn(_ context.Context, _ error, src rxgo.Observable) rxgo.Observable { return src }

// yes and no are Attempt decisions that keep the subscription's context.
func yes(ctx context.Context) (context.Context, bool) { return ctx, true }
func no(ctx context.Context) (context.Context, bool)  { return ctx, false }

// fallbackCalls records what an Attempt fallback was called with and
// answers with then.
type fallbackCalls struct {
	errs []error
	srcs []rxgo.Observable
	then rxgo.Observable
}

func (f *fallbackCalls) fallback(_ context.Context, err error, src rxgo.Observable) rxgo.Observable {
	f.errs = append(f.errs, err)
	f.srcs = append(f.srcs, src)
	return f.then
}

func TestAttemptSubscribesTheSourceDirectlyWhenDirectSaysSo(t *testing.T) {
	f := &fallbackCalls{then: streams.Of("fallback")}
	got, err := collect(t, streams.Pipe(streams.Of(1, 2), streams.Attempt(yes, f.fallback)))
	require.NoError(t, err)
	require.Equal(t, ints(1, 2), got)
	require.Empty(t, f.errs, "fallback called for a source that did not fail")
}

func TestAttemptFallsBackWithTheSourceWhenDirectSaysNo(t *testing.T) {
	src := streams.Of(1)
	f := &fallbackCalls{then: streams.Of("fallback")}
	got, err := collect(t, streams.Pipe(src, streams.Attempt(no, f.fallback)))
	require.NoError(t, err)
	require.Equal(t, []any{"fallback"}, got)
	require.Equal(t, []error{nil}, f.errs)
	require.Same(t, src, f.srcs[0])
}

func TestAttemptFallbackGetsTheSubscriptionsContext(t *testing.T) {
	for name, direct := range map[string]func(context.Context) (context.Context, bool){"held back": no, "failed": yes} {
		t.Run(name, func(t *testing.T) {
			var saw any
			ctx := context.WithValue(testContext(t), ctxKey{}, "the subscription's")
			_, err := streams.Collect(ctx, streams.Pipe(streams.Throw(errBoom), streams.Attempt(direct, func(ctx context.Context, _ error, _ rxgo.Observable) rxgo.Observable {
				saw = ctx.Value(ctxKey{})
				return streams.Empty()
			})))
			require.NoError(t, err)
			require.Equal(t, "the subscription's", saw)
		})
	}
}

func TestAttemptFallsBackWithTheFailureAfterTheValuesBeforeIt(t *testing.T) {
	src := streams.Merge(streams.Of(1), streams.Throw(errBoom))
	f := &fallbackCalls{then: streams.Of("fallback")}
	got, err := collect(t, streams.Pipe(src, streams.Attempt(yes, f.fallback)))
	require.NoError(t, err)
	require.Equal(t, []any{1, "fallback"}, got)
	require.Equal(t, []error{errBoom}, f.errs)
	require.Same(t, src, f.srcs[0])
}

func TestAttemptGivesDirectsContextToTheDirectSubscriptionAlone(t *testing.T) {
	seen := func() rxgo.Observable {
		return streams.Defer(func(ctx context.Context) rxgo.Observable { return streams.Of(ctx.Value(ctxKey{})) })
	}
	withValue := func(ctx context.Context) (context.Context, bool) {
		return context.WithValue(ctx, ctxKey{}, "decided"), true
	}
	got, err := collect(t, streams.Pipe(seen(), streams.Attempt(withValue, passOn)))
	require.NoError(t, err)
	require.Equal(t, []any{"decided"}, got)

	var fallbackSaw any
	failing := streams.Pipe(streams.Throw(errBoom), streams.Attempt(withValue, func(ctx context.Context, _ error, _ rxgo.Observable) rxgo.Observable {
		fallbackSaw = ctx.Value(ctxKey{})
		return streams.Empty()
	}))
	_, err = collect(t, failing)
	require.NoError(t, err)
	require.Nil(t, fallbackSaw, "the fallback saw the direct subscription's context")
}

func TestAttemptRefusesADirectContextThatCanEndOnItsOwn(t *testing.T) {
	p := newProbe()
	for name, direct := range map[string]func(context.Context) (context.Context, bool){
		"cancellable": func(ctx context.Context) (context.Context, bool) {
			ctx, cancel := context.WithCancel(ctx)
			t.Cleanup(cancel)
			return ctx, true
		},
		"nil": func(context.Context) (context.Context, bool) { return nil, true },
	} {
		t.Run(name, func(t *testing.T) {
			_, err := collect(t, streams.Pipe(p.wrap(streams.Of(1)), streams.Attempt(direct, passOn)))
			require.ErrorContains(t, err, "streams.Attempt: direct")
		})
	}
	require.Zero(t, p.subscriptions(), "the source was subscribed with a context it must not have")
}

func TestAttemptPanicsAndNilObservablesFailTheSubscription(t *testing.T) {
	for name, op := range map[string]streams.Operator{
		"direct panics":   streams.Attempt(func(context.Context) (context.Context, bool) { panic("undecided") }, passOn),
		"fallback panics": streams.Attempt(no, func(context.Context, error, rxgo.Observable) rxgo.Observable { panic("undecided") }),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := collect(t, streams.Pipe(streams.Of(1), op))
			var pe *streams.PanicError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, "Attempt", pe.Op)
			require.Equal(t, "undecided", pe.Value)
		})
	}
	_, err := collect(t, streams.Pipe(streams.Throw(errBoom), streams.Attempt(yes, func(context.Context, error, rxgo.Observable) rxgo.Observable { return nil })))
	require.ErrorContains(t, err, "streams.Attempt: fallback returned a nil observable")
}

func TestAttemptStopsADirectSubscriptionThatDoesNotEndClean(t *testing.T) {
	p := newProbe()
	got, err := streams.Collect(context.Background(), streams.Pipe(p.wrap(streams.Throw(errBoom)), streams.Attempt(yes, func(context.Context, error, rxgo.Observable) rxgo.Observable {
		require.Error(t, p.context(0).Err(), "the failed direct subscription was not stopped before fallback was called")
		return streams.Of("fallback")
	})))
	require.NoError(t, err)
	require.Equal(t, []any{"fallback"}, got)
	p.waitEnded(t, 1)
	require.Zero(t, p.active())
}

func TestNothingRecoversOnceUnsubscribed(t *testing.T) {
	// The source fails after the subscription has been cancelled, as a
	// request aborted by its context does: RxJS would have unsubscribed it
	// and never seen the error, so no handler runs for it.
	for name, recovering := range map[string]func(called *bool) streams.Operator{
		"CatchError": func(called *bool) streams.Operator {
			return streams.CatchError(func(error, rxgo.Observable) rxgo.Observable {
				*called = true
				return streams.Empty()
			})
		},
		"Attempt": func(called *bool) streams.Operator {
			return streams.Attempt(yes, func(context.Context, error, rxgo.Observable) rxgo.Observable {
				*called = true
				return streams.Empty()
			})
		},
	} {
		t.Run(name, func(t *testing.T) {
			called := false
			ctx, cancel := context.WithCancel(testContext(t))
			src := streams.Defer(func(context.Context) rxgo.Observable {
				cancel()
				return streams.Throw(errors.New("aborted"))
			})
			_, err := streams.Collect(ctx, streams.Pipe(src, recovering(&called)))
			require.ErrorIs(t, err, context.Canceled)
			require.False(t, called, "a handler ran for a cancelled subscription")
		})
	}
}

func TestAttemptUnsubscribeReachesWhatItSubscribed(t *testing.T) {
	for name, obs := range map[string]func(p *probe) rxgo.Observable{
		"the direct subscription": func(p *probe) rxgo.Observable {
			return streams.Pipe(p.wrap(streams.Never()), streams.Attempt(yes, passOn))
		},
		"the fallback": func(p *probe) rxgo.Observable {
			return streams.Pipe(streams.Throw(errBoom), streams.Attempt(yes, func(context.Context, error, rxgo.Observable) rxgo.Observable {
				return p.wrap(streams.Never())
			}))
		},
	} {
		t.Run(name, func(t *testing.T) {
			p := newProbe()
			ch, cancel := observe(t, obs(p))
			require.Equal(t, 1, p.subscriptions())
			cancel()
			requireClosed(t, ch)
			p.waitEnded(t, 1)
		})
	}
}
