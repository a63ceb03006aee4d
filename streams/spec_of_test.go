package streams_test

import (
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/observables/of-spec.ts, all of them.
// RxJS's concatAll is ConcatMap of the identity; ConcatMap's function
// gets no index, so the first case counts the calls itself.
func TestSpecOf(t *testing.T) {
	concatAll := streams.ConcatMap(func(o rxgo.Observable) rxgo.Observable { return o })

	t.Run("should create a cold observable that emits 1, 2, 3", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			i := -1
			// Spread the synchronous values out, for a diagram to show.
			e1 := streams.Pipe(streams.Of(1, 2, 3), streams.ConcatMap(func(x int) rxgo.Observable {
				i++
				var d time.Duration
				if i > 0 {
					d = h.Frames(2)
				}
				return streams.Pipe(streams.Of(x), streams.Delay(d))
			}))
			h.Expect(e1).ToBe("x-y-(z|)", map[string]any{"x": 1, "y": 2, "z": 3})
		})
	})
	t.Run("should create an observable from the provided values", func(t *testing.T) {
		x := &struct{ foo string }{foo: "bar"}
		values, err := collect(t, streams.Of(1, "a", x))
		require.NoError(t, err)
		require.Len(t, values, 3)
		require.Equal(t, 1, values[0])
		require.Equal(t, "a", values[1])
		require.Same(t, x, values[2])
	})
	t.Run("should emit one value", func(t *testing.T) {
		values, err := collect(t, streams.Of(42))
		require.NoError(t, err)
		require.Equal(t, []any{42}, values)
	})
	t.Run("should handle an Observable as the only value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := streams.Of(streams.Of("a", "b", "c"))
			h.Expect(streams.Pipe(source, concatAll)).ToBe("(abc|)", nil)
		})
	})
	t.Run("should handle many Observable as the given values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := streams.Of(streams.Of("a", "b", "c"), streams.Of("d", "e", "f"))
			h.Expect(streams.Pipe(source, concatAll)).ToBe("(abcdef|)", nil)
		})
	})
}
