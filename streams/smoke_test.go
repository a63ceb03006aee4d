package streams_test

import (
	"context"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

func TestSubjectTakeUntil(t *testing.T) {
	ctx := context.Background()
	s := streams.NewSubject()
	stop := streams.NewSubject()
	in := streams.Pipe(s.Observable(), streams.TakeUntil(stop.Observable()), streams.Take(3)).Observe()
	_ = ctx
	s.Next(1)
	s.Next(2)
	stop.Next(true)
	var got []any
	for it := range in {
		got = append(got, it.V)
	}
	require.LessOrEqual(t, len(got), 2)
}

func TestMergeMapCollect(t *testing.T) {
	got, err := streams.Collect(context.Background(), streams.Pipe(streams.Of(1, 2, 3),
		streams.MergeMap(func(v int) rxgo.Observable { return streams.Of(v, v*10) }, 0)))
	require.NoError(t, err)
	require.Len(t, got, 6)
}
