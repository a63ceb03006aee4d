package streams_test

import (
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// The cases of RxJS 7.8.1 spec/operators/takeUntil-spec.ts, all of them.
func TestSpecTakeUntil(t *testing.T) {
	t.Run("should take values until notifier emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--f--g--|", nil)
			e2 := h.Hot("-------------z--|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("--a--b--c--d-|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------!")
			h.ExpectSubscriptions(e2).ToBe("^------------!")
		})
	})
	t.Run("should take values and raises error when notifier raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--f--g--|", nil)
			e2 := h.Hot("-------------#", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("--a--b--c--d-#", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------!")
			h.ExpectSubscriptions(e2).ToBe("^------------!")
		})
	})
	t.Run("should take all values when notifier is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--f--g--|", nil)
			e2 := h.Hot("-------------|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("--a--b--c--d--e--f--g--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----------------------!")
			h.ExpectSubscriptions(e2).ToBe("^------------!")
		})
	})
	t.Run("should take all values when notifier does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--f--g--|", nil)
			e2 := h.Hot("-", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("--a--b--c--d--e--f--g--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----------------------!")
			h.ExpectSubscriptions(e2).ToBe("^----------------------!")
		})
	})
	t.Run("should complete without subscribing to the source when notifier synchronously emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("----a--|", nil)
			e2 := streams.Of(1, 2, 3)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("(|)", nil)
			h.ExpectSubscriptions(e1).ToBe()
		})
	})
	t.Run("should subscribe to the source when notifier synchronously completes without emitting", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("----a--|", nil)
			e2 := streams.Empty()
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("----a--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------!")
		})
	})
	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--f--g--|", nil)
			e2 := h.Hot("-------------z--|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2)), "-------!").ToBe("--a--b--", nil)
			h.ExpectSubscriptions(e1).ToBe("^------!")
			h.ExpectSubscriptions(e2).ToBe("^------!")
		})
	})
	t.Run("should complete when notifier emits if source observable does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-", nil)
			e2 := h.Hot("--a--b--|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("^-!")
		})
	})
	t.Run("should raise error when notifier raises error if source observable does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-", nil)
			e2 := h.Hot("--#", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("--#", nil)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("^-!")
		})
	})
	t.Run("should not complete when notifier is empty if source observable does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-", nil)
			e2 := h.Hot("--|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("---", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
			h.ExpectSubscriptions(e2).ToBe("^-!")
		})
	})
	t.Run("should not complete when source and notifier do not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-", nil)
			e2 := h.Hot("-", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
			h.ExpectSubscriptions(e2).ToBe("^")
		})
	})
	t.Run("should complete when notifier emits before source observable emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("----a--|", nil)
			e2 := h.Hot("--x", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("^-!")
		})
	})
	t.Run("should raise error if source raises error before notifier emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--#", nil)
			e2 := h.Hot("----------------a--|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("--a--b--c--d--#", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------!")
			h.ExpectSubscriptions(e2).ToBe("^-------------!")
		})
	})
	t.Run("should raise error immediately if source throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			e2 := h.Hot("--x", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
			h.ExpectSubscriptions(e2).ToBe("(^!)")
		})
	})
	t.Run("should dispose source observable if notifier emits before source emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---a---|", nil)
			e2 := h.Hot("--x-|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("^-!")
		})
	})
	t.Run("should dispose notifier if source observable completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--|", nil)
			e2 := h.Hot("-------x--|", nil)
			h.Expect(streams.Pipe(e1, streams.TakeUntil(e2))).ToBe("--a--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
			h.ExpectSubscriptions(e2).ToBe("^----!")
		})
	})
	t.Run("should not break unsubscription chain when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--f--g--|", nil)
			e2 := h.Hot("-------------z--|", nil)
			result := streams.Pipe(e1,
				streams.MergeMap(ofString, 0),
				streams.TakeUntil(e2),
				streams.MergeMap(ofString, 0),
			)
			h.Expect(result, "-------!").ToBe("--a--b--", nil)
			h.ExpectSubscriptions(e1).ToBe("^------!")
			h.ExpectSubscriptions(e2).ToBe("^------!")
		})
	})
}
