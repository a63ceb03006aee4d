package streams_test

import (
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/withLatestFrom-spec.ts.
//
// WithLatestFrom takes no project function: the cases that pass one map
// the []any it emits with a Map after it, joining the strings. RxJS's
// lowercase-o observables are rxgo's own, the foreign observables Go
// has, and delay(1) runs on synctest's virtual clock.
//
// Left out:
//   - "should handle promises" and "should handle arrays": promises and
//     arrays as ObservableInput; the others here are rxgo.Observables.
func TestSpecWithLatestFrom(t *testing.T) {
	joined := streams.Map(func(v []any) string {
		var b strings.Builder
		for _, x := range v {
			b.WriteString(x.(string))
		}
		return b.String()
	})

	t.Run("should combine events from cold observables", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e2 := h.Cold(" --1--2-3-4---|   ", nil)
			e2subs := "    ^------------!   "
			e1 := h.Cold(" -a--b-----c-d-e-|", nil)
			e1subs := "    ^---------------!"
			expected := "  ----B-----C-D-E-|"

			result := streams.Pipe(e1, streams.WithLatestFrom(e2), joined)
			h.Expect(result).ToBe(expected, map[string]any{"B": "b1", "C": "c4", "D": "d4", "E": "e4"})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
		})
	})

	t.Run("should merge the value with the latest values from the other observables into arrays", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e2 := h.Hot("  --e--^-f---g---h------|", nil)
			e2subs := "         ^-------------!   "
			e3 := h.Hot("  --i--^-j---k---l------|", nil)
			e3subs := "         ^-------------!   "
			e1 := h.Hot("  --a--^---b---c---d-|   ", nil)
			e1subs := "         ^-------------!   "
			expected := "       ----x---y---z-|   "
			values := map[string]any{
				"x": strs("b", "f", "j"),
				"y": strs("c", "g", "k"),
				"z": strs("d", "h", "l"),
			}

			h.Expect(streams.Pipe(e1, streams.WithLatestFrom(e2, e3))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
			h.ExpectSubscriptions(e3).ToBe(e3subs)
		})
	})

	t.Run("should merge the value with the latest values from the other observables into arrays and a project argument", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e2 := h.Hot("  --e--^-f---g---h------|", nil)
			e2subs := "         ^-------------!   "
			e3 := h.Hot("  --i--^-j---k---l------|", nil)
			e3subs := "         ^-------------!   "
			e1 := h.Hot("  --a--^---b---c---d-|   ", nil)
			e1subs := "         ^-------------!   "
			expected := "       ----x---y---z-|   "
			values := map[string]any{"x": "bfj", "y": "cgk", "z": "dhl"}

			h.Expect(streams.Pipe(e1, streams.WithLatestFrom(e2, e3), joined)).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
			h.ExpectSubscriptions(e3).ToBe(e3subs)
		})
	})

	t.Run("should allow unsubscribing early and explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e2 := h.Hot("  --e--^-f---g---h------|", nil)
			e2subs := "         ^----------!      "
			e3 := h.Hot("  --i--^-j---k---l------|", nil)
			e3subs := "         ^----------!      "
			e1 := h.Hot("  --a--^---b---c---d-|   ", nil)
			e1subs := "         ^----------!      "
			expected := "       ----x---y---      "
			unsub := "          -----------!      "
			values := map[string]any{"x": "bfj", "y": "cgk", "z": "dhl"}

			h.Expect(streams.Pipe(e1, streams.WithLatestFrom(e2, e3), joined), unsub).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
			h.ExpectSubscriptions(e3).ToBe(e3subs)
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e2 := h.Hot("  --e--^-f---g---h------|", nil)
			e2subs := "         ^----------!      "
			e3 := h.Hot("  --i--^-j---k---l------|", nil)
			e3subs := "         ^----------!      "
			e1 := h.Hot("  --a--^---b---c---d-|   ", nil)
			e1subs := "         ^----------!      "
			expected := "       ----x---y---      "
			unsub := "          -----------!      "
			values := map[string]any{"x": "bfj", "y": "cgk", "z": "dhl"}

			result := streams.Pipe(e1,
				streams.MergeMap(reemit, 0),
				streams.WithLatestFrom(e2, e3), joined,
				streams.MergeMap(reemit, 0),
			)
			h.Expect(result, unsub).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
			h.ExpectSubscriptions(e3).ToBe(e3subs)
		})
	})

	t.Run("should handle empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e2 := h.Hot("  --e--^-f---g---h----|", nil)
			e2subs := "         (^!)            "
			e3 := h.Hot("  --i--^-j---k---l----|", nil)
			e3subs := "         (^!)            "
			e1 := h.Cold("      |               ", nil)
			e1subs := "         (^!)            "
			expected := "       |               "

			h.Expect(streams.Pipe(e1, streams.WithLatestFrom(e2, e3))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
			h.ExpectSubscriptions(e3).ToBe(e3subs)
		})
	})

	t.Run("should handle never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e2 := h.Hot("   --e--^-f---g---h----|  ", nil)
			e2subs := "          ^--------------!  "
			e3 := h.Hot("   --i--^-j---k---l----|  ", nil)
			e3subs := "          ^--------------!  "
			e1 := h.Cold("         -                ", nil)
			e1subs := "            ^----------------"
			expected := "      --------------------"

			h.Expect(streams.Pipe(e1, streams.WithLatestFrom(e2, e3))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
			h.ExpectSubscriptions(e3).ToBe(e3subs)
		})
	})

	t.Run("should handle throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e2 := h.Hot("  --e--^-f---g---h----|", nil)
			e2subs := "         (^!)            "
			e3 := h.Hot("  --i--^-j---k---l----|", nil)
			e3subs := "         (^!)            "
			e1 := h.Cold("      #               ", nil)
			e1subs := "         (^!)            "
			expected := "       #               "

			h.Expect(streams.Pipe(e1, streams.WithLatestFrom(e2, e3))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
			h.ExpectSubscriptions(e3).ToBe(e3subs)
		})
	})

	errBooHoo := errors.New("boo-hoo")

	t.Run("should handle error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e2 := h.Hot("  --e--^-f---g---h----|", nil)
			e2subs := "         ^-------!       "
			e3 := h.Hot("  --i--^-j---k---l----|", nil)
			e3subs := "         ^-------!       "
			e1 := h.Hot("  --a--^---b---#       ", nil, errBooHoo)
			e1subs := "         ^-------!       "
			expected := "       ----x---#       "
			values := map[string]any{"x": strs("b", "f", "j")}

			h.Expect(streams.Pipe(e1, streams.WithLatestFrom(e2, e3))).ToBe(expected, values, errBooHoo)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
			h.ExpectSubscriptions(e3).ToBe(e3subs)
		})
	})

	t.Run("should handle error with project argument", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e2 := h.Hot("  --e--^-f---g---h----|", nil)
			e2subs := "         ^-------!       "
			e3 := h.Hot("  --i--^-j---k---l----|", nil)
			e3subs := "         ^-------!       "
			e1 := h.Hot("  --a--^---b---#       ", nil, errBooHoo)
			e1subs := "         ^-------!       "
			expected := "       ----x---#       "
			values := map[string]any{"x": "bfj"}

			h.Expect(streams.Pipe(e1, streams.WithLatestFrom(e2, e3), joined)).ToBe(expected, values, errBooHoo)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
			h.ExpectSubscriptions(e3).ToBe(e3subs)
		})
	})

	t.Run("should handle merging with empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e2 := h.Cold("      |                 ", nil)
			e2subs := "         (^!)              "
			e3 := h.Hot("  --i--^-j---k---l------|", nil)
			e3subs := "         ^-------------!   "
			e1 := h.Hot("  --a--^---b---c---d-|   ", nil)
			e1subs := "         ^-------------!   "
			expected := "       --------------|   "

			h.Expect(streams.Pipe(e1, streams.WithLatestFrom(e2, e3))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
			h.ExpectSubscriptions(e3).ToBe(e3subs)
		})
	})

	t.Run("should handle merging with never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e2 := h.Cold("      -                 ", nil)
			e2subs := "         ^-------------!   "
			e3 := h.Hot("  --i--^-j---k---l------|", nil)
			e3subs := "         ^-------------!   "
			e1 := h.Hot("  --a--^---b---c---d-|   ", nil)
			e1subs := "         ^-------------!   "
			expected := "       --------------|   "

			h.Expect(streams.Pipe(e1, streams.WithLatestFrom(e2, e3))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
			h.ExpectSubscriptions(e3).ToBe(e3subs)
		})
	})

	t.Run("should handle lowercase-o observables", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			got, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1),
				streams.Delay(time.Millisecond),
				streams.WithLatestFrom(rxgo.Just(2, 3, 4)(), rxgo.Just(4, 5, 6)()),
			))
			require.NoError(t, err)
			require.Equal(t, []any{ints(1, 4, 6)}, got)
		})
	})

	t.Run("should work with synchronous observables", func(t *testing.T) {
		result, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1, 2, 3), streams.WithLatestFrom(streams.Of(4, 5))))
		require.NoError(t, err)
		require.Len(t, result, 3)
		require.Equal(t, ints(1, 5), result[0])
		require.Equal(t, ints(2, 5), result[1])
		require.Equal(t, ints(3, 5), result[2])
	})
}
