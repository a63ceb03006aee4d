package streams

// funcFrame is sized so that one call of growStack at the top of a fresh
// goroutine grows its stack straight to 8 KiB, what sending an HTTP
// request and reading its answer through net/http needs.
const funcFrame = 3 << 10

// growStack grows the calling goroutine's stack in one step.
//
// A FromFunc function that does not run on Collect's goroutine runs on a
// goroutine of its own, which starts with a 2 KiB stack; the functions
// FromFunc is for — requests, blocking calls — go deeper, and left alone
// the stack grows twice on the way, each time copying the stack and
// adjusting every frame on it. Growing it once, while it is nearly empty,
// is much cheaper (in httpobs's BenchmarkGet, from 0.74 to 0.88 of raw
// net/http's throughput when every request ran on its own goroutine) and
// uses no more memory than the function would have.
//
//go:noinline
func growStack(i int) byte {
	var frame [funcFrame]byte
	frame[i%len(frame)] = byte(i)
	return frame[(i*7)%len(frame)]
}
