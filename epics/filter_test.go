package epics_test

import (
	"testing"

	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type kindString string

func (k kindString) Type() string { return "kind:" + string(k) }

func TestOfKind(t *testing.T) {
	src := streams.Of(A{T: "PING"}, "PING", A{T: "PONG"}, kindString("PING"), 42, nil, A{T: "OTHER"}, "PONG")
	got, err := streams.Collect(t.Context(), streams.Pipe(src, epics.OfKind("PING", "PONG", "kind:PING")))
	require.NoError(t, err)
	assert.Equal(t, []any{A{T: "PING"}, "PING", A{T: "PONG"}, kindString("PING"), "PONG"}, got)
}

func TestOfType(t *testing.T) {
	src := streams.Of(A{T: "PING"}, "PING", 1, A{T: "PONG"})
	got, err := streams.Collect(t.Context(), streams.Pipe(src, epics.OfType[A]()))
	require.NoError(t, err)
	assert.Equal(t, []any{A{T: "PING"}, A{T: "PONG"}}, got)
	got, err = streams.Collect(t.Context(), streams.Pipe(src, epics.OfType[epics.Typed]()))
	require.NoError(t, err)
	assert.Equal(t, []any{A{T: "PING"}, A{T: "PONG"}}, got)
}
