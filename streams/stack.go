package streams

// funcFrame is sized so that one call of growStack at the top of a fresh
// goroutine grows its stack straight to 8 KiB, what a blocking call such
// as an HTTP exchange needs.
const funcFrame = 3 << 10

// growStack grows the calling goroutine's stack in one step: a FromFunc
// goroutine starts with 2 KiB, and the functions it runs go deeper, so
// left alone the stack is copied twice on the way. See BENCHMARKS.md.
//
//go:noinline
func growStack(i int) byte {
	var frame [funcFrame]byte
	frame[i%len(frame)] = byte(i)
	return frame[(i*7)%len(frame)]
}
