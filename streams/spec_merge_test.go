package streams_test

import (
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// The cases of RxJS 7.8.1 spec/observables/merge-spec.ts, describe
// "static merge(...observables)". RxJS's lowerCaseO, an observable of no
// library, is here an rxgo.Observable of rxgo's own.
//
// Left out:
//   - "should merge two lowerCaseO into RxJS Observable": an rxgo
//     observable hands its values over a channel from a goroutine of its
//     own, so two of them interleave in no set order within the frame
//     (each keeps its own order); RxJS's lowerCaseO emits synchronously.
//   - "should return itself when try to merge single observable": which
//     instance Merge returns is no part of its contract.
//   - In describe "merge(...observables, Scheduler)", "should merge single
//     lowerCaseO into RxJS Observable"; in describe "merge(...observables,
//     Scheduler, number)", "should handle scheduler", "should handle
//     scheduler with concurrency limits", "should use the scheduler even
//     when one Observable is merged": schedulers.
//   - "should handle concurrency limits": Merge takes no concurrency
//     limit (MergeMap does).
//   - "should deem a single array argument to be an ObservableInput": an
//     array as ObservableInput.
func TestSpecMerge(t *testing.T) {
	t.Run("should merge cold and cold", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("---a-----b-----c----|", nil)
			e2 := h.Cold("------x-----y-----z----|", nil)
			h.Expect(streams.Merge(e1, e2)).ToBe("---a--x--b--y--c--z----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
			h.ExpectSubscriptions(e2).ToBe("^----------------------!")
		})
	})
	t.Run("should merge hot and hot", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---a---^-b-----c----|", nil)
			e2 := h.Hot("-----x-^----y-----z----|", nil)
			h.Expect(streams.Merge(e1, e2)).ToBe("--b--y--c--z----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------!")
			h.ExpectSubscriptions(e2).ToBe("^---------------!")
		})
	})
	t.Run("should merge hot and cold", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---a-^---b-----c----|", nil)
			e2 := h.Cold("--x-----y-----z----|", nil)
			h.Expect(streams.Merge(e1, e2)).ToBe("--x-b---y-c---z----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------------!")
			h.ExpectSubscriptions(e2).ToBe("^------------------!")
		})
	})
	t.Run("should merge parallel emissions", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---a----b----c----|", nil)
			e2 := h.Hot("---x----y----z----|", nil)
			h.Expect(streams.Merge(e1, e2)).ToBe("---(ax)-(by)-(cz)-|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-----------------!")
			h.ExpectSubscriptions(e2).ToBe("^-----------------!")
		})
	})
	t.Run("should merge empty and empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			e2 := h.Cold("|", nil)
			h.Expect(streams.Merge(e1, e2)).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
			h.ExpectSubscriptions(e2).ToBe("(^!)")
		})
	})
	t.Run("should merge three empties", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			e2 := h.Cold("|", nil)
			e3 := h.Cold("|", nil)
			h.Expect(streams.Merge(e1, e2, e3)).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
			h.ExpectSubscriptions(e2).ToBe("(^!)")
			h.ExpectSubscriptions(e3).ToBe("(^!)")
		})
	})
	t.Run("should merge never and empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			e2 := h.Cold("|", nil)
			h.Expect(streams.Merge(e1, e2)).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
			h.ExpectSubscriptions(e2).ToBe("(^!)")
		})
	})
	t.Run("should merge never and never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			e2 := h.Cold("-", nil)
			h.Expect(streams.Merge(e1, e2)).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
			h.ExpectSubscriptions(e2).ToBe("^")
		})
	})
	t.Run("should merge empty and throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			e2 := h.Cold("#", nil)
			h.Expect(streams.Merge(e1, e2)).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
			h.ExpectSubscriptions(e2).ToBe("(^!)")
		})
	})
	t.Run("should merge hot and throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--|", nil)
			e2 := h.Cold("#", nil)
			h.Expect(streams.Merge(e1, e2)).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
			h.ExpectSubscriptions(e2).ToBe("(^!)")
		})
	})
	t.Run("should merge never and throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			e2 := h.Cold("#", nil)
			h.Expect(streams.Merge(e1, e2)).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
			h.ExpectSubscriptions(e2).ToBe("(^!)")
		})
	})
	t.Run("should merge empty and eventual error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			e2 := h.Hot("-------#", nil)
			h.Expect(streams.Merge(e1, e2)).ToBe("-------#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
			h.ExpectSubscriptions(e2).ToBe("^------!")
		})
	})
	t.Run("should merge hot and error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--|", nil)
			e2 := h.Hot("-------#", nil)
			h.Expect(streams.Merge(e1, e2)).ToBe("--a--b-#", nil)
			h.ExpectSubscriptions(e1).ToBe("^------!")
			h.ExpectSubscriptions(e2).ToBe("^------!")
		})
	})
	t.Run("should merge never and error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--------", nil)
			e2 := h.Hot("-------#", nil)
			h.Expect(streams.Merge(e1, e2)).ToBe("-------#", nil)
			h.ExpectSubscriptions(e1).ToBe("^------!")
			h.ExpectSubscriptions(e2).ToBe("^------!")
		})
	})
	t.Run("should merge single lowerCaseO into RxJS Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := rxgo.Just("a", "b", "c")()
			h.Expect(streams.Merge(e1)).ToBe("(abc|)", nil)
		})
	})
}
