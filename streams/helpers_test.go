package streams_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// patience bounds every real-time wait in these tests, so that a bug shows
// up as a failure rather than a hung test binary. Inside a synctest bubble
// it is virtual time, and expires only when everything else is blocked.
const patience = 5 * time.Second

// testContext returns a context cancelled when the test ends or patience
// runs out.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), patience)
	t.Cleanup(cancel)
	return ctx
}

// observe subscribes to obs with a context the test cancels, as plain rxgo
// code would.
func observe(t *testing.T, obs rxgo.Observable) (<-chan rxgo.Item, context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithCancel(testContext(t))
	t.Cleanup(cancel)
	return obs.Observe(rxgo.WithContext(ctx)), cancel
}

// recv returns the next item of ch, failing if ch closes or stays silent.
func recv(t *testing.T, ch <-chan rxgo.Item) rxgo.Item {
	t.Helper()
	select {
	case item, ok := <-ch:
		require.True(t, ok, "stream ended; want an item")
		return item
	case <-time.After(patience):
		require.FailNow(t, "no item arrived")
		return rxgo.Item{}
	}
}

// waitFor waits for done to be closed, failing with what if it stays open.
func waitFor(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(patience):
		require.FailNow(t, "timed out waiting: "+what)
	}
}

// requireValue receives the next item and checks that it is the value want.
func requireValue(t *testing.T, ch <-chan rxgo.Item, want any) {
	t.Helper()
	item := recv(t, ch)
	require.NoError(t, item.E)
	require.Equal(t, want, item.V)
}

// requireError receives the next item and checks that it is an error
// matching target with errors.Is.
func requireError(t *testing.T, ch <-chan rxgo.Item, target error) {
	t.Helper()
	item := recv(t, ch)
	require.ErrorIs(t, item.E, target)
}

// requireClosed checks that ch ends without a further item.
func requireClosed(t *testing.T, ch <-chan rxgo.Item) {
	t.Helper()
	select {
	case item, ok := <-ch:
		require.False(t, ok, "want the end of the stream, got %+v", item)
	case <-time.After(patience):
		require.FailNow(t, "stream did not end")
	}
}

// settle waits, inside a synctest bubble, until every goroutine of the
// bubble is blocked: whatever can happen without time passing has happened.
func settle() { synctest.Wait() }

// requireSilent checks, inside a synctest bubble, that ch has nothing to
// deliver and is still open once every goroutine has settled.
func requireSilent(t *testing.T, ch <-chan rxgo.Item) {
	t.Helper()
	settle()
	select {
	case item, ok := <-ch:
		if ok {
			require.FailNow(t, "want silence", "got %+v", item)
		}
		require.FailNow(t, "want silence, the stream ended")
	default:
	}
}

// drain reads ch to its end and splits what came into values and the
// error, if any; an item after the error fails the test.
func drain(t *testing.T, ch <-chan rxgo.Item) ([]any, error) {
	t.Helper()
	var values []any
	var err error
	deadline := time.After(patience)
	for {
		select {
		case item, ok := <-ch:
			switch {
			case !ok:
				return values, err
			case err != nil:
				require.FailNow(t, "item after an error", "error %v, then %+v", err, item)
			case item.Error():
				err = item.E
			default:
				values = append(values, item.V)
			}
		case <-deadline:
			require.FailNow(t, "stream did not end", "so far %v, %v", values, err)
		}
	}
}

// collect runs streams.Collect with the test's context.
func collect(t *testing.T, obs rxgo.Observable) ([]any, error) {
	t.Helper()
	return streams.Collect(testContext(t), obs)
}

// probe wraps a source and records its subscriptions: when each was made,
// with what context, and when each ended (its context was cancelled, which
// happens both on completion and on unsubscription).
type probe struct {
	mu    sync.Mutex
	ctxs  []context.Context
	ends  int
	ended chan struct{} // one token per ended subscription
}

func newProbe() *probe { return &probe{ended: make(chan struct{}, 1000)} }

// wrap returns src seen through the probe.
func (p *probe) wrap(src rxgo.Observable) rxgo.Observable {
	return streams.Defer(func(ctx context.Context) rxgo.Observable {
		p.mu.Lock()
		p.ctxs = append(p.ctxs, ctx)
		p.mu.Unlock()
		context.AfterFunc(ctx, func() {
			p.mu.Lock()
			p.ends++
			p.mu.Unlock()
			p.ended <- struct{}{}
		})
		return src
	})
}

// subscriptions is how many times the source was subscribed.
func (p *probe) subscriptions() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.ctxs)
}

// active is how many subscriptions have not ended.
func (p *probe) active() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.ctxs) - p.ends
}

// context returns the context of subscription i (from 0).
func (p *probe) context(i int) context.Context {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ctxs[i]
}

// waitEnded waits until n more subscriptions have ended.
func (p *probe) waitEnded(t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case <-p.ended:
		case <-time.After(patience):
			require.FailNow(t, "the source was not unsubscribed")
		}
	}
}

// emit is a cold rxgo source of the given items, in order: an error among
// them becomes an error item (and, rxgo being rxgo, does not end it).
func emit(items ...any) rxgo.Observable {
	return rxgo.Defer([]rxgo.Producer{func(ctx context.Context, next chan<- rxgo.Item) {
		for _, v := range items {
			item := rxgo.Of(v)
			if err, ok := v.(error); ok {
				item = rxgo.Error(err)
			}
			if !item.SendContext(ctx, next) {
				return
			}
		}
	}})
}

// ints converts values to []any for comparisons.
func ints(vs ...int) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}
