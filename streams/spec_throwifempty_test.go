package streams_test

import (
	"context"
	"errors"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/throwIfEmpty-spec.ts, all of
// them. ThrowIfEmpty always takes an error factory: RxJS's throwIfEmpty()
// without one is here a factory that returns nil, which fails with
// ErrEmpty, RxJS's EmptyError.
func TestSpecThrowIfEmpty(t *testing.T) {
	errTest := errors.New("test")
	cases := []struct {
		describe string
		newErr   func() error
		err      error // what the stream fails with when empty
	}{
		{"with errorFactory", func() error { return errTest }, errTest},
		{"without errorFactory", func() error { return nil }, streams.ErrEmpty},
	}
	for _, c := range cases {
		t.Run(c.describe, func(t *testing.T) {
			if c.err == errTest {
				// The first case of the errorFactory block, without a
				// subscriptions check.
				t.Run("should error when empty", func(t *testing.T) {
					streamtest.Run(t, func(h *streamtest.H) {
						source := h.Cold("----|", nil)
						h.Expect(streams.Pipe(source, streams.ThrowIfEmpty(c.newErr))).ToBe("----#", nil, errTest)
					})
				})
			}
			title := "should throw if empty"
			if c.err == streams.ErrEmpty {
				title = "should throw EmptyError if empty"
			}
			t.Run(title, func(t *testing.T) {
				_, err := collect(t, streams.Pipe(streams.Empty(), streams.ThrowIfEmpty(c.newErr)))
				require.ErrorIs(t, err, c.err)
			})
			t.Run("should NOT throw if NOT empty", func(t *testing.T) {
				_, err := collect(t, streams.Pipe(streams.Of("test"), streams.ThrowIfEmpty(c.newErr)))
				require.NoError(t, err)
			})
			t.Run("should pass values through", func(t *testing.T) {
				streamtest.Run(t, func(h *streamtest.H) {
					source := h.Cold("----a---b---c---|", nil)
					h.Expect(streams.Pipe(source, streams.ThrowIfEmpty(c.newErr))).ToBe("----a---b---c---|", nil)
					h.ExpectSubscriptions(source).ToBe("^---------------!")
				})
			})
			t.Run("should never when never", func(t *testing.T) {
				streamtest.Run(t, func(h *streamtest.H) {
					source := h.Cold("-", nil)
					h.Expect(streams.Pipe(source, streams.ThrowIfEmpty(c.newErr))).ToBe("-", nil)
					h.ExpectSubscriptions(source).ToBe("^")
				})
			})
			t.Run("should error when empty", func(t *testing.T) {
				streamtest.Run(t, func(h *streamtest.H) {
					source := h.Cold("----|", nil)
					h.Expect(streams.Pipe(source, streams.ThrowIfEmpty(c.newErr))).ToBe("----#", nil, c.err)
					h.ExpectSubscriptions(source).ToBe("^---!")
				})
			})
			t.Run("should throw if empty after retry", func(t *testing.T) {
				sourceIsEmpty := false
				source := streams.Defer(func(context.Context) rxgo.Observable {
					if sourceIsEmpty {
						return streams.Empty()
					}
					sourceIsEmpty = true
					return streams.Of(1, 2)
				})
				result := streams.Pipe(source,
					streams.ThrowIfEmpty(c.newErr),
					streams.MergeMap(func(value int) rxgo.Observable {
						if value > 1 {
							return streams.Throw(errors.New(""))
						}
						return streams.Of(value)
					}, 0),
					streams.Retry(streams.RetryCount(1)),
				)
				_, err := collect(t, result)
				require.ErrorIs(t, err, c.err)
			})
		})
	}
	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		result := streams.Pipe(synchronousSource(&sideEffects), streams.ThrowIfEmpty(func() error { return nil }), streams.Take(3))
		subscribeSynchronously(t, result, streams.Observer{})
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}
