package streams_test

import (
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// The cases of RxJS 7.8.1 spec/operators/sampleTime-spec.ts. RxJS's
// time('-------|') is h.Frames(7).
//
// Left out: none.
func TestSpecSampleTime(t *testing.T) {
	t.Run("should get samples on a delay", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("a---b-c---------d--e---f-g-h--|", nil)
			h.Expect(streams.Pipe(e1, streams.SampleTime(h.Frames(7)))).ToBe("-------c-------------e------h-|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-----------------------------!")
		})
	})

	t.Run("should sample nothing if new value has not arrived", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("----a-^--b----c--------------f----|", nil)
			h.Expect(streams.Pipe(e1, streams.SampleTime(h.Frames(11)))).ToBe("-----------c----------------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^---------------------------!")
		})
	})

	t.Run("should sample if new value has arrived, even if it is the same value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("----a-^--b----c----------c---f----|", nil)
			h.Expect(streams.Pipe(e1, streams.SampleTime(h.Frames(11)))).ToBe("-----------c----------c-----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^---------------------------!")
		})
	})

	t.Run("should sample nothing if source has not nexted by time of sample", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("----a-^-------------b-------------|", nil)
			h.Expect(streams.Pipe(e1, streams.SampleTime(h.Frames(11)))).ToBe("----------------------b-----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^---------------------------!")
		})
	})

	t.Run("should raise error if source raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("----a-^--b----c----d----#", nil)
			h.Expect(streams.Pipe(e1, streams.SampleTime(h.Frames(11)))).ToBe("-----------c------#", nil)
			h.ExpectSubscriptions(e1).ToBe("^-----------------!")
		})
	})

	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("----a-^--b----c----d----e----f----|", nil)
			h.Expect(streams.Pipe(e1, streams.SampleTime(h.Frames(11))), "----------------!").ToBe("-----------c-----", nil)
			h.ExpectSubscriptions(e1).ToBe("^---------------!")
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("----a-^--b----c----d----e----f----|", nil)
			result := streams.Pipe(e1, mergeOf(), streams.SampleTime(h.Frames(11)), mergeOf())
			h.Expect(result, "----------------!").ToBe("-----------c-----", nil)
			h.ExpectSubscriptions(e1).ToBe("^---------------!")
		})
	})

	t.Run("should completes if source does not emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.SampleTime(h.Frames(5)))).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should raise error if source throws immediately", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			h.Expect(streams.Pipe(e1, streams.SampleTime(h.Frames(5)))).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("should not complete if source does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--------", nil)
			h.Expect(streams.Pipe(e1, streams.SampleTime(h.Frames(5))), "-------!").ToBe("--------", nil)
			h.ExpectSubscriptions(e1).ToBe("^------!")
		})
	})
}
