package streams_test

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// Values pushed from several goroutines while slices close on the clock:
// every value lands in exactly one slice, and every timer is stopped
// when the subscription ends.
func TestBufferTimeInputsOnSeveralGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const producers, each = 4, 250
		src := streams.NewSubject()
		var got []any
		sub := streams.Subscribe(t.Context(), streams.Pipe(src.Observable(), streams.BufferTime(time.Millisecond, streams.BufferTimeMaxSize(7))), streams.Observer{
			Next: func(v any) { got = append(got, v.([]any)...) },
		})
		var wg sync.WaitGroup
		for p := range producers {
			wg.Go(func() {
				for i := range each {
					src.Next(p*each + i)
					if i%50 == 0 {
						time.Sleep(time.Millisecond)
					}
				}
			})
		}
		wg.Wait()
		src.Complete()
		sub.Wait()
		require.ElementsMatch(t, ints(firstInts(producers*each)...), got)
	})
}

func firstInts(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
