// Package streamtest tests streams with marble diagrams on virtual time,
// as RxJS's TestScheduler does: each stream's whole timeline is written as
// one line and checked the same way on every run.
//
//	func TestTakeUntil(t *testing.T) {
//		streamtest.Run(t, func(h *streamtest.H) {
//			src := h.Hot("--a--b--c--|", nil)
//			stop := h.Hot("------z", nil)
//			h.Expect(streams.Pipe(src, streams.TakeUntil(stop))).ToBe("--a--b|", nil)
//			h.ExpectSubscriptions(src).ToBe("^-----!")
//			h.ExpectSubscriptions(stop).ToBe("^-----!")
//		})
//	}
//
// # Marbles
//
//	marble   meaning
//	-        a frame passes: 1 virtual ms unless WithFrame says otherwise
//	a 7 é    a value: values["a"], or the string "a" when values is nil
//	|        the stream completes
//	#        the stream fails, with the error given or ErrMarble
//	(ab|)    events in one frame; the group takes a frame per character, as in RxJS
//	^        in hot marbles, frame 0: where the test starts
//	         in subscription marbles, when the subscription was made
//	!        in subscription marbles, when it ended; '!' takes no frame
//	10ms     time passes: a number and a unit (ns, us, ms, s, m, h), at the
//	         start or after a space and followed by a space; a whole number of frames
//	spaces   ignored, so diagrams can be lined up
//
// Frames count from the test's frame 0, when Flush starts playing: in
// ToBe, in subscription marbles and in hot marbles (from '^'). A cold
// diagram counts from each subscription to it. A malformed diagram fails
// the test with the column and the problem; Parse and ParseSubscription
// read diagrams on their own, and Render and RenderSubscription write
// them back.
//
// # Virtual time
//
// Run runs the test in a testing/synctest bubble, where the clock moves
// only when every goroutine is blocked, so timers of the code under test
// (streams.Delay, Timeout, Retry's delays) run on the same virtual clock as
// the diagrams, a 30 s timeline takes milliseconds, and it takes the same
// course every time. Nothing plays until the test function returns (or
// calls H.Flush); then Flush plays the timeline frame by frame. Within a
// frame, what the clock itself set off comes first; then expectations
// subscribe and unsubscribe; then sources emit in the order they were
// declared, each event running to a standstill before the next. So when a
// timer of the code under test falls on the same frame as a marble event,
// the timer goes first: streams.Timeout(h.Frames(3)) fails a stream whose
// next value comes exactly 3 frames later.
//
// # Failures
//
// A stream that does not do what ToBe says fails the test with both
// timelines, one above the other, and the first difference:
//
//	streamtest: Expect at takeuntil_test.go:12: the stream's timeline differs at frame 6
//	  expected: --a--b|
//	  actual:   --a--b--c--|
//	                  ^ frame 6: expected complete, got nothing
//
// Actual values the values map has no key for are named by spare letters,
// explained under the diagram.
//
// Flush ends every subscription it made before it returns, and the bubble
// waits for every goroutine started in it to end: a goroutine the code
// under test leaves blocked fails the test with synctest's "deadlock: main
// bubble goroutine has exited but blocked goroutines remain" and its
// stack.
package streamtest
