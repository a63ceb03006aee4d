package streams_test

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ofInt(v int) rxgo.Observable { return streams.Of(v) }

// flatteners are the four flattening operators, built from one function.
var flatteners = []struct {
	name string
	op   func(f func(int) rxgo.Observable) streams.Operator
}{
	{"MergeMap", func(f func(int) rxgo.Observable) streams.Operator { return streams.MergeMap(f, 0) }},
	{"ConcatMap", streams.ConcatMap[int]},
	{"SwitchMap", streams.SwitchMap[int]},
	{"ExhaustMap", streams.ExhaustMap[int]},
}

func TestFlattenersFailures(t *testing.T) {
	for _, fl := range flatteners {
		t.Run(fl.name, func(t *testing.T) {
			t.Run("function returns nil", func(t *testing.T) {
				_, err := collect(t, streams.Pipe(streams.Of(1), fl.op(func(int) rxgo.Observable { return nil })))
				require.EqualError(t, err, "streams."+fl.name+": function returned a nil observable")
			})
			t.Run("function panics", func(t *testing.T) {
				_, err := collect(t, streams.Pipe(streams.Of(1), fl.op(func(int) rxgo.Observable { panic(errBoom) })))
				var pe *streams.PanicError
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, fl.name, pe.Op)
				assert.ErrorIs(t, err, errBoom)
			})
			t.Run("item of the wrong type", func(t *testing.T) {
				_, err := collect(t, streams.Pipe(streams.Of("one"), fl.op(ofInt)))
				var te *streams.TypeError
				require.ErrorAs(t, err, &te)
				assert.Equal(t, fl.name, te.Op)
				assert.Equal(t, reflect.TypeFor[string](), te.Got)
				assert.Equal(t, reflect.TypeFor[int](), te.Want)
			})
			t.Run("outer error", func(t *testing.T) {
				got, err := collect(t, streams.Pipe(streams.Throw(errBoom), fl.op(ofInt)))
				require.ErrorIs(t, err, errBoom)
				require.Empty(t, got)
			})
			t.Run("inner error", func(t *testing.T) {
				_, err := collect(t, streams.Pipe(streams.Of(1), fl.op(func(int) rxgo.Observable { return streams.Throw(errBoom) })))
				require.ErrorIs(t, err, errBoom)
			})
			t.Run("empty outer completes", func(t *testing.T) {
				got, err := collect(t, streams.Pipe(streams.Empty(), fl.op(ofInt)))
				require.NoError(t, err)
				require.Empty(t, got)
			})
		})
	}
}

func TestFlattenersUnsubscribeCancelsOuterAndInners(t *testing.T) {
	for _, fl := range flatteners {
		t.Run(fl.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				outer, inner := newProbe(), newProbe()
				ch, cancel := observe(t, streams.Pipe(outer.wrap(streams.Merge(streams.Of(1), streams.Never())),
					fl.op(func(int) rxgo.Observable { return inner.wrap(streams.Never()) })))
				settle()
				require.Equal(t, 1, inner.active())
				cancel()
				requireClosed(t, ch)
				settle()
				require.Zero(t, outer.active()+inner.active())
			})
		})
	}
}

func TestFlattenersOuterErrorCancelsInners(t *testing.T) {
	for _, fl := range flatteners {
		t.Run(fl.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				inner := newProbe()
				outer := streams.NewSubject()
				ch, _ := observe(t, streams.Pipe(outer.Observable(),
					fl.op(func(int) rxgo.Observable { return inner.wrap(streams.Never()) })))
				outer.Next(1)
				settle()
				require.Equal(t, 1, inner.active())
				outer.Error(errBoom)
				requireError(t, ch, errBoom)
				requireClosed(t, ch)
				settle()
				require.Zero(t, inner.active())
			})
		})
	}
}

func TestMergeMapEmitsAllInnersInterleaved(t *testing.T) {
	got, err := collect(t, streams.Pipe(streams.Of(1, 2, 3),
		streams.MergeMap(func(v int) rxgo.Observable { return streams.Of(v, v*10) }, 0)))
	require.NoError(t, err)
	require.ElementsMatch(t, ints(1, 10, 2, 20, 3, 30), got)
	for _, v := range []int{1, 2, 3} {
		// Each inner's own order is kept.
		require.Less(t, indexOf(got, v), indexOf(got, v*10))
	}
}

func indexOf(values []any, v any) int {
	for i, x := range values {
		if x == v {
			return i
		}
	}
	return -1
}

