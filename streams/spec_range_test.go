package streams_test

import (
	"math"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/observables/range-spec.ts.
//
// Where upstream spreads the values out with concatMap((x, i) => …), the
// port reads the index from the value, as ConcatMap passes no index.
//
// Left out:
//   - "should accept a scheduler": Range takes no scheduler.
//   - "should accept only one argument where count is argument and start
//     is zero": Range always takes both.
//   - "should return empty for range with a negative count": a negative
//     count panics here, as every negative count in streams does (see
//     TestRangeContract).
func TestSpecRange(t *testing.T) {
	// spread emits the values of Range(start, …) two frames apart.
	spread := func(h *streamtest.H, start int) streams.Operator {
		return streams.ConcatMap(func(x int) rxgo.Observable {
			d := h.Frames(2)
			if x == start {
				d = 0
			}
			return streams.Pipe(streams.Of(x), streams.Delay(d))
		})
	}

	t.Run("should create an observable with numbers 1 to 10", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10}
			h.Expect(streams.Pipe(streams.Range(1, 10), spread(h, 1))).ToBe("a-b-c-d-e-f-g-h-i-(j|)", values)
		})
	})

	t.Run("should work for two subscribers", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := streams.Pipe(streams.Range(1, 5), spread(h, 1))
			values := map[string]any{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
			h.Expect(e1).ToBe("a-b-c-d-(e|)", values)
			h.Expect(e1).ToBe("a-b-c-d-(e|)", values)
		})
	})

	t.Run("should synchronously create a range of values by default", func(t *testing.T) {
		var results []any
		record := streams.Map(func(x int) int { results = append(results, x); return x })
		sub := streams.Subscribe(t.Context(), streams.Pipe(streams.Range(12, 4), record), streams.Observer{})
		require.Equal(t, []any{12, 13, 14, 15}, results) // before Subscribe returned
		sub.Wait()
	})

	t.Run("should return empty for range(0)", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Range(0, 0))
		require.NoError(t, err)
		require.Empty(t, got)
	})
}

// Bad arguments, and what RxJS's diagrams cannot show.
func TestRangeContract(t *testing.T) {
	t.Run("a negative count panics naming Range", func(t *testing.T) {
		require.PanicsWithValue(t, "streams.Range: negative count -5", func() { streams.Range(5, -5) })
	})
	t.Run("a range past the largest int panics", func(t *testing.T) {
		require.PanicsWithValue(t, "streams.Range: 2 values from 9223372036854775807 overflow int", func() { streams.Range(math.MaxInt, 2) })
		require.NotPanics(t, func() { streams.Range(math.MaxInt, 1) })
	})
	t.Run("Take ends it at once", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.Range(0, math.MaxInt), streams.Take(2)))
		require.NoError(t, err)
		require.Equal(t, []any{0, 1}, got)
	})
}
