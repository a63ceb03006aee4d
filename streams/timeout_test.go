package streams_test

import (
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// A source that emits and completes while it is being subscribed is never
// cut off, even by a deadline of 0 on the real clock, whose timer could
// fire on another goroutine before the source has completed.
func TestTimeoutDeadlinesStartOnceSubscribed(t *testing.T) {
	for range 1000 {
		got, err := collect(t, streams.Pipe(streams.Of(1, 2, 3), streams.Timeout(0)))
		require.NoError(t, err)
		require.Equal(t, ints(1, 2, 3), got)
	}
}

// Timeout(0) sets a deadline of 0 for the first value and none between
// values, as RxJS's timeout(0) ({each: 0}). (A value emitted while the
// source is being subscribed is TestTimeoutLetsSynchronousValuesThrough's:
// a cold marble source emits its first frame later than that.)
func TestTimeoutOfZero(t *testing.T) {
	t.Run("no first value at once", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-a|", nil)
			h.Expect(streams.Pipe(e1, streams.Timeout(0))).ToBe("#", nil, streams.ErrTimeout)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
	t.Run("with a first deadline of its own", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a------b|", nil)
			h.Expect(streams.Pipe(e1, streams.Timeout(0, streams.TimeoutFirst(h.Frames(3))))).ToBe("--a------b|", nil)
		})
	})
}
