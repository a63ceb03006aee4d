package streams_test

import (
	"sync"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/observables/throwError-spec.ts. RxJS's
// throwError(() => err) is Throw(err).
//
// Left out:
//   - "should accept scheduler": schedulers.
//   - "should accept a factory function": Throw takes the error itself,
//     by design; an error made anew for each subscription is Defer of a
//     Throw.
func TestSpecThrowError(t *testing.T) {
	t.Run("should create a cold observable that just emits an error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.Throw(errThrown)).ToBe("#", nil, errThrown)
		})
	})
	t.Run("should emit one value", func(t *testing.T) {
		var mu sync.Mutex
		var errs []error
		sub := streams.Subscribe(testContext(t), streams.Throw(errThrown), streams.Observer{
			Next: func(any) { t.Error("should not be called") },
			Error: func(err error) {
				mu.Lock()
				defer mu.Unlock()
				errs = append(errs, err)
			},
		})
		waitFor(t, sub.Done(), "the error")
		require.Equal(t, []error{errThrown}, errs)
	})
}
