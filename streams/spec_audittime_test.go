package streams_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/auditTime-spec.ts. RxJS's
// time('-----|') is h.Frames(5).
//
// Left out: none.
func TestSpecAuditTime(t *testing.T) {
	t.Run("should emit the last value in each time window", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a-x-y----b---x-cx---|", nil)
			h.Expect(streams.Pipe(e1, streams.AuditTime(h.Frames(5)))).ToBe("------y--------x-----(x|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------------------!")
		})
	})

	t.Run("should auditTime events by 5 time units", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			got, err := collect(t, streams.Pipe(streams.Of(1, 2, 3), streams.AuditTime(5*time.Millisecond)))
			require.NoError(t, err)
			require.Equal(t, ints(3), got)
		})
	})

	t.Run("should auditTime events multiple times", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-012-----01234---|", nil)
			h.Expect(streams.Pipe(e1, streams.AuditTime(h.Frames(5)))).ToBe("------2-------4--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
		})
	})

	t.Run("should delay the source if values are not emitted often enough", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a--------b-----c----|", nil)
			h.Expect(streams.Pipe(e1, streams.AuditTime(h.Frames(5)))).ToBe("------a--------b-----(c|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------------------!")
		})
	})

	t.Run("should handle a busy producer emitting a regular repeating sequence", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("abcdefabcdefabcdefabcdefa|", nil)
			// RxJS: -----f-----f-----f-----f-----(a|). Each window closes
			// in the frame of a value; the timer goes first here, so the
			// window ends with the value before, and that value opens the
			// next window.
			h.Expect(streams.Pipe(e1, streams.AuditTime(h.Frames(5)))).ToBe("-----e----d----c----b----(a|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------------!")
		})
	})

	t.Run("should complete when source does not emit", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-----|", nil)
			h.Expect(streams.Pipe(e1, streams.AuditTime(h.Frames(2)))).ToBe("-----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
		})
	})

	t.Run("should raise error when source does not emit and raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-----#", nil)
			h.Expect(streams.Pipe(e1, streams.AuditTime(h.Frames(2)))).ToBe("-----#", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
		})
	})

	t.Run("should handle an empty source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.AuditTime(h.Frames(3)))).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should handle a never source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			h.Expect(streams.Pipe(e1, streams.AuditTime(h.Frames(2)))).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})

	t.Run("should handle a throw source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			h.Expect(streams.Pipe(e1, streams.AuditTime(h.Frames(3)))).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should not complete when source does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a--(bc)-------d----------------", nil)
			h.Expect(streams.Pipe(e1, streams.AuditTime(h.Frames(5))), "-------------------------------!").
				ToBe("------c-------------d-----------", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------------------!")
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a--(bc)-------d----------------", nil)
			result := streams.Pipe(e1, mergeOf(), streams.AuditTime(h.Frames(5)), mergeOf())
			h.Expect(result, "-------------------------------!").ToBe("------c-------------d-----------", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------------------!")
		})
	})

	t.Run("should auditTime values until source raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a--(bc)-------d---------------#", nil)
			h.Expect(streams.Pipe(e1, streams.AuditTime(h.Frames(5)))).ToBe("------c-------------d----------#", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------------------!")
		})
	})
}
