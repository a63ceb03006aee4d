package streams_test

import (
	"context"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/skipUntil-spec.ts.
//
// Left out:
//   - "should skip all elements if notifier is unsubscribed explicitly
//     before the notifier emits": it closes an RxJS Subject with
//     unsubscribe(), which a Subject here does not have.
//   - "should skip until Promise resolves" and "should raise error when
//     Promise rejects": the notifier is an observable, not a promise.
func TestSpecSkipUntil(t *testing.T) {
	t.Run("should skip values until another observable notifies", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e----|", nil)
			skip := h.Hot("---------x------|   ", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("-----------d--e----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
			h.ExpectSubscriptions(skip).ToBe("^--------!")
		})
	})

	t.Run("should emit elements after notifier emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--|", nil)
			skip := h.Hot("---------x----|   ", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("-----------d--e--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
			h.ExpectSubscriptions(skip).ToBe("^--------!")
		})
	})

	t.Run("should emit elements after a synchronous notifier emits", func(t *testing.T) {
		got, err := collect(t, streams.Pipe(streams.Of("a", "b"), streams.SkipUntil(streams.Of("x"))))
		require.NoError(t, err)
		require.Equal(t, []any{"a", "b"}, got)
	})

	t.Run("should raise an error if notifier throws and source is hot", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--|", nil)
			skip := h.Hot("-------------#    ", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("-------------#", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------!")
			h.ExpectSubscriptions(skip).ToBe("^------------!")
		})
	})

	t.Run("should skip all elements when notifier does not emit and completes early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--|", nil)
			skip := h.Hot("------------|     ", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("-----------------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
			h.ExpectSubscriptions(skip).ToBe("^-----------!")
		})
	})

	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e----|", nil)
			skip := h.Hot("-------------x--|   ", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip)), "---------!").ToBe("----------", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
			h.ExpectSubscriptions(skip).ToBe("^--------!")
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e----|", nil)
			skip := h.Hot("-------------x--|   ", nil)
			result := streams.Pipe(e1, mergeOf(), streams.SkipUntil(skip), mergeOf())
			h.Expect(result, "---------!").ToBe("----------", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
			h.ExpectSubscriptions(skip).ToBe("^--------!")
		})
	})

	t.Run("should not break unsubscription chains with interop inners when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e----|", nil)
			skip := h.Hot("-------------x--|   ", nil)
			// A notifier of another kind than this package's own, read
			// through its channel.
			interop := struct{ rxgo.Observable }{skip}
			result := streams.Pipe(e1, mergeOf(), streams.SkipUntil(interop), mergeOf())
			h.Expect(result, "---------!").ToBe("----------", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
			h.ExpectSubscriptions(skip).ToBe("^--------!")
		})
	})

	t.Run("should skip all elements when notifier is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--|", nil)
			skip := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("-----------------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
			h.ExpectSubscriptions(skip).ToBe("(^!)")
		})
	})

	t.Run("should keep subscription to source, to wait for its eventual completion", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("------------------------------|", nil)
			skip := h.Hot("-------|                       ", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("------------------------------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-----------------------------!")
			h.ExpectSubscriptions(skip).ToBe("^------!")
		})
	})

	t.Run("should not complete if hot source observable does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-", nil)
			skip := h.Hot("-------------x--|", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
			h.ExpectSubscriptions(skip).ToBe("^------------!")
		})
	})

	t.Run("should not complete if cold source observable never completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			skip := h.Hot("-------------x--|", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
			h.ExpectSubscriptions(skip).ToBe("^------------!")
		})
	})

	t.Run("should raise error if cold source is never and notifier errors", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			skip := h.Hot("-------------#", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("-------------#", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------!")
			h.ExpectSubscriptions(skip).ToBe("^------------!")
		})
	})

	t.Run("should skip all elements and complete if notifier is cold never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--|", nil)
			skip := h.Cold("-", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("-----------------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
			h.ExpectSubscriptions(skip).ToBe("^----------------!")
		})
	})

	t.Run("should skip all elements and complete if notifier is a hot never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--b--c--d--e--|", nil)
			skip := h.Hot("-", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("-----------------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
			h.ExpectSubscriptions(skip).ToBe("^----------------!")
		})
	})

	t.Run("should skip all elements and complete, even if notifier would not complete until later", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("^-a--b--c--d--e--|       ", nil)
			skip := h.Hot("^-----------------------|", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("-----------------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
			h.ExpectSubscriptions(skip).ToBe("^----------------!")
		})
	})

	t.Run("should not complete if source does not complete if notifier completes without emission", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-", nil)
			skip := h.Hot("--------------|", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
			h.ExpectSubscriptions(skip).ToBe("^-------------!")
		})
	})

	t.Run("should not complete if source and notifier are both hot never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-", nil)
			skip := h.Hot("-", nil)
			h.Expect(streams.Pipe(e1, streams.SkipUntil(skip))).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
			h.ExpectSubscriptions(skip).ToBe("^")
		})
	})

	t.Run("should unsubscribe the notifier after its first nexted value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("-^-o---o---o---o---o---o---|", nil)
			notifier := h.Hot("-^--------n--n--n--n--n--n-|", nil)
			h.Expect(streams.Pipe(source, streams.SkipUntil(notifier))).ToBe("----------o---o---o---o---|", nil)
			h.ExpectSubscriptions(notifier).ToBe("^--------!")
		})
	})

	t.Run("should stop listening to a synchronous notifier after its first nexted value", func(t *testing.T) {
		var sideEffects []int
		step := func(n int) rxgo.Observable {
			return streams.Defer(func(context.Context) rxgo.Observable {
				sideEffects = append(sideEffects, n)
				return streams.Of(n)
			})
		}
		// RxJS's concat of the three.
		notifier := streams.Pipe(streams.Of(step(1), step(2), step(3)),
			streams.ConcatMap(func(o rxgo.Observable) rxgo.Observable { return o }))
		_, err := collect(t, streams.Pipe(streams.Of(nil), streams.SkipUntil(notifier)))
		require.NoError(t, err)
		require.Equal(t, []int{1}, sideEffects)
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var c counter
		got, err := collect(t, streams.Pipe(sideEffects(&c), streams.SkipUntil(streams.Of(0)), streams.Take(3)))
		require.NoError(t, err)
		require.Equal(t, ints(0, 1, 2), got)
		require.EqualValues(t, 3, c.n.Load())
	})
}
