package streams_test

import (
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// GroupDuration's idle recipe: a group ends once its key has had no value
// for three frames, and the next value of the key opens a new group.
func TestGroupByIdleGroupsEnd(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		r := newGroupRecorder[string](h)
		idle := func(g streams.Group[string]) rxgo.Observable {
			return streams.Pipe(g.Values, streams.StartWith(nil), streams.SwitchMap(func(any) rxgo.Observable { return streams.Timer(h.Frames(3)) }))
		}
		e1 := h.Hot("-a-b----c---|", map[string]any{"a": "k", "b": "k", "c": "k"})
		h.Expect(streams.Pipe(e1, streams.GroupBy(func(v string) string { return v }, streams.GroupDuration(idle)), r.tap(), groupKeys[string]())).
			ToBe("-g------g---|", map[string]any{"g": "k"})
		h.Flush()
		r.check([]wantGroup[string]{
			coldGroup("k", "k-k--|"),
			coldGroup("k", "k--|"),
		}, map[string]any{"k": "k"})
	})
}

// Durations that fire on timers of their own, while values come on
// another goroutine: each value reaches exactly one group, in order.
func TestGroupByDurationsOnSeveralGoroutines(t *testing.T) {
	src := streams.NewSubject()
	var got []any
	sub := streams.Subscribe(t.Context(), streams.Pipe(src.Observable(),
		streams.GroupBy(func(v int) int { return v % 3 }, streams.GroupDuration(func(streams.Group[int]) rxgo.Observable {
			return streams.Timer(time.Microsecond)
		})),
		streams.MergeMap(func(g streams.Group[int]) rxgo.Observable { return g.Values }, 0),
	), streams.Observer{Next: func(v any) { got = append(got, v) }})
	for i := range 1000 {
		src.Next(i)
	}
	src.Complete()
	sub.Wait()
	require.Equal(t, ints(firstInts(1000)...), got)
}

func TestGroupByFailures(t *testing.T) {
	t.Run("a value of the wrong type fails the stream and every group", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1, "two"), streams.GroupBy(func(v int) int { return v }),
			streams.MergeMap(func(g streams.Group[int]) rxgo.Observable {
				return streams.Pipe(g.Values, streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable { return streams.Of(err) }))
			}, 0)))
		var te *streams.TypeError
		require.ErrorAs(t, err, &te)
		require.Equal(t, "GroupBy", te.Op)
		require.Len(t, got, 2)
		require.Equal(t, 1, got[0])
		require.ErrorAs(t, got[1].(error), &te, "the group failed first")
	})
	t.Run("an uncomparable key fails the stream", func(t *testing.T) {
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1), streams.GroupBy(func(v int) any { return []int{v} })))
		var pe *streams.PanicError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, "GroupBy", pe.Op)
	})
	t.Run("a nil duration observable fails the stream", func(t *testing.T) {
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1), streams.GroupBy(func(v int) int { return v },
			streams.GroupDuration(func(streams.Group[int]) rxgo.Observable { return nil }))))
		require.EqualError(t, err, "streams.GroupBy: duration selector returned a nil observable")
	})
	t.Run("a duration error fails its group only, after its first value", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1, 2), streams.GroupBy(func(v int) int { return v },
			streams.GroupDuration(func(g streams.Group[int]) rxgo.Observable {
				if g.Key == 1 {
					return streams.Throw(errBoom)
				}
				return streams.Never()
			})),
			streams.MergeMap(func(g streams.Group[int]) rxgo.Observable {
				return streams.Pipe(g.Values, streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable { return streams.Of(err) }))
			}, 0)))
		require.NoError(t, err)
		require.Equal(t, []any{1, errBoom, 2}, got, "group 1 failed after the value that opened it")
	})
}

// The duration selector is not called for a group whose emission ended
// the stream, source and all; it is for one a subscriber still holds.
func TestGroupByDurationAfterTheEnd(t *testing.T) {
	t.Run("not called once the stream has ended", func(t *testing.T) {
		ended, late := false, 0
		duration := func(streams.Group[int]) rxgo.Observable {
			if ended {
				late++
			}
			return streams.Never()
		}
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1),
			streams.GroupBy(func(v int) int { return v }, streams.GroupDuration(duration)),
			streams.Tap(streams.TapObserver{Finalize: func() { ended = true }}),
			streams.Take(1)))
		require.NoError(t, err)
		require.Len(t, got, 1)
		require.True(t, ended)
		require.Zero(t, late, "the duration selector was called after the stream ended")
	})
	t.Run("called for a group taken and still subscribed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-a-a-a-|", nil)
			second := func(g streams.Group[string]) rxgo.Observable { return streams.Pipe(g.Values, streams.Skip(1)) }
			h.Expect(streams.Pipe(e1,
				streams.GroupBy(func(v string) string { return v }, streams.GroupDuration(second)),
				streams.Take(1),
				streams.MergeMap(func(g streams.Group[string]) rxgo.Observable { return g.Values }, 0),
			)).ToBe("-a-(a|)", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
		})
	})
}
