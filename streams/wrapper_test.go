package streams_test

import (
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// named is a type of its own around one of streams' observables.
type named struct {
	rxgo.Observable
	name string
}

func (n named) Unwrap() rxgo.Observable { return n.Observable }

// Operators subscribe to a Wrapper's observable in place: a value it
// emits while being subscribed comes before one merged after it.
func TestWrapperIsSubscribedInPlace(t *testing.T) {
	w := named{Observable: streams.Of("wrapped"), name: "w"}
	got, err := collect(t, streams.Merge(w, streams.Of("after")))
	require.NoError(t, err)
	require.Equal(t, []any{"wrapped", "after"}, got)
}
