package auth

import (
	"errors"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// A request that joins a generation's shared wait as the new token is
// handed out sees the wait complete without the new generation: it must
// be sent again all the same, never end with no answer.
func TestAfterAWaitThatCompletesEmptyTheRequestIsSent(t *testing.T) {
	r := &request{}
	sends := 0
	send := func() rxgo.Observable { sends++; return streams.Of("answer") }

	values, err := streams.Collect(t.Context(), r.after(streams.Empty(), send))
	require.NoError(t, err)
	require.Equal(t, []any{"answer"}, values)
	require.Equal(t, 1, sends)

	cut := errors.New("cut off")
	_, err = streams.Collect(t.Context(), r.after(streams.Throw(cut), send))
	require.ErrorIs(t, err, cut)
	require.Equal(t, 1, sends, "a failed wait sends nothing")
}
