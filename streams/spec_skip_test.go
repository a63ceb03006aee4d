package streams_test

import (
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/skip-spec.ts.
//
// Left out:
//   - "should not skip if count is negative value": a negative count is a
//     programmer error here and panics at construction, as it does for
//     Take (see TestFilterBadInputPanics).
func TestSpecSkip(t *testing.T) {
	t.Run("should skip values before a total", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b--c--d--e--|", nil)
			h.Expect(streams.Pipe(source, streams.Skip(3))).ToBe("-----------d--e--|", nil)
			h.ExpectSubscriptions(source).ToBe("^----------------!")
		})
	})

	t.Run("should skip all values without error if total is more than actual number of values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b--c--d--e--|", nil)
			h.Expect(streams.Pipe(source, streams.Skip(6))).ToBe("-----------------|", nil)
			h.ExpectSubscriptions(source).ToBe("^----------------!")
		})
	})

	t.Run("should skip all values without error if total is same as actual number of values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b--c--d--e--|", nil)
			h.Expect(streams.Pipe(source, streams.Skip(5))).ToBe("-----------------|", nil)
			h.ExpectSubscriptions(source).ToBe("^----------------!")
		})
	})

	t.Run("should not skip if count is zero", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b--c--d--e--|", nil)
			h.Expect(streams.Pipe(source, streams.Skip(0))).ToBe("--a--b--c--d--e--|", nil)
			h.ExpectSubscriptions(source).ToBe("^----------------!")
		})
	})

	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b--c--d--e--|", nil)
			h.Expect(streams.Pipe(source, streams.Skip(2)), "----------!").ToBe("--------c--", nil)
			h.ExpectSubscriptions(source).ToBe("^---------!")
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b--c--d--e--|", nil)
			result := streams.Pipe(source, mergeOf(), streams.Skip(2), mergeOf())
			h.Expect(result, "----------!").ToBe("--------c--", nil)
			h.ExpectSubscriptions(source).ToBe("^---------!")
		})
	})

	t.Run("should raise error if skip count is more than actual number of emits and source raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b--c--d--#", nil)
			h.Expect(streams.Pipe(source, streams.Skip(6))).ToBe("--------------#", nil)
			h.ExpectSubscriptions(source).ToBe("^-------------!")
		})
	})

	t.Run("should raise error if skip count is same as emits of source and source raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b--c--d--#", nil)
			h.Expect(streams.Pipe(source, streams.Skip(4))).ToBe("--------------#", nil)
			h.ExpectSubscriptions(source).ToBe("^-------------!")
		})
	})

	t.Run("should skip values before a total and raises error if source raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b--c--d--#", nil)
			h.Expect(streams.Pipe(source, streams.Skip(3))).ToBe("-----------d--#", nil)
			h.ExpectSubscriptions(source).ToBe("^-------------!")
		})
	})

	t.Run("should complete regardless of skip count if source is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.Skip(3))).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should not complete if source never completes without emit", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-", nil)
			h.Expect(streams.Pipe(e1, streams.Skip(3))).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})

	t.Run("should skip values before total and never completes if source emits and does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c-", nil)
			h.Expect(streams.Pipe(e1, streams.Skip(1))).ToBe("-----b--c-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})

	t.Run("should skip all values and never completes if total is more than numbers of value and source does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c-", nil)
			h.Expect(streams.Pipe(e1, streams.Skip(6))).ToBe("----------", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})

	t.Run("should skip all values and never completes if total is same asnumbers of value and source does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c-", nil)
			h.Expect(streams.Pipe(e1, streams.Skip(3))).ToBe("----------", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})

	t.Run("should raise error if source throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			h.Expect(streams.Pipe(e1, streams.Skip(3))).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var c counter
		got, err := collect(t, streams.Pipe(sideEffects(&c), streams.Skip(1), streams.Take(2)))
		require.NoError(t, err)
		require.Equal(t, ints(1, 2), got)
		require.EqualValues(t, 3, c.n.Load())
	})
}
