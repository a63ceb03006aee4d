package streamtest_test

import (
	"fmt"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// testTakeUntil is a marble test as it is written in a _test.go file,
// where it would be func TestTakeUntil(t *testing.T).
func testTakeUntil(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		clicks := h.Hot("-a--b----c--|", nil)
		stop := h.Hot("-------s", nil)
		out := streams.Pipe(clicks, streams.TakeUntil(stop))

		// stop fires at frame 7: out completes and lets both sources go.
		h.Expect(out).ToBe("-a--b--|", nil)
		h.ExpectSubscriptions(clicks).ToBe("^------!")
		h.ExpectSubscriptions(stop).ToBe("^------!")
	})
}

func Example() {
	fmt.Println(runTest(testTakeUntil))
	// Output: PASS
}
