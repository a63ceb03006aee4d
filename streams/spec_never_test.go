package streams_test

import (
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// The cases of RxJS 7.8.1 spec/observables/never-spec.ts. RxJS's NEVER is
// Never().
//
// Left out:
//   - "should return the same instance every time": Never is a function,
//     and which instance it returns is no part of its contract.
func TestSpecNever(t *testing.T) {
	t.Run("should create a cold observable that never emits", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.Never()).ToBe("-", nil)
		})
	})
}
