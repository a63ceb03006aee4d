package streams_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/tap-spec.ts, every one.
//
// A TapObserver is both of RxJS's forms, the callback and the observer;
// tap(subject) is a TapObserver of the Subject's methods. A thrown error
// is a panic with that error, which errors.Is sees through the
// *PanicError; a thrown string is an error of that text.
func TestSpecTap(t *testing.T) {
	noop := streams.Tap(streams.TapObserver{Next: func(any) {}})

	t.Run("should mirror multiple values and complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --1--2--3--|", nil)
			e1subs := "    ^----------!"
			expected := "  --1--2--3--|"

			h.Expect(streams.Pipe(e1, noop)).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should next with a callback", func(t *testing.T) {
		var value any
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(42), streams.Tap(streams.TapObserver{Next: func(x any) { value = x }})))
		require.NoError(t, err)
		require.Equal(t, 42, value)
	})

	errBad := errors.New("bad")

	t.Run("should error with a callback", func(t *testing.T) {
		var seen error
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Throw(errBad), streams.Tap(streams.TapObserver{Error: func(x error) { seen = x }})))
		require.Equal(t, errBad, err)
		require.Equal(t, errBad, seen)
	})

	t.Run("should handle everything with an observer", func(t *testing.T) {
		var results []any
		var atComplete []any
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1, 2, 3), streams.Tap(streams.TapObserver{
			Next:     func(x any) { results = append(results, x) },
			Error:    func(error) { t.Error("should not be called") },
			Complete: func() { atComplete = append(atComplete, results...) },
		})))
		require.NoError(t, err)
		require.Equal(t, ints(1, 2, 3), atComplete)
	})

	t.Run("should handle everything with a Subject", func(t *testing.T) {
		subject := streams.NewSubject()
		var results []any
		completed := false
		sub := streams.Subscribe(t.Context(), subject.Observable(), streams.Observer{
			Next:     func(x any) { results = append(results, x) },
			Error:    func(error) { t.Error("should not be called") },
			Complete: func() { completed = true },
		})
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1, 2, 3), streams.Tap(streams.TapObserver{
			Next:     subject.Next,
			Error:    subject.Error,
			Complete: subject.Complete,
		})))
		require.NoError(t, err)
		sub.Wait()
		require.True(t, completed)
		require.Equal(t, ints(1, 2, 3), results)
	})

	t.Run("should handle an error with a callback", func(t *testing.T) {
		var seen error
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Throw(errBad), streams.Tap(streams.TapObserver{Error: func(x error) { seen = x }})))
		require.Equal(t, errBad, err, "errored")
		require.Equal(t, errBad, seen)
	})

	t.Run("should handle an error with observer", func(t *testing.T) {
		var seen error
		tap := streams.TapObserver{Error: func(x error) { seen = x }}
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Throw(errBad), streams.Tap(tap)))
		require.Equal(t, errBad, err, "errored")
		require.Equal(t, errBad, seen)
	})

	t.Run("should handle complete with observer", func(t *testing.T) {
		completed := false
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Empty(), streams.Tap(streams.TapObserver{Complete: func() { completed = true }})))
		require.NoError(t, err)
		require.True(t, completed)
	})

	t.Run("should handle next with observer", func(t *testing.T) {
		var value any
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of("hi"), streams.Tap(streams.TapObserver{Next: func(x any) { value = x }})))
		require.NoError(t, err)
		require.Equal(t, "hi", value)
	})

	t.Run("should raise error if next handler raises error", func(t *testing.T) {
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of("hi"), streams.Tap(streams.TapObserver{Next: func(any) { panic(errBad) }})))
		requireTapPanic(t, err, errBad)
	})

	t.Run("should raise error if error handler raises error", func(t *testing.T) {
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Throw(errors.New("ops")), streams.Tap(streams.TapObserver{Error: func(error) { panic(errBad) }})))
		requireTapPanic(t, err, errBad)
	})

	t.Run("should raise error if complete handler raises error", func(t *testing.T) {
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Empty(), streams.Tap(streams.TapObserver{Complete: func() { panic(errBad) }})))
		requireTapPanic(t, err, errBad)
	})

	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --1--2--3--#", nil)
			unsub := "     -------!    "
			e1subs := "    ^------!    "
			expected := "  --1--2--    "

			h.Expect(streams.Pipe(e1, noop), unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --1--2--3--#", nil)
			e1subs := "    ^------!    "
			expected := "  --1--2--    "
			unsub := "     -------!    "

			result := streams.Pipe(e1,
				streams.MergeMap(reemit, 0),
				noop,
				streams.MergeMap(reemit, 0),
			)
			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	// Upstream gives this title to two cases; this is the second.
	t.Run("should mirror multiple values and complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --1--2--3--|", nil)
			e1subs := "    ^----------!"
			expected := "  --1--2--3--|"

			h.Expect(streams.Pipe(e1, noop)).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should mirror multiple values and terminate with error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --1--2--3--#", nil)
			e1subs := "    ^----------!"
			expected := "  --1--2--3--#"

			h.Expect(streams.Pipe(e1, noop)).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		_, err := streams.Collect(t.Context(), streams.Pipe(countingSource(&sideEffects), noop, streams.Take(3)))
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})

	// lifecycle handlers: a Subject delivers a push made while it is idle
	// before Next returns, so every callback has run when the test looks.
	lifecycle := func(results *[]string) streams.Operator {
		push := func(s string) { *results = append(*results, s) }
		return streams.Tap(streams.TapObserver{
			Subscribe:   func() { push("subscribe") },
			Next:        func(v any) { push(fmt.Sprint("next ", v)) },
			Error:       func(err error) { push("error: " + err.Error()) },
			Complete:    func() { push("complete") },
			Unsubscribe: func() { push("unsubscribe") },
			Finalize:    func() { push("finalize") },
		})
	}

	t.Run("lifecycle handlers", func(t *testing.T) {
		t.Run("should support an unsubscribe event that fires before finalize", func(t *testing.T) {
			var results []string
			subject := streams.NewSubject()
			subscription := streams.Subscribe(t.Context(), streams.Pipe(subject.Observable(), lifecycle(&results)), streams.Observer{})

			subject.Next(1)
			subject.Next(2)
			require.Equal(t, []string{"subscribe", "next 1", "next 2"}, results)

			subscription.Unsubscribe()
			require.Equal(t, []string{"subscribe", "next 1", "next 2", "unsubscribe", "finalize"}, results)
			subscription.Wait()
		})

		t.Run("should not call unsubscribe if source completes", func(t *testing.T) {
			var results []string
			subject := streams.NewSubject()
			subscription := streams.Subscribe(t.Context(), streams.Pipe(subject.Observable(), lifecycle(&results)), streams.Observer{})

			subject.Next(1)
			subject.Next(2)
			require.Equal(t, []string{"subscribe", "next 1", "next 2"}, results)
			subject.Complete()
			// should have no effect
			subscription.Unsubscribe()

			require.Equal(t, []string{"subscribe", "next 1", "next 2", "complete", "finalize"}, results)
			subscription.Wait()
		})

		t.Run("should not call unsubscribe if source errors", func(t *testing.T) {
			var results []string
			subject := streams.NewSubject()
			subscription := streams.Subscribe(t.Context(), streams.Pipe(subject.Observable(), lifecycle(&results)), streams.Observer{
				Error: func(error) {},
			})

			subject.Next(1)
			subject.Next(2)
			require.Equal(t, []string{"subscribe", "next 1", "next 2"}, results)
			subject.Error(errBad)
			// should have no effect
			subscription.Unsubscribe()

			require.Equal(t, []string{"subscribe", "next 1", "next 2", "error: bad", "finalize"}, results)
			subscription.Wait()
		})
	})
}

// requireTapPanic checks that err is the *PanicError of a Tap function
// that panicked with want.
func requireTapPanic(t *testing.T, err, want error) {
	t.Helper()
	require.ErrorIs(t, err, want)
	var pe *streams.PanicError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "Tap", pe.Op)
}
