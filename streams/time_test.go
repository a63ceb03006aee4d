package streams_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// schedule is a source that, on every subscription, emits each value at
// the virtual time given before it (an error value fails the stream then)
// and completes at the last of those times. Steps are pairs: time, value.
func schedule(steps ...any) rxgo.Observable {
	return streams.Defer(func(ctx context.Context) rxgo.Observable {
		var srcs []rxgo.Observable
		for i := 0; i < len(steps); i += 2 {
			d, v := steps[i].(time.Duration), steps[i+1]
			if err, ok := v.(error); ok {
				srcs = append(srcs, streams.Pipe(streams.Timer(d), streams.MergeMap(func(int) rxgo.Observable { return streams.Throw(err) }, 0)))
			} else {
				srcs = append(srcs, streams.Pipe(streams.Timer(d), streams.Map(func(int) any { return v })))
			}
		}
		return streams.Merge(srcs...)
	})
}

func TestTimer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		timer := streams.Timer(250 * ms)
		time.Sleep(time.Second) // the clock starts at subscription, not construction
		requireTimeline(t, []event{value(250*ms, 0), end(250 * ms)}, timeline(t, timer)())
		// Each subscription has its own timer.
		requireTimeline(t, []event{value(250*ms, 0), end(250 * ms)}, timeline(t, timer)())
	})
}

func TestTimerZero(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		requireTimeline(t, []event{value(0, 0), end(0)}, timeline(t, streams.Timer(0))())
	})
}

func TestTimerUnsubscribed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		ch, cancel := observe(t, streams.Timer(time.Hour))
		time.Sleep(time.Minute)
		cancel()
		requireClosed(t, ch)
		require.Equal(t, time.Minute, time.Since(start))
	})
}

func TestDelay(t *testing.T) {
	tests := []struct {
		name string
		src  rxgo.Observable
		d    time.Duration
		want []event
	}{
		{
			name: "shifts values and keeps their gaps",
			src:  schedule(0*ms, 1, 10*ms, 2, 30*ms, 3),
			d:    100 * ms,
			want: []event{value(100*ms, 1), value(110*ms, 2), value(130*ms, 3), end(130 * ms)},
		},
		{
			name: "values closer than the delay",
			src:  schedule(10*ms, "a", 20*ms, "b", 25*ms, "c"),
			d:    50 * ms,
			want: []event{value(60*ms, "a"), value(70*ms, "b"), value(75*ms, "c"), end(75 * ms)},
		},
		{
			name: "completes when the last value is out",
			src:  streams.Of(1, 2),
			d:    time.Second,
			want: []event{value(time.Second, 1), value(time.Second, 2), end(time.Second)},
		},
		{
			name: "an empty source completes at once",
			src:  streams.Empty(),
			d:    time.Second,
			want: []event{end(0)},
		},
		{
			name: "an error passes at once, dropping held values",
			src:  schedule(0*ms, 1, 20*ms, 2, 30*ms, errBoom),
			d:    25 * ms,
			want: []event{value(25*ms, 1), failure(30*ms, errBoom), end(30 * ms)},
		},
		{
			name: "zero delay",
			src:  schedule(5*ms, 1, 7*ms, 2),
			d:    0,
			want: []event{value(5*ms, 1), value(7*ms, 2), end(7 * ms)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				requireTimeline(t, tt.want, timeline(t, streams.Pipe(tt.src, streams.Delay(tt.d)))())
			})
		})
	}
}

func TestDelayUnsubscribed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProbe()
		ch, cancel := observe(t, streams.Pipe(p.wrap(streams.Merge(streams.Of(1), streams.Never())), streams.Delay(time.Hour)))
		time.Sleep(time.Minute)
		cancel()
		requireClosed(t, ch)
		settle()
		require.Zero(t, p.active())
	})
}

func TestTimeout(t *testing.T) {
	tests := []struct {
		name string
		src  rxgo.Observable
		want []event
	}{
		{
			name: "every item in time",
			src:  schedule(50*ms, 1, 120*ms, 2, 200*ms, 3),
			want: []event{value(50*ms, 1), value(120*ms, 2), value(200*ms, 3), end(200 * ms)},
		},
		{
			name: "silence after the last item",
			src:  streams.Merge(schedule(50*ms, 1, 120*ms, 2), streams.Never()),
			want: []event{value(50*ms, 1), value(120*ms, 2), failure(220*ms, streams.ErrTimeout), end(220 * ms)},
		},
		{
			name: "no first item",
			src:  streams.Never(),
			want: []event{failure(100*ms, streams.ErrTimeout), end(100 * ms)},
		},
		{
			name: "a gap too long",
			src:  schedule(50*ms, 1, 151*ms, 2),
			want: []event{value(50*ms, 1), failure(150*ms, streams.ErrTimeout), end(150 * ms)},
		},
		{
			name: "a source error passes",
			src:  schedule(50*ms, errBoom),
			want: []event{failure(50*ms, errBoom), end(50 * ms)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := newProbe()
				requireTimeline(t, tt.want, timeline(t, streams.Pipe(p.wrap(tt.src), streams.Timeout(100*ms)))())
				settle()
				require.Zero(t, p.active(), "the source was not unsubscribed")
			})
		})
	}
}

func TestTimeoutErrorSaysHowLong(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Never(), streams.Timeout(3*time.Second)))
		require.ErrorIs(t, err, streams.ErrTimeout)
		require.EqualError(t, err, "streams: timeout: no value within 3s")
		var te *streams.TimeoutError
		require.ErrorAs(t, err, &te)
		require.Equal(t, streams.TimeoutError{Waited: 3 * time.Second, Seen: 0}, *te)

		_, err = streams.Collect(t.Context(), streams.Pipe(streams.Merge(streams.Of(1, 2), streams.Never()), streams.Timeout(time.Second)))
		require.EqualError(t, err, "streams: timeout: no value within 1s after 2 values")
	})
}