func TestMergeMapConcurrencyLimit(t *testing.T) {
	const values = 6
	tests := []struct {
		limit      int
		wantActive int
		wantEnd    time.Duration
	}{
		{limit: 1, wantActive: 1, wantEnd: 60 * ms},
		{limit: 2, wantActive: 2, wantEnd: 30 * ms},
		{limit: 4, wantActive: 4, wantEnd: 20 * ms},
		{limit: values, wantActive: values, wantEnd: 10 * ms},
		{limit: 0, wantActive: values, wantEnd: 10 * ms},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint("limit ", tt.limit), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var active, most atomic.Int32
				// Each inner takes 10ms; it counts as active from its
				// subscription until its value, which comes before its end.
				inner := func(v int) rxgo.Observable {
					return streams.Defer(func(context.Context) rxgo.Observable {
						n := active.Add(1)
						for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
						}
						return streams.Pipe(streams.Timer(10*ms), streams.Map(func(int) int {
							active.Add(-1)
							return v
						}))
					})
				}
				wait := timeline(t, streams.Pipe(streams.Of(1, 2, 3, 4, 5, 6), streams.MergeMap(inner, tt.limit)))
				events := wait()
				require.EqualValues(t, tt.wantActive, most.Load())
				require.Len(t, events, values+1)
				require.Equal(t, end(tt.wantEnd), events[values], "the outer completing waits for the inners")
				var got []any
				for _, e := range events[:values] {
					got = append(got, e.V)
				}
				if tt.limit == 1 {
					// Values past the limit wait their turn in order.
					require.Equal(t, ints(1, 2, 3, 4, 5, 6), got)
				} else {
					require.ElementsMatch(t, ints(1, 2, 3, 4, 5, 6), got)
				}
			})
		})
	}
}

// With no limit every inner is subscribed while the others still run: each
// inner here waits until all of them have started, which would deadlock a
// MergeMap that drained inners one by one (as rxgo's FlatMap does).
func TestMergeMapUnboundedIsTrulyConcurrent(t *testing.T) {
	const n = 50
	var started sync.WaitGroup
	started.Add(n)
	all := make(chan struct{})
	go func() { started.Wait(); close(all) }()
	inner := func(v int) rxgo.Observable {
		return streams.FromFunc(func(ctx context.Context) (any, error) {
			started.Done()
			select {
			case <-all:
				return v, nil
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		})
	}
	outer := make([]any, n)
	for i := range outer {
		outer[i] = i
	}
	got, err := collect(t, streams.Pipe(streams.Of(outer...), streams.MergeMap(inner, 0)))
	require.NoError(t, err)
	require.ElementsMatch(t, outer, got)
}

func TestMergeMapInnerErrorCancelsTheOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		others := newProbe()
		wait := timeline(t, streams.Pipe(streams.Of(1, 2, 3), streams.MergeMap(func(v int) rxgo.Observable {
			if v == 2 {
				return streams.Pipe(streams.Timer(5*ms), streams.Map(func(int) int { panic(errBoom) }))
			}
			return others.wrap(streams.Never())
		}, 0)))
		events := wait()
		require.Len(t, events, 2)
		require.ErrorIs(t, events[0].Err, errBoom)
		require.Equal(t, 5*ms, events[0].At)
		settle()
		require.Equal(t, 2, others.subscriptions())
		require.Zero(t, others.active(), "the other inners were not unsubscribed")
	})
}

func TestConcatMapKeepsOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Later values have shorter inners; ConcatMap still runs them one
		// after the other, in the order of the outer values.
		wait := timeline(t, streams.Pipe(streams.Of(1, 2, 3), streams.ConcatMap(func(v int) rxgo.Observable {
			return streams.Pipe(streams.Timer(time.Duration(4-v)*10*ms), streams.Map(func(int) int { return v }))
		})))
		requireTimeline(t, []event{
			value(30*ms, 1),
			value(50*ms, 2),
			value(60*ms, 3),
			end(60 * ms),
		}, wait())
	})
}

func TestSwitchMapCancelsThePreviousInner(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		outer := streams.NewSubject()
		inners := map[int]*streams.Subject{1: streams.NewSubject(), 2: streams.NewSubject()}
		p := newProbe()
		ch, _ := observe(t, streams.Pipe(outer.Observable(), streams.SwitchMap(func(v int) rxgo.Observable {
			return p.wrap(inners[v].Observable())
		})))

		outer.Next(1)
		settle()
		inners[1].Next("1a")
		requireValue(t, ch, "1a")

		outer.Next(2)
		settle()
		require.Equal(t, 2, p.subscriptions())
		require.Equal(t, 1, p.active(), "the first inner is still subscribed")
		require.ErrorIs(t, p.context(0).Err(), context.Canceled)
		inners[1].Next("1b") // from the cancelled inner: lost
		requireSilent(t, ch)

		inners[2].Next("2a")
		requireValue(t, ch, "2a")

		outer.Complete()
		requireSilent(t, ch) // the last inner still runs
		inners[2].Next("2b")
		requireValue(t, ch, "2b")
		inners[2].Complete()
		requireClosed(t, ch)
	})
}

func TestSwitchMapOnVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		outer := streams.NewSubject()
		wait := timeline(t, streams.Pipe(outer.Observable(), streams.SwitchMap(func(v int) rxgo.Observable {
			return streams.Pipe(streams.Timer(15*ms), streams.Map(func(int) int { return v }))
		})))
		for v := range 3 {
			outer.Next(v) // at 0, 10, 20ms: each cancels the one before
			time.Sleep(10 * ms)
		}
		time.Sleep(20 * ms)
		outer.Next(3) // at 50ms, after the inner of 2 ended at 35ms
		outer.Complete()
		requireTimeline(t, []event{value(35*ms, 2), value(65*ms, 3), end(65 * ms)}, wait())
	})
}

func TestExhaustMapDropsWhileBusy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		outer := streams.NewSubject()
		wait := timeline(t, streams.Pipe(outer.Observable(), streams.ExhaustMap(func(v int) rxgo.Observable {
			calls++
			return streams.Pipe(streams.Timer(10*ms), streams.Map(func(int) int { return v }))
		})))
		script := []struct {
			at time.Duration
			v  int
		}{{0, 1}, {5 * ms, 2}, {15 * ms, 3}, {20 * ms, 4}, {24 * ms, 5}}
		start := time.Now()
		for _, s := range script {
			time.Sleep(s.at - time.Since(start))
			outer.Next(s.v)
		}
		outer.Complete() // at 24ms: the inner of 3 still runs
		requireTimeline(t, []event{value(10*ms, 1), value(25*ms, 3), end(25 * ms)}, wait())
		require.Equal(t, 2, calls, "dropped values must not even be mapped")
	})
}

// Under load, a replaced inner must never get a value through: the values
// SwitchMap emits never go back to an older inner, and the last inner,
// never replaced, is emitted whole.
func TestSwitchMapNeverEmitsFromAReplacedInner(t *testing.T) {
	const n = 500
	outer := make([]any, n)
	for i := range outer {
		outer[i] = i
	}
	got, err := collect(t, streams.Pipe(streams.Of(outer...), streams.SwitchMap(func(v int) rxgo.Observable {
		return streams.Of(v, v, v)
	})))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(got), 3)
	require.True(t, slices.IsSortedFunc(got, func(a, b any) int { return a.(int) - b.(int) }), "went back to an older inner: %v", got)
	require.Equal(t, ints(n-1, n-1, n-1), got[len(got)-3:])
}

// Under load, ExhaustMap emits each accepted inner whole and never two at
// once: its output is runs of three equal values.
func TestExhaustMapEmitsAcceptedInnersWhole(t *testing.T) {
	const n = 500
	outer := make([]any, n)
	for i := range outer {
		outer[i] = i
	}
	got, err := collect(t, streams.Pipe(streams.Of(outer...), streams.ExhaustMap(func(v int) rxgo.Observable {
		return streams.Of(v, v, v)
	})))
	require.NoError(t, err)
	require.NotEmpty(t, got)
	require.Equal(t, 0, got[0], "the first value is always accepted")
	require.Zero(t, len(got)%3, "an inner was cut short: %v", got)
	for i := 0; i < len(got); i += 3 {
		require.Equal(t, []any{got[i], got[i], got[i]}, got[i:i+3])
		if i > 0 {
			require.Greater(t, got[i], got[i-1])
		}
	}
}

// Values buffered past the limit start in a loop, not by deeper calls:
// once an asynchronous inner has ended, the synchronous inners buffered
// behind it are all subscribed at the same depth of stack.
func TestConcatMapStartsItsBacklogWithoutNesting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var depths []int
		inner := func(v int) rxgo.Observable {
			if v == 0 {
				return streams.Timer(time.Millisecond)
			}
			return streams.RawObservable(func(s streams.RawSubscriber) {
				depths = append(depths, runtime.Callers(0, make([]uintptr, 1000)))
				s.Next(v)
				s.Complete()
			})
		}
		count := streams.Reduce(func(n, _ int) int { return n + 1 }, 0)
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.Range(0, 100), streams.ConcatMap(inner), count))
		require.NoError(t, err)
		require.Equal(t, ints(100), got)
		require.Len(t, depths, 99)
		for i, d := range depths[1:] {
			require.Equal(t, depths[0], d, "inner %d", i+2)
		}
	})
}

// MergeMap calls its function for no value once unsubscribed, not even
// for a buffered one whose turn comes when teardown ends an inner: here
// ending inner 2 completes inner 1, which frees the slot of value 3.
func TestMergeMapCallsNothingDuringTeardown(t *testing.T) {
	s := streams.NewSubject()
	var ended bool
	var late []int
	f := func(v int) rxgo.Observable {
		if ended {
			late = append(late, v)
		}
		switch v {
		case 1:
			return s.Observable()
		case 2:
			return streams.Pipe(streams.Never(), streams.Finalize(s.Complete))
		}
		return streams.Never()
	}
	sub := streams.Subscribe(t.Context(), streams.Pipe(streams.Of(1, 2, 3), streams.MergeMap(f, 2)), streams.Observer{})
	ended = true
	sub.Unsubscribe()
	sub.Wait()
	require.Empty(t, late, "MergeMap called its function after Unsubscribe")
}
