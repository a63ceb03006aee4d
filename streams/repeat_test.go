package streams_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// A synchronous source repeats in a loop, not by deeper calls: every
// round is subscribed at the same depth of stack.
func TestRepeatOfASynchronousSourceDoesNotNest(t *testing.T) {
	var depths []int
	src := streams.RawObservable(func(s streams.RawSubscriber) {
		depths = append(depths, runtime.Callers(0, make([]uintptr, 1000)))
		s.Next(1)
		s.Complete()
	})
	got, err := streams.Collect(t.Context(), streams.Pipe(src, streams.Repeat(streams.RepeatCount(100)), streams.Reduce(func(n, _ int) int { return n + 1 }, 0)))
	require.NoError(t, err)
	require.Equal(t, ints(100), got)
	for i, d := range depths[1:] {
		require.Equal(t, depths[0], d, "round %d", i+2)
	}
}

func TestRepeatDelayNotifier(t *testing.T) {
	t.Run("completing without a value completes the stream", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a|", nil)
			stop := h.Cold("--|", nil)
			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatDelay(func(int) rxgo.Observable { return stop })))).ToBe("--a--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
			h.ExpectSubscriptions(stop).ToBe("---^-!")
		})
	})
	t.Run("its error fails the stream", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a|", nil)
			boom := h.Cold("-#", nil, errBoom)
			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatDelay(func(int) rxgo.Observable { return boom })))).ToBe("--a-#", nil, errBoom)
		})
	})
	t.Run("unsubscribing while it runs ends it and repeats no more", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a|", nil)
			wait := func(int) rxgo.Observable { return streams.Timer(time.Hour) }
			h.Expect(streams.Pipe(e1, streams.Repeat(streams.RepeatDelay(wait))), "^-----!").ToBe("--a---", nil)
			h.ExpectSubscriptions(e1).ToBe("^--!")
		})
	})
	t.Run("a nil notifier fails the stream", func(t *testing.T) {
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1), streams.Repeat(streams.RepeatDelay(func(int) rxgo.Observable { return nil }))))
		require.EqualError(t, err, "streams.Repeat: delay notifier returned a nil observable")
	})
	t.Run("a panic fails the stream with a PanicError", func(t *testing.T) {
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1), streams.Repeat(streams.RepeatDelay(func(int) rxgo.Observable { panic(errBoom) }))))
		require.ErrorIs(t, err, errBoom)
		var pe *streams.PanicError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, "Repeat", pe.Op)
	})
}

func TestRepeatIsLazyAndCountsPerSubscription(t *testing.T) {
	subscribed := 0
	src := streams.Pipe(streams.Of(1), streams.Tap(streams.TapObserver{Subscribe: func() { subscribed++ }}))
	repeated := streams.Pipe(src, streams.Repeat(streams.RepeatCount(2)))
	require.Zero(t, subscribed, "Repeat subscribed at construction")
	for range 2 {
		got, err := streams.Collect(t.Context(), repeated)
		require.NoError(t, err)
		require.Equal(t, ints(1, 1), got)
	}
	require.Equal(t, 4, subscribed)
}
