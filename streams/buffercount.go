package streams

import "github.com/reactivex/rxgo/v2"

// BufferCount emits the source's values in slices of size, a new slice
// starting every every values (every 0 means size: slices one after the
// other), as RxJS's bufferCount(size, every). When the source completes,
// the slices still filling are emitted, then the stream completes; an
// error drops them. Each slice emitted is the receiver's. A size that is
// not positive or a negative every panics.
func BufferCount(size, every int) Operator {
	mustBePositive("BufferCount", "size", size)
	mustNotBeNegative("BufferCount", "every", every)
	if every == 0 {
		every = size
	}
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("BufferCount", "source", src == nil)
		return newObservable(func(s *subscriber) {
			var open [][]any // the slices filling, oldest first
			seen := 0
			subscribe(s, src, funcs{
				onNext: func(v any) {
					if seen%every == 0 {
						open = append(open, make([]any, 0, size))
					}
					seen++
					for i := range open {
						open[i] = append(open[i], v)
					}
					// Only the oldest can be full: the others started later.
					if len(open) > 0 && len(open[0]) == size {
						full := open[0]
						open[0] = nil
						open = open[1:]
						s.next(full)
					}
				},
				onFail: s.fail,
				onDone: func() {
					for _, b := range open {
						if s.isClosed() {
							return
						}
						s.next(b)
					}
					s.done()
				},
			})
		})
	}
}
