package streams_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// A value every frame, as keystrokes come, gets nothing out until the
// source has been quiet for the whole period; then the last value comes
// out, once.
func TestDebounceTimeWaitsForTheQuietPeriod(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		keys := h.Hot("abcdefghij-----------k---|", nil)
		h.Expect(streams.Pipe(keys, streams.DebounceTime(h.Frames(4)))).ToBe("-------------j-----------(k|)", nil)
		h.ExpectSubscriptions(keys).ToBe("^------------------------!")
	})
}

// The same at the pace of a typeahead: a key every 16 ms for about a
// second, a 300 ms debounce.
func TestDebounceTimeTypeahead(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		keys := h.Hot(strings.Repeat("k---", 62)+" 2s |", nil) // 62 keys, 4 ms frames
		// The last key at 976 ms, out at 1276 ms; the source ends at 2992 ms.
		h.Expect(streams.Pipe(keys, streams.DebounceTime(300*time.Millisecond))).ToBe("1276ms k 1712ms |", nil)
	}, streamtest.WithFrame(4*time.Millisecond))
}

// Completion flushes the value waiting, then completes, as in RxJS.
func TestDebounceTimeCompletionFlushesTheValueWaiting(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Hot("-a-b|", nil)
		h.Expect(streams.Pipe(src, streams.DebounceTime(h.Frames(5)))).ToBe("----(b|)", nil)
		h.ExpectSubscriptions(src).ToBe("^---!")
	})
}

// An error is passed on at once and drops the value waiting.
func TestDebounceTimeDropsTheValueWaitingOnError(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Hot("-a-b#", nil)
		h.Expect(streams.Pipe(src, streams.DebounceTime(h.Frames(5)))).ToBe("----#", nil)
		h.ExpectSubscriptions(src).ToBe("^---!")
	})
}

// A zero period emits each value as soon as the clock moves on, without
// waiting for one after it.
func TestDebounceTimeZero(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Hot("-a-b--|", nil)
		h.Expect(streams.Pipe(src, streams.DebounceTime(0))).ToBe("-a-b--|", nil)
	})
}
