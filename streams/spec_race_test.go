package streams_test

import (
	"math"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/observables/race-spec.ts.
//
// Left out: "should support a single ObservableInput argument", a
// promise: Race takes observables only.
func TestSpecRace(t *testing.T) {
	t.Run("should race a single observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("---a-----b-----c----|", nil)
			h.Expect(streams.Race(e1)).ToBe("---a-----b-----c----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
		})
	})

	t.Run("should race cold and cold", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("---a-----b-----c----|", nil)
			e2 := h.Cold("------x-----y-----z----|", nil)
			h.Expect(streams.Race(e1, e2)).ToBe("---a-----b-----c----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
			h.ExpectSubscriptions(e2).ToBe("^--!")
		})
	})

	t.Run("should race with array of observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("---a-----b-----c----|", nil)
			e2 := h.Cold("------x-----y-----z----|", nil)
			h.Expect(streams.Race([]rxgo.Observable{e1, e2}...)).ToBe("---a-----b-----c----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
			h.ExpectSubscriptions(e2).ToBe("^--!")
		})
	})

	t.Run("should race hot and hot", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---a-----b-----c----|", nil)
			e2 := h.Hot("------x-----y-----z----|", nil)
			h.Expect(streams.Race(e1, e2)).ToBe("---a-----b-----c----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
			h.ExpectSubscriptions(e2).ToBe("^--!")
		})
	})

	t.Run("should race hot and cold", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("---a-----b-----c----|", nil)
			e2 := h.Hot("------x-----y-----z----|", nil)
			h.Expect(streams.Race(e1, e2)).ToBe("---a-----b-----c----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^-------------------!")
			h.ExpectSubscriptions(e2).ToBe("^--!")
		})
	})

	t.Run("should race 2nd and 1st", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("------x-----y-----z----|", nil)
			e2 := h.Cold("---a-----b-----c----|", nil)
			h.Expect(streams.Race(e1, e2)).ToBe("---a-----b-----c----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
			h.ExpectSubscriptions(e2).ToBe("^-------------------!")
		})
	})

	t.Run("should race emit and complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-----|", nil)
			e2 := h.Hot("------x-----y-----z----|", nil)
			h.Expect(streams.Race(e1, e2)).ToBe("-----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----!")
			h.ExpectSubscriptions(e2).ToBe("^----!")
		})
	})

	t.Run("should allow unsubscribing early and explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("---a-----b-----c----|", nil)
			e2 := h.Hot("------x-----y-----z----|", nil)
			h.Expect(streams.Race(e1, e2), "------------!").ToBe("---a-----b---", nil)
			h.ExpectSubscriptions(e1).ToBe("^-----------!")
			h.ExpectSubscriptions(e2).ToBe("^--!")
		})
	})

	t.Run("should not break unsubscription chains when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--a--^--b--c---d-|", nil)
			e2 := h.Hot("---e-^---f--g---h-|", nil)
			result := streams.Pipe(
				streams.Race(streams.Pipe(e1, streams.MergeMap(ofOne, 0)), streams.Pipe(e2, streams.MergeMap(ofOne, 0))),
				streams.MergeMap(ofOne, 0),
			)
			h.Expect(result, "---------!").ToBe("---b--c---", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
			h.ExpectSubscriptions(e2).ToBe("^--!")
		})
	})

	t.Run("should never emit when given non emitting sources", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("---|", nil)
			e2 := h.Cold("---|", nil)
			h.Expect(streams.Race(e1, e2)).ToBe("---|", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
		})
	})

	t.Run("should throw when error occurs mid stream", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("---a-----#", nil)
			e2 := h.Cold("------x-----y-----z----|", nil)
			h.Expect(streams.Race(e1, e2)).ToBe("---a-----#", nil)
			h.ExpectSubscriptions(e1).ToBe("^--------!")
			h.ExpectSubscriptions(e2).ToBe("^--!")
		})
	})

	t.Run("should throw when error occurs before a winner is found", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("---#", nil)
			e2 := h.Cold("------x-----y-----z----|", nil)
			h.Expect(streams.Race(e1, e2)).ToBe("---#", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
			h.ExpectSubscriptions(e2).ToBe("^--!")
		})
	})

	t.Run("handle empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			h.Expect(streams.Race(e1)).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})

	t.Run("handle never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			h.Expect(streams.Race(e1)).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})

	t.Run("handle throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			h.Expect(streams.Race(e1)).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
}

// Bad arguments, and what RxJS's diagrams cannot show.
func TestRaceContract(t *testing.T) {
	t.Run("a nil source panics naming Race", func(t *testing.T) {
		require.PanicsWithValue(t, "streams.Race: nil source at index 0", func() { streams.Race(nil) })
	})
	t.Run("no source never emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.Race()).ToBe("-----", nil)
		})
	})
	t.Run("a source winning while subscribed leaves the rest unsubscribed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			later := h.Cold("a|", nil)
			h.Expect(streams.Race(streams.Of("x", "y"), later)).ToBe("(xy|)", nil)
			h.ExpectSubscriptions(later).ToBe()
		})
	})
	t.Run("the winner's first value ends the sources subscribed before it", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			first := h.Cold("--a|", nil)
			h.Expect(streams.Race(first, streams.Of("x"))).ToBe("(x|)", nil)
			h.ExpectSubscriptions(first).ToBe("(^!)")
		})
	})
	t.Run("Take ends a winner that emits at once", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.Race(streams.Range(0, math.MaxInt), streams.Never()), streams.Take(2)))
		require.NoError(t, err)
		require.Equal(t, []any{0, 1}, got)
	})
}
