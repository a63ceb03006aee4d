package streams_test

import (
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/repeat-spec.ts.
//
// How the cases are written here:
//   - repeat(n) is Repeat(RepeatCount(n)), repeat() is Repeat(), and
//     repeat({count, delay}) is Repeat(RepeatCount(count), RepeatDelay(...)),
//     a delay in frames being a Timer of that many.
//   - new Observable(fn) is RawObservable, whose OnEnd stands for the
//     function fn returns. The promise steps of "should always
//     finalization before starting the next cycle" are timers one frame
//     apart, on synctest's virtual clock.
//   - What the subscriber sees is recorded by a Tap after Repeat, in the
//     same call as the event reaches it: Subscribe's observer runs on a
//     goroutine of its own and could not say what came before a teardown.
//   - multicast(() => new Subject()) with refCount() is Share(). A thrown
//     string is a panic with an error of that text.
//
// Left out:
//   - "should consider negative count as no repeat, and return EMPTY": a
//     negative RepeatCount panics, as a negative count does everywhere in
//     streams (see TestTransformBadInputPanics).
func TestSpecRepeat(t *testing.T) {
	t.Run("should resubscribe count number of times", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --a--b--|                ", nil)
			subs := []string{
				"              ^-------!                ",
				"              --------^-------!        ",
				"              ----------------^-------!",
			}
			expected := "  --a--b----a--b----a--b--|"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(3)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs...)
		})
	})

	t.Run("should resubscribe multiple times", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --a--b--|                        ", nil)
			subs := []string{
				"              ^-------!                        ",
				"              --------^-------!                ",
				"              ----------------^-------!        ",
				"              ------------------------^-------!",
			}
			expected := "  --a--b----a--b----a--b----a--b--|"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(2)), streams.Repeat(streams.RepeatCount(2)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs...)
		})
	})

	t.Run("should complete without emit when count is zero", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a--b--|", nil)
			expected := "|"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(0)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe()
		})
	})

	t.Run("should emit source once when count is one", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --a--b--|", nil)
			subs := "      ^-------!"
			expected := "  --a--b--|"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(1)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should repeat until gets unsubscribed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --a--b--|      ", nil)
			subs := []string{
				"              ^-------!      ",
				"              --------^------!",
			}
			unsub := "     ---------------!"
			expected := "  --a--b----a--b-"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(10))), unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs...)
		})
	})

	t.Run("should be able to repeat indefinitely until unsubscribed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --a--b--|                                    ", nil)
			subs := []string{
				"              ^-------!                                    ",
				"              --------^-------!                            ",
				"              ----------------^-------!                    ",
				"              ------------------------^-------!            ",
				"              --------------------------------^-------!    ",
				"              ----------------------------------------^---!",
			}
			unsub := "     --------------------------------------------!"
			expected := "  --a--b----a--b----a--b----a--b----a--b----a--"

			h.Expect(streams.Pipe(e1, streams.Repeat()), unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs...)
		})
	})

	t.Run("should not break unsubscription chain when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --a--b--|                                    ", nil)
			subs := []string{
				"              ^-------!                                    ",
				"              --------^-------!                            ",
				"              ----------------^-------!                    ",
				"              ------------------------^-------!            ",
				"              --------------------------------^-------!    ",
				"              ----------------------------------------^---!",
			}
			unsub := "     --------------------------------------------!"
			expected := "  --a--b----a--b----a--b----a--b----a--b----a--"

			result := streams.Pipe(e1,
				streams.MergeMap(reemit, 0),
				streams.Repeat(),
				streams.MergeMap(reemit, 0),
			)
			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs...)
		})
	})

	t.Run("should always finalization before starting the next cycle", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var mu sync.Mutex
			var results []any
			push := func(v any) {
				mu.Lock()
				defer mu.Unlock()
				results = append(results, v)
			}
			tick := time.Millisecond
			source := streams.RawObservable(func(s streams.RawSubscriber) {
				t1 := time.AfterFunc(tick, func() { s.Next(1) })
				t2 := time.AfterFunc(2*tick, func() { s.Next(2) })
				t3 := time.AfterFunc(3*tick, s.Complete)
				s.OnEnd(func() {
					t1.Stop()
					t2.Stop()
					t3.Stop()
					push("finalizer")
				})
			})

			_, err := streams.Collect(t.Context(), streams.Pipe(source, streams.Repeat(streams.RepeatCount(3)), streams.Tap(streams.TapObserver{Next: push})))
			require.NoError(t, err)
			mu.Lock()
			defer mu.Unlock()
			require.Equal(t, []any{1, 2, "finalizer", 1, 2, "finalizer", 1, 2, "finalizer"}, results)
		})
	})

	t.Run("should always finalize before starting the next cycle, even when synchronous", func(t *testing.T) {
		var results []any
		source := streams.RawObservable(func(s streams.RawSubscriber) {
			s.Next(1)
			s.Next(2)
			s.Complete()
			s.OnEnd(func() { results = append(results, "finalizer") })
		})
		_, err := streams.Collect(t.Context(), streams.Pipe(source, streams.Repeat(streams.RepeatCount(3)), streams.Tap(streams.TapObserver{
			Next:     func(v any) { results = append(results, v) },
			Complete: func() { results = append(results, "complete") },
		})))
		require.NoError(t, err)
		require.Equal(t, []any{1, 2, "finalizer", 1, 2, "finalizer", 1, 2, "complete", "finalizer"}, results)
	})

	t.Run("should not complete when source never completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			e1subs := "^"
			expected := "-"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(3)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not complete when source does not completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			unsub := "------------------------------!"
			subs := "  ^-----------------------------!"
			expected := "-"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(3))), unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should complete immediately when source does not complete without emit but count is zero", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			expected := "|"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(0)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe()
		})
	})

	t.Run("should complete immediately when source does not complete but count is zero", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a--b--", nil)
			expected := "|"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(0)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe()
		})
	})

	t.Run("should emit source once and does not complete when source emits but does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --a--b--", nil)
			subs := "      ^-------"
			expected := "  --a--b--"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(3)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should complete when source is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			e1subs := []string{"(^!)", "(^!)", "(^!)"}
			expected := "|"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(3)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs...)
		})
	})

	t.Run("should complete when source does not emit", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("----|        ", nil)
			subs := []string{
				"             ^---!        ",
				"             ----^---!    ",
				"             --------^---!",
			}
			expected := "------------|"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(3)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs...)
		})
	})

	t.Run("should complete immediately when source does not emit but count is zero", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("----|", nil)
			expected := "|"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(0)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe()
		})
	})

	t.Run("should raise error when source raises error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --a--b--#", nil)
			subs := "      ^-------!"
			expected := "  --a--b--#"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(2)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should raises error if source throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			e1subs := "(^!)"
			expected := "#"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(3)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should raises error if source throws when repeating infinitely", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			e1subs := "(^!)"
			expected := "#"

			h.Expect(streams.Pipe(e1, streams.Repeat())).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should raise error after first emit succeed", func(t *testing.T) {
		errThrown := errors.New("error")
		streamtest.Run(t, func(h *streamtest.H) {
			repeated := false
			e1 := streams.Pipe(h.Cold("--a--|", nil), streams.Map(func(x string) string {
				if repeated {
					panic(errThrown)
				}
				repeated = true
				return x
			}))
			expected := "--a----#"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(2)))).ToBe(expected, nil, errThrown)
		})
	})

	t.Run("should repeat a synchronous source (multicasted and refCounted) multiple times", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1, 2, 3), streams.Share(), streams.Repeat(streams.RepeatCount(5))))
		require.NoError(t, err)
		require.Equal(t, ints(1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3), got)
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		_, err := streams.Collect(t.Context(), streams.Pipe(countingSource(&sideEffects), streams.Repeat(), streams.Take(3)))
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})

	t.Run("should allow count configuration", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --a--b--|                ", nil)
			subs := []string{
				"              ^-------!                ",
				"              --------^-------!        ",
				"              ----------------^-------!",
			}
			expected := "  --a--b----a--b----a--b--|"

			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(3)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs...)
		})
	})

	t.Run("should allow delay time configuration", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --a--b--|                ", nil)
			delay := h.Frames(3) //     ---|       ---|
			subs := []string{
				"              ^-------!                ",
				"              -----------^-------!        ",
				"              ----------------------^-------!",
			}
			expected := "  --a--b-------a--b-------a--b--|"

			wait := func(int) rxgo.Observable { return streams.Timer(delay) }
			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(3), streams.RepeatDelay(wait)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs...)
		})
	})

	t.Run("should allow delay function configuration", func(t *testing.T) {
		var counts []int
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --a--b--|                ", nil)
			delay := h.Frames(3) //     ---|       ---|
			subs := []string{
				"              ^-------!                ",
				"              -----------^-------!        ",
				"              ----------------------^-------!",
			}
			expected := "  --a--b-------a--b-------a--b--|"

			wait := func(count int) rxgo.Observable {
				counts = append(counts, count)
				return streams.Timer(delay)
			}
			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(3), streams.RepeatDelay(wait)))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs...)
		})
		require.Equal(t, []int{1, 2}, counts)
	})

	t.Run("should handle delay function throwing", func(t *testing.T) {
		errThrown := errors.New("bad")
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --a--b--|                ", nil)
			delay := h.Frames(3) //     ---|       ---|
			subs := []string{
				"              ^-------!                ",
				"              -----------^-------!        ",
			}
			expected := "  --a--b-------a--b--#"

			wait := func(count int) rxgo.Observable {
				if count == 2 {
					panic(errThrown)
				}
				return streams.Timer(delay)
			}
			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatCount(3), streams.RepeatDelay(wait)))).ToBe(expected, nil, errThrown)
			h.ExpectSubscriptions(e1).ToBe(subs...)
		})
	})
}
