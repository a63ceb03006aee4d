package streams_test

import (
	"context"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
)

// The cases of RxJS 7.8.1 spec/observables/if-spec.ts (describe "iif").
//
// Left out:
//   - "should accept resolved promise as thenSource", "should accept
//     resolved promise as elseSource", "should accept rejected promise as
//     elseSource", "should accept rejected promise as thenSource":
//     promises as ObservableInput.
func TestSpecIif(t *testing.T) {
	always := func(v bool) func(context.Context) bool { return func(context.Context) bool { return v } }

	t.Run("should subscribe to thenSource when the conditional returns true", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.Iif(always(true), streams.Of("a"), streams.Of())).ToBe("(a|)", nil)
		})
	})
	t.Run("should subscribe to elseSource when the conditional returns false", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.Iif(always(false), streams.Of("a"), streams.Of("b"))).ToBe("(b|)", nil)
		})
	})
	t.Run("should complete without an elseSource when the conditional returns false", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			h.Expect(streams.Iif(always(false), streams.Of("a"), streams.Of())).ToBe("|", nil)
		})
	})
	t.Run("should raise error when conditional throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			cond := func(context.Context) bool { panic(errThrown) }
			h.Expect(streams.Iif(cond, streams.Of("a"), streams.Of())).ToBe("#", nil, errThrown)
		})
	})
}
