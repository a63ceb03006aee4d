package streams_test

import (
	"sync"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// The source and an other pushed from two goroutines at once: every value
// is paired with a latest value the other really had, in order.
func TestWithLatestFromInputsOnSeveralGoroutines(t *testing.T) {
	const n = 1000
	src, other := streams.NewSubject(), streams.NewSubject()
	var got [][]any
	sub := streams.Subscribe(t.Context(), streams.Pipe(src.Observable(), streams.WithLatestFrom(other.Observable())), streams.Observer{
		Next: func(v any) { got = append(got, v.([]any)) },
	})
	other.Next(-1)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range n {
			other.Next(i)
		}
	})
	wg.Go(func() {
		for i := range n {
			src.Next(i)
		}
	})
	wg.Wait()
	src.Complete()
	sub.Wait()

	require.Len(t, got, n)
	last := -1
	for i, pair := range got {
		require.Equal(t, i, pair[0])
		l := pair[1].(int)
		require.GreaterOrEqual(t, l, last, "the latest value went back")
		last = l
	}
}
