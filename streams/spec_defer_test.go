package streams_test

import (
	"context"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/observables/defer-spec.ts. A streamtest
// source is declared before the timeline plays, so a factory returns one
// declared beforehand instead of making it.
//
// Left out:
//   - "should accept factory returns promise resolves", "should accept
//     factory returns promise rejects": promises as ObservableInput.
func TestSpecDefer(t *testing.T) {
	t.Run("should defer the creation of a simple Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			cold := h.Cold("-a--b--c--|", nil)
			e1 := streams.Defer(func(context.Context) rxgo.Observable { return cold })
			h.Expect(e1).ToBe("-a--b--c--|", nil)
		})
	})
	t.Run("should create an observable from the provided observable factory", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b--c--|", nil)
			e1 := streams.Defer(func(context.Context) rxgo.Observable { return source })
			h.Expect(e1).ToBe("--a--b--c--|", nil)
			h.ExpectSubscriptions(source).ToBe("^----------!")
		})
	})
	t.Run("should create an observable from completed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("|", nil)
			e1 := streams.Defer(func(context.Context) rxgo.Observable { return source })
			h.Expect(e1).ToBe("|", nil)
			h.ExpectSubscriptions(source).ToBe("(^!)")
		})
	})
	t.Run("should create an observable from error", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("#", nil)
			e1 := streams.Defer(func(context.Context) rxgo.Observable { return source })
			h.Expect(e1).ToBe("#", nil)
			h.ExpectSubscriptions(source).ToBe("(^!)")
		})
	})
	t.Run("should create an observable when factory does not throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := streams.Defer(func(context.Context) rxgo.Observable { panic(errThrown) })
			h.Expect(e1).ToBe("#", nil, errThrown)
		})
	})
	t.Run("should error when factory throws", func(t *testing.T) {
		e1 := streams.Defer(func(context.Context) rxgo.Observable { panic(errThrown) })
		_, err := collect(t, e1)
		require.ErrorIs(t, err, errThrown)
	})
	t.Run("should allow unsubscribing early and explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b--c--|", nil)
			e1 := streams.Defer(func(context.Context) rxgo.Observable { return source })
			h.Expect(e1, "------!").ToBe("--a--b-", nil)
			h.ExpectSubscriptions(source).ToBe("^-----!")
		})
	})
	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b--c--|", nil)
			e1 := streams.Defer(func(context.Context) rxgo.Observable {
				return streams.Pipe(source, streams.MergeMap(ofString, 0), streams.MergeMap(ofString, 0))
			})
			h.Expect(e1, "------!").ToBe("--a--b-", nil)
			h.ExpectSubscriptions(source).ToBe("^-----!")
		})
	})
}
