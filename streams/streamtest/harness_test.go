package streamtest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The harness itself: what sources play, when expectations subscribe, how
// frames line up.

func TestMarbleHotPlaysFromFrameZero(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Hot("-x-^-a--b-|", nil)
		h.Expect(src).ToBe("--a--b-|", nil)
		h.Expect(src, "---^").ToBe("-----b-|", nil)
		h.ExpectSubscriptions(src).ToBe("^------!", "---^---!")
	})
}

func TestMarbleHotEndedBeforeFrameZero(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Hot("a|^--", nil)
		h.Expect(src).ToBe("|", nil)
		h.ExpectSubscriptions(src).ToBe("(^!)")
	})
}

func TestMarbleLateSubscriberToEndedHot(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Hot("-a-#", nil)
		h.Expect(src).ToBe("-a-#", nil)
		h.Expect(src, "-----^").ToBe("-----#", nil)
		h.ExpectSubscriptions(src).ToBe("^--!", "-----(^!)")
	})
}

func TestMarbleColdRestartsForEachSubscription(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Cold("-a-b|", nil)
		h.Expect(src).ToBe("-a-b|", nil)
		h.Expect(src, "---^").ToBe("----a-b|", nil)
		h.Expect(src, "-^-!").ToBe("--a", nil)
		h.ExpectSubscriptions(src).ToBe("^---!", "---^---!", "-^-!")
	})
}

func TestMarbleSubscribingAndUnsubscribing(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Hot("-a-b-c-d-e-|", nil)
		// An unsubscription frame comes before the events of that frame;
		// without '^' the subscription is made at frame 0.
		h.Expect(src, "---!").ToBe("-a-", nil)
		h.Expect(src, "--^---!").ToBe("---b-c-", nil)
		h.Expect(src, "(^!)").ToBe("", nil)
		h.ExpectSubscriptions(src).ToBe("^--!", "--^---!", "(^!)")
	})
}

func TestMarbleGroups(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Cold("-(ab)-(c|)", nil)
		h.Expect(src).ToBe("-(ab)-(c|)", nil)
		h.ExpectSubscriptions(src).ToBe("^-----!")
	})
}

func TestMarbleValuesAndErrors(t *testing.T) {
	type point struct{ X, Y int }
	values := map[string]any{"p": point{1, 2}, "s": []string{"x"}, "n": nil}
	boom := errors.New("boom")
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Cold("-p-s-n-#", values, boom)
		h.Expect(src).ToBe("-p-s-n-#", values, boom)

		// An error matches when errors.Is(actual, expected).
		wrapped := streams.Pipe(src, streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable {
			return streams.Throw(fmt.Errorf("wrapped: %w", err))
		}))
		h.Expect(wrapped).ToBe("-p-s-n-#", values, boom)
	})
}

func TestMarbleTimeProgression(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Cold("a 1.5s b 1m c|", nil)
		h.Expect(src).ToBe("a 1500ms b 59999ms - c|", nil)
		h.ExpectSubscriptions(src).ToBe("^ 61.502s !")
	})
}

func TestMarbleFrameDuration(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Cold("-a-b|", nil)
		require.Equal(t, 30*time.Millisecond, h.Frames(3))
		h.Expect(streams.Pipe(src, streams.Delay(h.Frames(2)))).ToBe("---a-(b|)", nil)
		h.Expect(streams.Pipe(src, streams.Delay(time.Second))).ToBe("1s -a-(b|)", nil)
	}, streamtest.WithFrame(10*time.Millisecond))
}

// A hot event reaches its subscribers one at a time, in the order they
// subscribed, each running to a standstill, so a stream merging two views
// of one source sees them in a fixed order.
func TestMarbleHotSubscribersInOrder(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Hot("-a----b----|", nil)
		upper := streams.Pipe(src, streams.Map(strings.ToUpper))
		h.Expect(streams.Merge(src, upper)).ToBe("-(aA)-(bB)-|", nil)
		h.Expect(streams.Merge(upper, src)).ToBe("-(Aa)-(Bb)-|", nil)
	})
}

// Sources declared first emit first within a frame.
func TestMarbleDeclarationOrder(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		first := h.Hot("--a-----|", nil)
		second := h.Hot("--b-----|", nil)
		h.Expect(streams.Merge(second, first)).ToBe("--(ab)--|", nil)
	})
}

// When a timer of the code under test falls on the frame of a marble
// event, the timer goes first.
func TestMarbleTimersBeforeMarblesInAFrame(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Hot("--a--b|", nil)
		h.Expect(streams.Pipe(src, streams.Timeout(h.Frames(3)))).ToBe("--a--#", nil, streams.ErrTimeout)
		h.Expect(streams.Pipe(src, streams.Delay(h.Frames(3)))).ToBe("-----a--(b|)", nil)
	})
}

// rxgo's own operators chain on a source too.
func TestMarbleRxgoOperators(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Cold("-a-b-c|", nil)
		upper := src.Map(func(_ context.Context, v any) (any, error) { return strings.ToUpper(v.(string)), nil })
		h.Expect(upper).ToBe("-A-B-C|", nil)
		h.Expect(upper, "^--!").ToBe("-A-", nil)
		h.ExpectSubscriptions(src).ToBe("^-----!", "^--!")
	})
}

// Flush may be called early to look at what happened.
func TestMarbleFlushThenInspect(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Cold("-a-#", nil)
		e := h.Expect(streams.Pipe(src, streams.Retry(streams.RetryCount(1))))
		e.ToBe("-a--a-#", nil)
		h.Flush()
		h.Flush() // does nothing more

		events := e.Events()
		require.Len(t, events, 3)
		assert.Equal(t, streamtest.Event{Frame: 4, Kind: streamtest.Next, Value: "a"}, events[1])
		assert.ErrorIs(t, events[2].Err, streamtest.ErrMarble)
		assert.Equal(t, []streamtest.SubscriptionLog{{Subscribed: 0, Unsubscribed: 3}, {Subscribed: 3, Unsubscribed: 6}}, src.Subscriptions())
	})
}

// A stream that never ends is watched until the tail runs out, then let
// go.
func TestMarbleNeverEnding(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		src := h.Hot("-a--b---", nil)
		h.Expect(src).ToBe("-a--b---", nil)
		h.Expect(streams.Pipe(src, streams.Timeout(h.Frames(50)))).ToBe("-a--b 49ms #", nil, streams.ErrTimeout)
		h.ExpectSubscriptions(src).ToBe("^", "^---- 49ms !")
	}, streamtest.WithTail(100))
}

// H is the test's testing.TB.
func TestMarbleHIsTheTest(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		var tb testing.TB = h
		require.NotEmpty(tb, tb.Name())
		h.Expect(h.Cold("a|", nil)).ToBe("a|", nil)
	})
}
