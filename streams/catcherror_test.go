package streams_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flaky is a source that fails its first `failures` subscriptions with an
// error after emitting the attempt number, and then emits it and completes.
func flaky(failures int) (rxgo.Observable, *atomic.Int32) {
	var attempts atomic.Int32
	return streams.Defer(func(context.Context) rxgo.Observable {
		n := int(attempts.Add(1))
		if n <= failures {
			return emit(n, errBoom)
		}
		return streams.Of(n)
	}), &attempts
}

func TestCatchErrorCaughtResubscribes(t *testing.T) {
	src, attempts := flaky(2)
	var causes []error
	got, err := collect(t, streams.Pipe(src, streams.CatchError(func(err error, caught rxgo.Observable) rxgo.Observable {
		causes = append(causes, err)
		return caught
	})))
	require.NoError(t, err)
	require.Equal(t, ints(1, 2, 3), got)
	require.EqualValues(t, 3, attempts.Load(), "one subscription per attempt")
	require.Equal(t, []error{errBoom, errBoom}, causes)
}

func TestCatchErrorCaughtIsTheSourceWithTheHandler(t *testing.T) {
	// Returning caught through another operator still resubscribes with
	// the same handler in place, so later failures are caught too.
	src, attempts := flaky(2)
	got, err := collect(t, streams.Pipe(src, streams.CatchError(func(_ error, caught rxgo.Observable) rxgo.Observable {
		return streams.Pipe(caught, streams.Map(func(v int) int { return v * 10 }))
	})))
	require.NoError(t, err)
	// Attempt 1 emits 1; its retry (through one Map) emits 20 and fails;
	// that retry's own retry (through two Maps) emits 300.
	require.Equal(t, ints(1, 20, 300), got)
	require.EqualValues(t, 3, attempts.Load())
}

func TestCatchErrorHandlerOutcomes(t *testing.T) {
	errOther := errors.New("other")
	tests := []struct {
		name    string
		handler func(error, rxgo.Observable) rxgo.Observable
		want    []any
		wantErr error
		check   func(t *testing.T, err error)
	}{
		{
			name:    "Throw passes the error on",
			handler: func(err error, _ rxgo.Observable) rxgo.Observable { return streams.Throw(err) },
			want:    ints(1),
			wantErr: errBoom,
		},
		{
			name:    "Throw of another error replaces it",
			handler: func(error, rxgo.Observable) rxgo.Observable { return streams.Throw(errOther) },
			want:    ints(1),
			wantErr: errOther,
		},
		{
			name:    "a fallback continues the stream",
			handler: func(error, rxgo.Observable) rxgo.Observable { return streams.Of("x", "y") },
			want:    []any{1, "x", "y"},
		},
		{
			name:    "Empty completes quietly",
			handler: func(error, rxgo.Observable) rxgo.Observable { return streams.Empty() },
			want:    ints(1),
		},
		{
			name:    "nil fails naming the handler",
			handler: func(error, rxgo.Observable) rxgo.Observable { return nil },
			want:    ints(1),
			check: func(t *testing.T, err error) {
				require.EqualError(t, err, "streams.CatchError: handler returned a nil observable")
			},
		},
		{
			name:    "a panic fails with a PanicError",
			handler: func(error, rxgo.Observable) rxgo.Observable { panic("handler broke") },
			want:    ints(1),
			check: func(t *testing.T, err error) {
				var pe *streams.PanicError
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, "CatchError", pe.Op)
				assert.Equal(t, "handler broke", pe.Value)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			handler := func(err error, caught rxgo.Observable) rxgo.Observable {
				calls++
				require.ErrorIs(t, err, errBoom)
				return tt.handler(err, caught)
			}
			got, err := drain(t, mustObserve(t, streams.Pipe(emit(1, errBoom, 2), streams.CatchError(handler))))
			require.Equal(t, tt.want, got)
			switch {
			case tt.check != nil:
				tt.check(t, err)
			case tt.wantErr != nil:
				require.ErrorIs(t, err, tt.wantErr)
			default:
				require.NoError(t, err)
			}
			require.Equal(t, 1, calls)
		})
	}
}

func TestCatchErrorLeavesACleanSourceAlone(t *testing.T) {
	got, err := collect(t, streams.Pipe(streams.Of(1, 2), streams.CatchError(func(error, rxgo.Observable) rxgo.Observable {
		panic("not called")
	})))
	require.NoError(t, err)
	require.Equal(t, ints(1, 2), got)
}

func TestCatchErrorUnsubscribesFailedAttemptsAndTheLastOne(t *testing.T) {
	p := newProbe()
	var attempts atomic.Int32
	retried := make(chan struct{})
	src := p.wrap(streams.Defer(func(context.Context) rxgo.Observable {
		if attempts.Add(1) == 1 {
			return streams.Throw(errBoom)
		}
		close(retried)
		return streams.Never()
	}))
	ch, cancel := observe(t, streams.Pipe(src, streams.CatchError(func(_ error, caught rxgo.Observable) rxgo.Observable {
		return caught
	})))
	p.waitEnded(t, 1) // the failed attempt
	waitFor(t, retried, "the retry")
	require.Equal(t, 2, p.subscriptions())
	cancel()
	requireClosed(t, ch)
	p.waitEnded(t, 1) // the running retry
	require.Zero(t, p.active())
}
