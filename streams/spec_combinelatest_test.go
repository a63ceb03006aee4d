package streams_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/observables/combineLatest-spec.ts.
//
// CombineLatest takes no result selector: where upstream passes one, the
// port maps CombineLatest's []any with Map, which fails the stream with a
// *PanicError wrapping what a selector panics with.
//
// Left out:
//   - "should return EMPTY if passed an empty POJO as the only argument"
//     and "should accept a dictionary of observables": CombineLatest takes
//     no dictionary of sources.
//   - "should return EMPTY if passed an empty array and scheduler as the
//     only argument" and "should combine an immediately-scheduled source
//     with an immediately-scheduled second": CombineLatest takes no
//     scheduler, and without one upstream's values differ.
func TestSpecCombineLatest(t *testing.T) {
	combined := func(srcs ...rxgo.Observable) rxgo.Observable {
		return streams.Pipe(streams.CombineLatest(srcs...), joined)
	}

	t.Run("should return EMPTY if passed an empty array as the only argument", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.CombineLatest([]rxgo.Observable{}...))
		require.NoError(t, err)
		require.Empty(t, got)
	})

	t.Run("should combineLatest the provided observables", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			first := h.Hot("----a----b----c----|", nil)
			second := h.Hot("--d--e--f--g--|", nil)
			values := map[string]any{"u": "ad", "v": "ae", "w": "af", "x": "bf", "y": "bg", "z": "cg"}
			h.Expect(combined(first, second)).ToBe("----uv--wx-y--z----|", values)
		})
	})

	t.Run("should accept array of observables", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			srcs := []rxgo.Observable{h.Hot("----a----b----c----|", nil), h.Hot("--d--e--f--g--|", nil)}
			values := map[string]any{"u": "ad", "v": "ae", "w": "af", "x": "bf", "y": "bg", "z": "cg"}
			h.Expect(combined(srcs...)).ToBe("----uv--wx-y--z----|", values)
		})
	})

	t.Run("should work with two nevers", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			e2 := h.Cold("-", nil)
			h.Expect(combined(e1, e2)).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
			h.ExpectSubscriptions(e2).ToBe("^")
		})
	})

	t.Run("should work with never and empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			e2 := h.Cold("|", nil)
			h.Expect(combined(e1, e2)).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
			h.ExpectSubscriptions(e2).ToBe("(^!)")
		})
	})

	t.Run("should work with empty and never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			e2 := h.Cold("-", nil)
			h.Expect(combined(e1, e2)).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
			h.ExpectSubscriptions(e2).ToBe("^")
		})
	})

	t.Run("should work with empty and empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			e2 := h.Cold("|", nil)
			h.Expect(combined(e1, e2)).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
			h.ExpectSubscriptions(e2).ToBe("(^!)")
		})
	})

	t.Run("should work with hot-empty and hot-single", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a-^-|", numbers)
			e2 := h.Hot("-b-^-c-|", numbers)
			h.Expect(combined(e1, e2)).ToBe("----|", numbers)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("^---!")
		})
	})

	t.Run("should work with hot-single and hot-empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a-^-|", numbers)
			e2 := h.Hot("-b-^-c-|", numbers)
			h.Expect(combined(e2, e1)).ToBe("----|", numbers)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("^---!")
		})
	})

	t.Run("should work with hot-single and never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a-^-|", numbers)
			e2 := h.Hot("------", numbers)
			h.Expect(combined(e1, e2)).ToBe("-", numbers)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("^")
		})
	})

	t.Run("should work with never and hot-single", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--------", numbers)
			e2 := h.Hot("-a-^-b-|", numbers)
			h.Expect(combined(e1, e2)).ToBe("-----", numbers)
			h.ExpectSubscriptions(e1).ToBe("^----")
			h.ExpectSubscriptions(e2).ToBe("^---!")
		})
	})

	t.Run("should work with hot and hot", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c--|", nil)
			e2 := h.Hot("---e-^---f--g--|", nil)
			h.Expect(combined(e1, e2)).ToBe("----x-yz--|", map[string]any{"x": "bf", "y": "cf", "z": "cg"})
			h.ExpectSubscriptions(e1).ToBe("^--------!")
			h.ExpectSubscriptions(e2).ToBe("^---------!")
		})
	})

	t.Run("should work with empty and error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("----------|", nil)
			e2 := h.Hot("------#", nil, errShazbot)
			h.Expect(combined(e1, e2)).ToBe("------#", nil, errShazbot)
			h.ExpectSubscriptions(e1).ToBe("^-----!")
			h.ExpectSubscriptions(e2).ToBe("^-----!")
		})
	})

	t.Run("should work with error and empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--^---#", nil, errHonk)
			e2 := h.Hot("--^--------|", nil)
			h.Expect(combined(e1, e2)).ToBe("----#", nil, errHonk)
			h.ExpectSubscriptions(e1).ToBe("^---!")
			h.ExpectSubscriptions(e2).ToBe("^---!")
		})
	})

	t.Run("should work with hot and throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a-^--b--c--|", numbers)
			e2 := h.Hot("---^-#", nil, errBazinga)
			h.Expect(combined(e1, e2)).ToBe("--#", nil, errBazinga)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("^-!")
		})
	})

	t.Run("should work with throw and hot", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^-#", nil, errBazinga)
			e2 := h.Hot("-a-^--b--c--|", numbers)
			h.Expect(combined(e1, e2)).ToBe("--#", nil, errBazinga)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("^-!")
		})
	})

	t.Run("should work with throw and throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^----#", nil, errJenga)
			e2 := h.Hot("---^-#", nil, errBazinga)
			h.Expect(combined(e1, e2)).ToBe("--#", nil, errBazinga)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("^-!")
		})
	})

	t.Run("should work with error and throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a-^--b--#", numbers, errWokka)
			e2 := h.Hot("---^-#", nil, errFlurp)
			h.Expect(combined(e1, e2)).ToBe("--#", nil, errFlurp)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("^-!")
		})
	})

	t.Run("should work with throw and error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^-#", nil, errFlurp)
			e2 := h.Hot("-a-^--b--#", numbers, errWokka)
			h.Expect(combined(e1, e2)).ToBe("--#", nil, errFlurp)
			h.ExpectSubscriptions(e1).ToBe("^-!")
			h.ExpectSubscriptions(e2).ToBe("^-!")
		})
	})

	t.Run("should work with never and throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^-----------", nil)
			e2 := h.Hot("---^-----#", nil, errWokka)
			h.Expect(combined(e1, e2)).ToBe("------#", nil, errWokka)
			h.ExpectSubscriptions(e1).ToBe("^-----!")
			h.ExpectSubscriptions(e2).ToBe("^-----!")
		})
	})

	t.Run("should work with throw and never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^----#", nil, errWokka)
			e2 := h.Hot("---^-----------", nil)
			h.Expect(combined(e1, e2)).ToBe("-----#", nil, errWokka)
			h.ExpectSubscriptions(e1).ToBe("^----!")
			h.ExpectSubscriptions(e2).ToBe("^----!")
		})
	})

	t.Run("should work with some and throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^----a---b--|", numbers)
			e2 := h.Hot("---^--#", nil, errWokka)
			h.Expect(combined(e1, e2)).ToBe("---#", numbers, errWokka)
			h.ExpectSubscriptions(e1).ToBe("^--!")
			h.ExpectSubscriptions(e2).ToBe("^--!")
		})
	})

	t.Run("should work with throw and some", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---^--#", nil, errWokka)
			e2 := h.Hot("---^----a---b--|", numbers)
			h.Expect(combined(e1, e2)).ToBe("---#", numbers, errWokka)
			h.ExpectSubscriptions(e1).ToBe("^--!")
			h.ExpectSubscriptions(e2).ToBe("^--!")
		})
	})

	t.Run("should handle throw after complete left", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b---|", numbers)
			e2 := h.Hot("-----^--------#", nil, errBadThings)
			h.Expect(combined(e1, e2)).ToBe("---------#", nil, errBadThings)
			h.ExpectSubscriptions(e1).ToBe("^------!")
			h.ExpectSubscriptions(e2).ToBe("^--------!")
		})
	})

	t.Run("should handle throw after complete right", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-----^--------#", nil, errBadThings)
			e2 := h.Hot("--a--^--b---|", numbers)
			h.Expect(combined(e1, e2)).ToBe("---------#", nil, errBadThings)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
			h.ExpectSubscriptions(e2).ToBe("^------!")
		})
	})

	t.Run("should handle interleaved with tail", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a--^--b---c---|", nil)
			e2 := h.Hot("--d-^----e---f--|", nil)
			h.Expect(combined(e1, e2)).ToBe("-----x-y-z--|", map[string]any{"x": "be", "y": "ce", "z": "cf"})
			h.ExpectSubscriptions(e1).ToBe("^----------!")
			h.ExpectSubscriptions(e2).ToBe("^-----------!")
		})
	})

	t.Run("should handle two consecutive hot observables", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c--|", nil)
			e2 := h.Hot("-----^----------d--e--f--|", nil)
			h.Expect(combined(e1, e2)).ToBe("-----------x--y--z--|", map[string]any{"x": "cd", "y": "ce", "z": "cf"})
			h.ExpectSubscriptions(e1).ToBe("^--------!")
			h.ExpectSubscriptions(e2).ToBe("^-------------------!")
		})
	})

	t.Run("should handle two consecutive hot observables with error left", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c--#", nil, errJenga)
			e2 := h.Hot("-----^----------d--e--f--|", nil)
			h.Expect(combined(e1, e2)).ToBe("---------#", nil, errJenga)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
			h.ExpectSubscriptions(e2).ToBe("^--------!")
		})
	})

	t.Run("should handle two consecutive hot observables with error right", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c--|", nil)
			e2 := h.Hot("-----^----------d--e--f--#", nil, errDun)
			h.Expect(combined(e1, e2)).ToBe("-----------x--y--z--#", map[string]any{"x": "cd", "y": "ce", "z": "cf"}, errDun)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
			h.ExpectSubscriptions(e2).ToBe("^-------------------!")
		})
	})

	t.Run("should handle selector throwing", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--|", map[string]any{"a": 1, "b": 2})
			e2 := h.Hot("--c--^--d--|", map[string]any{"c": 3, "d": 4})
			selector := streams.Map(func(v []any) int { panic(thrown(fmt.Sprintf("ha ha %v, %v", v[0], v[1]))) })
			h.Expect(streams.Pipe(streams.CombineLatest(e1, e2), selector)).ToBe("---#", nil, thrown("ha ha 2, 4"))
			h.ExpectSubscriptions(e1).ToBe("^--!")
			h.ExpectSubscriptions(e2).ToBe("^--!")
		})
	})

	t.Run("should allow unsubscribing early and explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c---d-|", nil)
			e2 := h.Hot("---e-^---f--g---h-|", nil)
			h.Expect(combined(e1, e2), "---------!").ToBe("----x-yz--", map[string]any{"x": "bf", "y": "cf", "z": "cg"})
			h.ExpectSubscriptions(e1).ToBe("^--------!")
			h.ExpectSubscriptions(e2).ToBe("^--------!")
		})
	})

	t.Run("should not break unsubscription chains when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c---d-|", nil)
			e2 := h.Hot("---e-^---f--g---h-|", nil)
			result := streams.Pipe(
				combined(streams.Pipe(e1, streams.MergeMap(ofOne, 0)), streams.Pipe(e2, streams.MergeMap(ofOne, 0))),
				streams.MergeMap(ofOne, 0),
			)
			h.Expect(result, "---------!").ToBe("----x-yz--", map[string]any{"x": "bf", "y": "cf", "z": "cg"})
			h.ExpectSubscriptions(e1).ToBe("^--------!")
			h.ExpectSubscriptions(e2).ToBe("^--------!")
		})
	})
}

