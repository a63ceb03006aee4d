package streams

// funcFrame is the frame of growStack: one call leaves a fresh goroutine
// with a stack of 8 KiB.
const funcFrame = 3 << 10

// growStack leaves the calling goroutine with a stack of at least 8 KiB,
// which the functions FromFunc runs commonly need, grown in one step
// rather than step by step as they go deeper.
//
//go:noinline
func growStack(i int) byte {
	var frame [funcFrame]byte
	frame[i%len(frame)] = byte(i)
	return frame[(i*7)%len(frame)]
}
