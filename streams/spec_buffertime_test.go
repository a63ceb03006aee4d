package streams_test

import (
	"errors"
	"testing"
	"time"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// The cases of RxJS 7.8.1 spec/operators/bufferTime-spec.ts.
//
// bufferTime(t, interval, max) is BufferTime(t, BufferTimeEvery(interval),
// BufferTimeMaxSize(max)); a null interval or an Infinity size is the
// option left out. No scheduler is given: timers run on the harness's
// virtual clock.
//
// Where a BufferTime timer is due on the frame of a source event or of
// the unsubscription, streamtest runs the timer first; RxJS's
// TestScheduler runs the other first, as it was scheduled first. Four
// cases have such a frame, and expect what streams does, which the case
// says: "should emit buffers at intervals or when the buffer is full" (a
// restarted slice's time is up at the completion's frame, so it is
// emitted, an empty slice after it), "should emit buffers that have been
// created at intervals and close after the specified delay" and "... with
// errors" (a value on a slice's closing frame goes to the next slice
// only), "should emit buffers and allow result to unsubscribed early" (a
// slice closing on the unsubscription's frame is emitted).
//
// "should not have errors when take follows and maxBufferSize is
// provided" takes its values from a hot marble source, one a frame, in
// place of interval(1): two timers due at the same instant run in no set
// order in a synctest bubble. The timeline is upstream's.
//
// Left out:
//   - "should handle situations with a creation interval of zero": the
//     asap scheduler, and BufferTimeEvery(0) panics (a slice a zero
//     interval would start at once, without end).
func TestSpecBufferTime(t *testing.T) {
	t.Run("should emit buffers at intervals", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a---b---c---d---e---f---g-----|   ", nil)
			subs := "      ^--------------------------------!   "
			tt := h.Frames(10)
			expected := "  ----------w---------x---------y--(z|)"
			values := map[string]any{
				"w": strs("a", "b"),
				"x": strs("c", "d", "e"),
				"y": strs("f", "g"),
				"z": strs(),
			}

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should emit buffers at intervals test 2", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---------a---------b---------c---------d---------e---------g--------|   ", nil)
			tt := h.Frames(32)
			expected := "  --------------------------------x-------------------------------y---(z|)"
			values := map[string]any{
				"x": strs("a", "b", "c"),
				"y": strs("d", "e", "g"),
				"z": strs(),
			}

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt))).ToBe(expected, values)
		})
	})

	t.Run("should emit buffers at intervals or when the buffer is full", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a---b---c---d---e---f---g-----|   ", nil)
			subs := "      ^--------------------------------!   "
			tt := h.Frames(10)
			//                    ----------|
			//                            ----------|
			//                                    ----------|
			// The last slice, started at frame 23, is emitted by its timer at
			// frame 33 before the completion of that frame is seen, so an
			// empty slice follows it (upstream: (z|)).
			expected := "  -------w-------x-------y---------(zn|)"
			values := map[string]any{
				"w": strs("a", "b"),
				"x": strs("c", "d"),
				"y": strs("e", "f"),
				"z": strs("g"),
				"n": strs(),
			}

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt, streams.BufferTimeMaxSize(2)))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should emit buffers at intervals or when the buffer is full test 2", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a---b---c---d---e---f---g-----|   ", nil)
			subs := "      ^--------------------------------!   "
			tt := h.Frames(10)
			//                       ---------|---------|---------|
			expected := "  ----------w--------x---------y---(z|)"
			values := map[string]any{
				"w": strs("a", "b"),
				"x": strs("c", "d", "e"),
				"y": strs("f", "g"),
				"z": strs(),
			}

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt, streams.BufferTimeMaxSize(3)))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should emit buffers that have been created at intervals and close after the specified delay", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("       ---a---b---c----d----e----f----g----h----i----(k|)", nil)
			//                  --------------------*--------------------*----  start interval
			//                  ---------------------|                          timespans
			//                                      ---------------------|
			//                                                           -----|
			tt := h.Frames(21)
			interval := h.Frames(20)
			expected := "       ---------------------x-------------------y----(z|)"
			// e and i come on the frames their first slice closes, which
			// streams closes first (upstream: x holds e, y holds i).
			values := map[string]any{
				"x": strs("a", "b", "c", "d"),
				"y": strs("e", "f", "g", "h"),
				"z": strs("i", "k"),
			}

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt, streams.BufferTimeEvery(interval)))).ToBe(expected, values)
		})
	})

	t.Run("should emit buffers that have been created at intervals and close after the specified delay or when the buffer is full", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a---b---c----d----e----f----g----h----i----(k|)", nil)
			//             --------------------*--------------------*----  start interval
			//             ---------------------|                          timespans
			//                                 ---------------------|
			//                                                      -----|
			tt := h.Frames(21)
			interval := h.Frames(20)
			expected := "  ----------------x-------------------y---------(z|)"
			values := map[string]any{
				"x": strs("a", "b", "c", "d"),
				"y": strs("e", "f", "g", "h"),
				"z": strs("i", "k"),
			}

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt, streams.BufferTimeEvery(interval), streams.BufferTimeMaxSize(4)))).ToBe(expected, values)
		})
	})

	t.Run("should emit buffers with timeSpan 10 and creationInterval 7", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--1--^2--3---4---5--6--7---8----9------------|   ", nil)
			//                -------*------*------*------*------*----- creation interval
			//                ----------|                               timespans
			//                       ----------|
			//                              ----------|
			//                                     ----------|
			//                                            ----------|
			//                                                   ----------|
			e1subs := "       ^---------------------------------------!   "
			tt := h.Frames(10)
			interval := h.Frames(7)
			expected := "     ----------a------b------c------d------e-(f|)"
			values := map[string]any{
				"a": strs("2", "3", "4"),
				"b": strs("4", "5", "6"),
				"c": strs("6", "7", "8"),
				"d": strs("8", "9"),
				"e": strs(),
				"f": strs(),
			}

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt, streams.BufferTimeEvery(interval)))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should emit buffers but handle source ending with an error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--1--^2--3---4---5--6--7---8----9------------#", nil)
			tt := h.Frames(10)
			interval := h.Frames(7)
			expected := "     ----------a------b------c------d------e-#"
			values := map[string]any{
				"a": strs("2", "3", "4"),
				"b": strs("4", "5", "6"),
				"c": strs("6", "7", "8"),
				"d": strs("8", "9"),
				"e": strs(),
			}

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt, streams.BufferTimeEvery(interval)))).ToBe(expected, values)
		})
	})

	t.Run("should emit buffers and allow result to unsubscribed early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--1--^2--3---4---5--6--7---8----9------------|", nil)
			unsub := "        -----------------!                       "
			subs := "         ^----------------!                       "
			tt := h.Frames(10)
			interval := h.Frames(7)
			// The second slice's time is up on the unsubscription's frame,
			// and streams emits it first (upstream: nothing at frame 17).
			expected := "     ----------a------b                       "
			values := map[string]any{"a": strs("2", "3", "4"), "b": strs("4", "5", "6")}

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt, streams.BufferTimeEvery(interval))), unsub).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--1--^2--3---4---5--6--7---8----9------------|", nil)
			subs := "         ^---------------!                        "
			tt := h.Frames(10)
			interval := h.Frames(7)
			expected := "     ----------a------                        "
			unsub := "        ----------------!                        "
			values := map[string]any{"a": strs("2", "3", "4")}

			result := streams.Pipe(e1,
				streams.MergeMap(reemit, 0),
				streams.BufferTime(tt, streams.BufferTimeEvery(interval)),
				streams.MergeMap(reemit, 0),
			)
			h.Expect(result, unsub).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should handle empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" |", nil)
			e1subs := "    (^!)"
			expected := "  (b|)"
			tt := h.Frames(10)

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt))).ToBe(expected, map[string]any{"b": strs()})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should handle never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			unsub := "     --------------------------------------------!"
			tt := h.Frames(10)
			expected := "  ----------a---------a---------a---------a----"

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt)), unsub).ToBe(expected, map[string]any{"a": strs()})
		})
	})

	t.Run("should handle throw", func(t *testing.T) {
		errHaha := errors.New("haha")
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := streams.Throw(errHaha)
			expected := "#"
			tt := h.Frames(10)

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt))).ToBe(expected, nil, errHaha)
		})
	})

	t.Run("should handle errors", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a---b---c---#", nil)
			e1subs := "    ^--------------!"
			tt := h.Frames(10)
			expected := "  ----------w----#"

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt))).ToBe(expected, map[string]any{"w": strs("a", "b")})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should emit buffers that have been created at intervals and close after the specified delay with errors", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("       ---a---b---c----d----e----f----g----h----i--#", nil)
			//                  --------------------|-------------------|-------------------| interval
			//                  ---------------------|
			//                                      ---------------------|
			//                                                          ---------------------| timespan
			e1subs := "         ^-------------------------------------------!"
			tt := h.Frames(21)
			interval := h.Frames(20)
			expected := "       ---------------------x-------------------y--#"
			// e and i come on the frames their first slice closes, which
			// streams closes first (upstream: x holds e, y holds i).
			values := map[string]any{
				"x": strs("a", "b", "c", "d"),
				"y": strs("e", "f", "g", "h"),
			}

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt, streams.BufferTimeEvery(interval)))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not throw when subscription synchronously unsubscribed after emit", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  ---a---b---c---d---e---f---g-----|", nil)
			subs := "      ^-------------------!             "
			tt := h.Frames(10)
			expected := "  ----------w---------(x|)          "
			values := map[string]any{
				"w": strs("a", "b"),
				"x": strs("c", "d", "e"),
			}

			h.Expect(streams.Pipe(e1, streams.BufferTime(tt), streams.Take(2))).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should not have errors when take follows and maxBufferSize is provided", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			// interval(1): 0 at frame 1, 1 at frame 2, and so on.
			ticks := map[string]any{}
			marbles := "-"
			for i := range 24 {
				name := string(rune('A' + i))
				ticks[name] = i
				marbles += name
			}
			source := h.Hot(marbles, ticks)
			buffTime := h.Frames(5)
			expected := "-----a----b----c----d----(e|)"
			values := map[string]any{
				"a": ints(0, 1, 2, 3),
				"b": ints(4, 5, 6, 7, 8),
				"c": ints(9, 10, 11, 12, 13),
				"d": ints(14, 15, 16, 17, 18),
				"e": ints(19, 20, 21, 22, 23),
			}

			h.Expect(streams.Pipe(source, streams.BufferTime(buffTime, streams.BufferTimeMaxSize(10)), streams.Take(5))).ToBe(expected, values)
		})
	})

	t.Run("should not mutate the buffer on reentrant next", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			subject := streams.NewSubject()
			t1 := h.Frames(1)
			t2 := h.Frames(2)
			expected := "--(a|)"
			result := streams.Pipe(subject.Observable(),
				streams.BufferTime(t2),
				streams.Tap(streams.TapObserver{Next: func(any) { subject.Next(2) }}),
				streams.Take(1),
			)
			time.AfterFunc(t1, func() { subject.Next(1) })
			h.Expect(result).ToBe(expected, map[string]any{"a": ints(1)})
		})
	})
}
