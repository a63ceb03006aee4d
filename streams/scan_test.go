package streams_test

import (
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// Each subscription accumulates from the seed afresh.
func TestScanStartsFromTheSeedOnEverySubscription(t *testing.T) {
	sum := func(acc, v int) int { return acc + v }
	running := streams.Pipe(streams.Of(1, 2), streams.Scan(sum, 10))
	for range 2 {
		got, err := streams.Collect(t.Context(), running)
		require.NoError(t, err)
		require.Equal(t, ints(11, 13), got)
	}
}

func TestScanAndReduceFailOnTheWrongType(t *testing.T) {
	sum := func(acc, v int) int { return acc + v }
	for name, op := range map[string]streams.Operator{"Scan": streams.Scan(sum, 0), "Reduce": streams.Reduce(sum, 0)} {
		t.Run(name, func(t *testing.T) {
			_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1, "two"), op))
			var te *streams.TypeError
			require.ErrorAs(t, err, &te)
			require.Equal(t, name, te.Op)
		})
	}
}
