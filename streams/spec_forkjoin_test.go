package streams_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/observables/forkJoin-spec.ts.
//
// ForkJoin takes no result selector: where upstream passes one, the port
// maps ForkJoin's []any with Map. A plain rxgo observable stands for
// lowerCaseO, the foreign observable, and FromFunc for a promise; null
// and undefined are both nil. "should finalize in the proper order" checks
// that every source has been torn down (its Defer context cancelled) by
// the time the joined value is emitted.
//
// Left out: every case of "forkJoin({ foo, bar, baz })", the dictionary
// form, which ForkJoin does not take.
func TestSpecForkJoin(t *testing.T) {
	t.Run("should join the last values of the provided observables into an array", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			s1 := h.Hot("-a--b-----c-d-e-|", nil)
			s2 := h.Hot("--------f--g-h-i--j-|", nil)
			s3 := h.Cold("--1--2-3-4---|", nil)
			h.Expect(streams.ForkJoin(s1, s2, s3)).ToBe("--------------------(x|)", map[string]any{"x": row("e", "j", "4")})
		})
	})

	sum := streams.Map(func(v []any) int { return v[0].(int) + v[1].(int) + v[2].(int) })

	t.Run("should support a resultSelector with an Array of ObservableInputs", func(t *testing.T) {
		srcs := []rxgo.Observable{streams.Of(1, 2, 3), streams.Of(4, 5, 6), streams.Of(7, 8, 9)}
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.ForkJoin(srcs...), sum))
		require.NoError(t, err)
		require.Equal(t, []any{18}, got)
	})

	t.Run("should support a resultSelector with a spread of ObservableInputs", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.ForkJoin(streams.Of(1, 2, 3), streams.Of(4, 5, 6), streams.Of(7, 8, 9)), sum))
		require.NoError(t, err)
		require.Equal(t, []any{18}, got)
	})

	t.Run("should accept single observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.ForkJoin(h.Hot("--a--b--c--d--|", nil))).ToBe("--------------(x|)", map[string]any{"x": row("d")})
		})
	})

	t.Run("forkJoin([input1, input2, input3])", func(t *testing.T) {
		t.Run("should join the last values of the provided observables into an array", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				s1 := h.Hot("--a--b--c--d--|", nil)
				s2 := h.Hot("(b|)", nil)
				s3 := h.Hot("--1--2--3--|", nil)
				h.Expect(streams.ForkJoin(s1, s2, s3)).ToBe("--------------(x|)", map[string]any{"x": row("d", "b", "3")})
			})
		})

		t.Run("should allow emit null or undefined", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e2 := streams.ForkJoin(
					h.Hot("--a--b--c--d--|", map[string]any{"a": "a", "b": "b", "c": "c", "d": nil}),
					h.Hot("(b|)", nil),
					h.Hot("--1--2--3--|", nil),
					h.Hot("-----r--t--u--|", map[string]any{"r": "r", "t": "t", "u": nil}),
				)
				h.Expect(e2).ToBe("--------------(x|)", map[string]any{"x": row(nil, "b", "3", nil)})
			})
		})

		t.Run("should accept array of observable contains single", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				s1 := h.Hot("--a--b--c--d--|", nil)
				h.Expect(streams.ForkJoin([]rxgo.Observable{s1}...)).ToBe("--------------(x|)", map[string]any{"x": row("d")})
			})
		})

		t.Run("should accept lowercase-o observables", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				s1 := h.Hot("--a--b--c--d--|", nil)
				s2 := h.Hot("(b|)", nil)
				s3 := rxgo.Just("1", "2", "3")()
				h.Expect(streams.ForkJoin(s1, s2, s3)).ToBe("--------------(x|)", map[string]any{"x": row("d", "b", "3")})
			})
		})

		t.Run("should accept empty lowercase-o observables", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				s1 := h.Hot("--a--b--c--d--|", nil)
				s2 := h.Hot("(b|)", nil)
				h.Expect(streams.ForkJoin(s1, s2, rxgo.Empty())).ToBe("|", nil)
			})
		})

		t.Run("should accept promise", func(t *testing.T) {
			promise := streams.FromFunc(func(context.Context) (any, error) { return 2, nil })
			got, err := streams.Collect(t.Context(), streams.ForkJoin(streams.Of(1), promise))
			require.NoError(t, err)
			require.Equal(t, []any{row(1, 2)}, got)
		})

		t.Run("should accept array of observables", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				srcs := []rxgo.Observable{h.Hot("--a--b--c--d--|", nil), h.Hot("(b|)", nil), h.Hot("--1--2--3--|", nil)}
				h.Expect(streams.ForkJoin(srcs...)).ToBe("--------------(x|)", map[string]any{"x": row("d", "b", "3")})
			})
		})

		t.Run("should not emit if any of source observable is empty", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				s1 := h.Hot("--a--b--c--d--|", nil)
				s2 := h.Hot("(b|)", nil)
				s3 := h.Hot("------------------|", nil)
				h.Expect(streams.ForkJoin(s1, s2, s3)).ToBe("------------------|", nil)
			})
		})

		t.Run("should complete early if any of source is empty and completes before than others", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				s1 := h.Hot("--a--b--c--d--|", nil)
				s2 := h.Hot("(b|)", nil)
				s3 := h.Hot("---------|", nil)
				h.Expect(streams.ForkJoin(s1, s2, s3)).ToBe("---------|", nil)
			})
		})

		t.Run("should complete when all sources are empty", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				s1 := h.Hot("--------------|", nil)
				s2 := h.Hot("---------|", nil)
				h.Expect(streams.ForkJoin(s1, s2)).ToBe("---------|", nil)
			})
		})

		t.Run("should not complete when only source never completes", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				h.Expect(streams.ForkJoin(h.Hot("--------------", nil))).ToBe("--------------", nil)
			})
		})

		t.Run("should not complete when one of the sources never completes", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				s1 := h.Hot("--------------", nil)
				s2 := h.Hot("-a---b--c--|", nil)
				h.Expect(streams.ForkJoin(s1, s2)).ToBe("-", nil)
			})
		})

		t.Run("should complete when one of the sources never completes but other completes without values", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				s1 := h.Hot("--------------", nil)
				s2 := h.Hot("------|", nil)
				h.Expect(streams.ForkJoin(s1, s2)).ToBe("------|", nil)
			})
		})

		t.Run("should complete if source is not provided", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				h.Expect(streams.ForkJoin()).ToBe("|", nil)
			})
		})

		t.Run("should complete if sources list is empty", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				h.Expect(streams.ForkJoin([]rxgo.Observable{}...)).ToBe("|", nil)
			})
		})

		t.Run("should raise error when any of source raises error with empty observable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				s1 := h.Hot("------#", nil)
				s2 := h.Hot("---------|", nil)
				h.Expect(streams.ForkJoin(s1, s2)).ToBe("------#", nil)
			})
		})

		t.Run("should raise error when any of source raises error with source that never completes", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				s1 := h.Hot("------#", nil)
				s2 := h.Hot("----------", nil)
				h.Expect(streams.ForkJoin(s1, s2)).ToBe("------#", nil)
			})
		})

		t.Run("should raise error when source raises error", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				s1 := h.Hot("------#", nil)
				s2 := h.Hot("---a-----|", nil)
				h.Expect(streams.ForkJoin(s1, s2)).ToBe("------#", nil)
			})
		})

		t.Run("should allow unsubscribing early and explicitly", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("--a--^--b--c---d-|", nil)
				e2 := h.Hot("---e-^---f--g---h-|", nil)
				h.Expect(streams.ForkJoin(e1, e2), "---------!").ToBe("----------", nil)
				h.ExpectSubscriptions(e1).ToBe("^--------!")
				h.ExpectSubscriptions(e2).ToBe("^--------!")
			})
		})

		t.Run("should unsubscribe other Observables, when one of them errors", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("--a--^--b--c---d-|", nil)
				e2 := h.Hot("---e-^---f--g-#", nil)
				h.Expect(streams.ForkJoin(e1, e2)).ToBe("---------#", nil)
				h.ExpectSubscriptions(e1).ToBe("^--------!")
				h.ExpectSubscriptions(e2).ToBe("^--------!")
			})
		})
	})

	t.Run("should finalize in the proper order", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var (
				mu   sync.Mutex
				ctxs []context.Context
				torn []bool // for each source, whether it had been torn down when the value came
			)
			var srcs []rxgo.Observable
			for _, n := range []int{1, 2, 3, 4} {
				srcs = append(srcs, streams.Defer(func(ctx context.Context) rxgo.Observable {
					mu.Lock()
					ctxs = append(ctxs, ctx)
					mu.Unlock()
					return streams.Pipe(streams.Timer(100*time.Millisecond), streams.Map(func(int) int { return n }))
				}))
			}
			seen := streams.Map(func(v []any) []any {
				mu.Lock()
				defer mu.Unlock()
				for _, ctx := range ctxs {
					torn = append(torn, ctx.Err() != nil)
				}
				return v
			})
			got, err := streams.Collect(t.Context(), streams.Pipe(streams.ForkJoin(srcs...), seen))
			require.NoError(t, err)
			require.Equal(t, []any{row(1, 2, 3, 4)}, got)
			require.Equal(t, []bool{true, true, true, true}, torn)
		})
	})
}

// Bad arguments, and what RxJS's diagrams cannot show.
func TestForkJoinContract(t *testing.T) {
	t.Run("a nil source panics naming ForkJoin", func(t *testing.T) {
		require.PanicsWithValue(t, "streams.ForkJoin: nil source at index 2", func() { streams.ForkJoin(streams.Of(1), streams.Of(2), nil) })
	})
	t.Run("a source ending the stream at once leaves the rest unsubscribed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			later := h.Cold("a|", nil)
			h.Expect(streams.ForkJoin(streams.Throw(streamtest.ErrMarble), later)).ToBe("#", nil)
			h.ExpectSubscriptions(later).ToBe()
		})
	})
}
