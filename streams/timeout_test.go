package streams_test

import (
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// A source that emits and completes while it is being subscribed is never
// cut off, even by a deadline of 0 on the real clock, whose timer could
// fire on another goroutine before the source has completed.
func TestTimeoutDeadlinesStartOnceSubscribed(t *testing.T) {
	for range 1000 {
		got, err := collect(t, streams.Pipe(streams.Of(1, 2, 3), streams.Timeout(0)))
		require.NoError(t, err)
		require.Equal(t, ints(1, 2, 3), got)
	}
}
