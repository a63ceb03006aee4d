package streams_test

import (
	"context"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/observables/empty-spec.ts. RxJS's empty()
// and EMPTY are Empty().
//
// Left out:
//   - "should return EMPTY", "should return the same instance EMPTY",
//     "should equal EMPTY": Empty is a function, and which instance it
//     returns is no part of its contract.
//   - "should take a scheduler": schedulers.
func TestSpecEmpty(t *testing.T) {
	t.Run("should create a cold observable with only complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.Empty()).ToBe("|", nil)
		})
	})
	t.Run("should be synchronous by default", func(t *testing.T) {
		// The subscription's context is cancelled at its teardown, which
		// follows the completion.
		var subscription context.Context
		source := streams.Defer(func(ctx context.Context) rxgo.Observable {
			subscription = ctx
			return streams.Empty()
		})
		sub := streams.Subscribe(testContext(t), source, streams.Observer{})
		hit := subscription.Err() != nil
		waitFor(t, sub.Done(), "completion")
		require.True(t, hit, "completed during the subscription call")
	})
}
