package streams_test

import (
	"context"
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// A subscriber that joins a Share while the first is still subscribing to
// the source returns only once the source is subscribed, so a value pushed
// after it returns reaches it.
func TestShareJoinerWaitsForTheConnection(t *testing.T) {
	s := streams.NewSubject()
	connecting, release := make(chan struct{}), make(chan struct{})
	shared := streams.Pipe(streams.Defer(func(context.Context) rxgo.Observable {
		close(connecting)
		<-release
		return s.Observable()
	}), streams.Share())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	firstIn := make(chan (<-chan rxgo.Item))
	go func() { firstIn <- shared.Observe(rxgo.WithContext(ctx)) }()
	<-connecting
	secondIn := make(chan (<-chan rxgo.Item))
	go func() { secondIn <- shared.Observe(rxgo.WithContext(ctx)) }()
	select {
	case <-secondIn:
		t.Fatal("the second subscriber returned before the source was subscribed")
	case <-time.After(20 * time.Millisecond):
	}
	close(release)
	first, second := <-firstIn, <-secondIn
	s.Next("after both subscribed")
	require.Equal(t, "after both subscribed", (<-first).V)
	require.Equal(t, "after both subscribed", (<-second).V)
}

// Take ends its stream once, even when its source completes right after
// the n-th value, before it sees the cancellation: Merge counts
// completions, and a second one would end it early.
func TestTakeEndsOnce(t *testing.T) {
	s := streams.NewSubject()
	other := streams.NewSubject()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	// This subscriber, served first, completes the subject while the value
	// is being delivered: the completion reaches Take's subscription right
	// after the value it stops at.
	trigger := streams.Pipe(s.Observable(), streams.Map(func(v int) any { s.Complete(); return v }))
	trigger.Observe(rxgo.WithContext(ctx))
	merged := streams.Merge(streams.Pipe(s.Observable(), streams.Take(1)), other.Observable())
	in := merged.Observe(rxgo.WithContext(ctx))

	s.Next(1)
	other.Next(2)
	other.Complete()
	var got []any
	for item := range in {
		got = append(got, item.V)
	}
	require.Equal(t, []any{1, 2}, got)
}
