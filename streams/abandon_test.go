package streams_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// A pipeline abandoned mid-stream, by cancelling its context, ends: its
// channel closes and its source is unsubscribed. TestMain's goleak check
// then proves no goroutine of it is left.
func TestAbandonedPipelinesEnd(t *testing.T) {
	pipelines := []struct {
		name string
		ops  []streams.Operator
	}{
		{name: "typed", ops: []streams.Operator{
			streams.OfType[int](), streams.Filter(func(v int) bool { return v%2 == 0 }), streams.Map(func(v int) int { return v / 2 }),
		}},
		{name: "flattening", ops: []streams.Operator{
			streams.MergeMap(func(v int) rxgo.Observable { return streams.Of(v, v) }, 3),
			streams.ConcatMap(func(v int) rxgo.Observable { return streams.Merge(streams.Of(v), streams.Empty()) }),
			streams.SwitchMap(func(v int) rxgo.Observable { return streams.Of(v) }),
			streams.ExhaustMap(func(v int) rxgo.Observable { return streams.Of(v) }),
		}},
		{name: "multicast and recovery", ops: []streams.Operator{
			streams.Share(),
			streams.CatchError(func(_ error, caught rxgo.Observable) rxgo.Observable { return caught }),
			streams.Retry(streams.RetryCount(3)),
			streams.TakeUntil(streams.Never()),
			streams.Take(1 << 30),
		}},
		{name: "timed", ops: []streams.Operator{
			streams.Delay(time.Microsecond),
			streams.Timeout(time.Hour),
			streams.ThrowIfEmpty(func() error { return errBoom }),
		}},
		{name: "rxgo operators in between", ops: []streams.Operator{
			func(o rxgo.Observable) rxgo.Observable {
				return o.Map(func(_ context.Context, v any) (any, error) { return v, nil })
			},
			streams.Map(func(v int) int { return v }),
		}},
	}
	for _, pl := range pipelines {
		t.Run(pl.name, func(t *testing.T) {
			p := newProbe()
			ch, cancel := observe(t, streams.Pipe(p.wrap(endless()), pl.ops...))
			for range 50 {
				item := recv(t, ch)
				require.NoError(t, item.E)
			}
			cancel()
			// Items already in flight may still come; then the end.
			_, err := drain(t, ch)
			require.NoError(t, err)
			p.waitEnded(t, 1)
		})
	}
}

func TestAbandonedSubscriptionEnds(t *testing.T) {
	p := newProbe()
	seen := make(chan struct{})
	var once sync.Once
	sub := streams.Subscribe(testContext(t), streams.Pipe(p.wrap(endless()), streams.MergeMap(ofInt, 0), streams.Share()),
		streams.Observer{Next: func(any) { once.Do(func() { close(seen) }) }})
	waitFor(t, seen, "a value")
	sub.Unsubscribe()
	waitFor(t, sub.Done(), "the subscription to end")
	p.waitEnded(t, 1)
}