// Bad arguments, and what RxJS's diagrams cannot show.
func TestCombineLatestContract(t *testing.T) {
	t.Run("a nil source panics naming CombineLatest", func(t *testing.T) {
		require.PanicsWithValue(t, "streams.CombineLatest: nil source at index 0", func() { streams.CombineLatest(nil) })
	})

	t.Run("sources emitting at once", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.CombineLatest(streams.Of(1, 2, 3), streams.Of(4, 5)))
		require.NoError(t, err)
		require.Equal(t, []any{row(3, 4), row(3, 5)}, got)
	})

	t.Run("each value is a slice of its own", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.CombineLatest(streams.Of(1), streams.Of(2, 3)))
		require.NoError(t, err)
		got[0].([]any)[0] = "changed"
		require.Equal(t, row(1, 3), got[1])
	})
}

// The errors of RxJS's combineLatest diagrams.
var (
	errShazbot   = errors.New("shazbot!")
	errHonk      = errors.New("too bad, honk")
	errBazinga   = errors.New("bazinga")
	errJenga     = errors.New("jenga")
	errFlurp     = errors.New("flurp")
	errWokka     = errors.New("wokka wokka")
	errBadThings = errors.New("bad things")
	errDun       = errors.New("dun dun dun")
)

// numbers names the values of diagrams that combine numbers.
var numbers = map[string]any{"a": 1, "b": 2, "c": 3}

// thrown is what a selector throws in RxJS's tests: a string, here an
// error that errors.Is matches by its text.
type thrown string

func (e thrown) Error() string { return string(e) }
