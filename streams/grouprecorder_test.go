package streams_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/assert"
)

// groupRecorder subscribes to every Group a GroupBy emits and records each
// group's timeline, on the marble test's frames: what RxJS's TestScheduler
// does for an observable emitted as a value, and what the groupBy spec's
// phonyMarbelize does. A group is subscribed when it is emitted, unless
// subscribeAt says when; unsubscribeAt may say when to let it go.
type groupRecorder[K comparable] struct {
	h      *streamtest.H
	start  time.Time
	ctx    context.Context
	cancel context.CancelFunc

	// subscribeAt returns the frame to subscribe to the group of key
	// emitted at frame emitted; nil: at once.
	subscribeAt func(key K, emitted int) int
	// unsubscribeAt returns the frame to unsubscribe from the n-th group
	// of key (from 0), or -1; nil: never.
	unsubscribeAt func(key K, n int) int

	mu     sync.Mutex
	groups []*recordedGroup[K]
	counts map[K]int
	last   int // the last frame a timer of the recorder is due
}

type recordedGroup[K comparable] struct {
	key    K
	at     int // the frame it was emitted at
	events []streamtest.Event
	sub    *streams.Subscription
}

// newGroupRecorder returns a recorder for h, made before the timeline
// plays.
func newGroupRecorder[K comparable](h *streamtest.H) *groupRecorder[K] {
	ctx, cancel := context.WithCancel(context.Background())
	return &groupRecorder[K]{h: h, start: time.Now(), ctx: ctx, cancel: cancel, counts: map[K]int{}}
}

// tap returns an operator that hands every Group to the recorder on its
// way through.
func (r *groupRecorder[K]) tap() streams.Operator {
	return streams.Tap(streams.TapObserver{Next: func(v any) { r.add(v.(streams.Group[K])) }})
}

func (r *groupRecorder[K]) frame() int { return int(time.Since(r.start) / r.h.Frames(1)) }

func (r *groupRecorder[K]) add(g streams.Group[K]) {
	now := r.frame()
	rg := &recordedGroup[K]{key: g.Key, at: now}
	r.mu.Lock()
	r.groups = append(r.groups, rg)
	n := r.counts[g.Key]
	r.counts[g.Key]++
	r.mu.Unlock()

	record := func(e streamtest.Event) {
		r.mu.Lock()
		defer r.mu.Unlock()
		e.Frame = r.frame()
		rg.events = append(rg.events, e)
	}
	subscribe := func() {
		sub := streams.Subscribe(r.ctx, g.Values, streams.Observer{
			Next:     func(v any) { record(streamtest.Event{Kind: streamtest.Next, Value: v}) },
			Error:    func(err error) { record(streamtest.Event{Kind: streamtest.Error, Err: err}) },
			Complete: func() { record(streamtest.Event{Kind: streamtest.Complete}) },
		})
		r.mu.Lock()
		rg.sub = sub
		r.mu.Unlock()
	}
	if r.subscribeAt == nil {
		subscribe()
	} else {
		r.at(now, r.subscribeAt(g.Key, now), subscribe)
	}
	if r.unsubscribeAt != nil {
		if at := r.unsubscribeAt(g.Key, n); at >= 0 {
			r.at(now, at, func() {
				r.mu.Lock()
				sub := rg.sub
				r.mu.Unlock()
				sub.Unsubscribe()
			})
		}
	}
}

// at runs f at frame, now being the current frame.
func (r *groupRecorder[K]) at(now, frame int, f func()) {
	r.mu.Lock()
	r.last = max(r.last, frame)
	r.mu.Unlock()
	time.AfterFunc(r.h.Frames(frame-now), f)
}

// finish lets the recorder's timers run, once the timeline has played,
// then ends every group subscription. Call it after h.Flush.
func (r *groupRecorder[K]) finish() {
	r.mu.Lock()
	last := r.last
	r.mu.Unlock()
	if now := r.frame(); last >= now {
		time.Sleep(r.h.Frames(last - now + 1))
	}
	synctest.Wait()
	r.cancel()
	r.mu.Lock()
	var subs []*streams.Subscription
	for _, rg := range r.groups {
		if rg.sub != nil {
			subs = append(subs, rg.sub)
		}
	}
	r.mu.Unlock()
	for _, sub := range subs {
		sub.Wait()
	}
}

// wantGroup is a group's expected key and timeline: a cold diagram,
// counted from the frame the group was emitted at, or with absolute, from
// the test's frame 0.
type wantGroup[K comparable] struct {
	key      K
	marbles  string
	absolute bool
}

func coldGroup[K comparable](key K, marbles string) wantGroup[K] {
	return wantGroup[K]{key: key, marbles: marbles}
}

func absGroup[K comparable](key K, marbles string) wantGroup[K] {
	return wantGroup[K]{key: key, marbles: marbles, absolute: true}
}

// check finishes the recorder and compares the groups recorded, in the
// order they were emitted, with want; '#' stands for err, if given.
func (r *groupRecorder[K]) check(want []wantGroup[K], values map[string]any, err ...error) {
	r.h.Helper()
	r.finish()
	var opts []streamtest.ParseOption
	if len(err) > 0 {
		opts = append(opts, streamtest.ErrorValue(err[0]))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !assert.Len(r.h, r.groups, len(want), "groups emitted") {
		return
	}
	for i, w := range want {
		got := r.groups[i]
		assert.Equal(r.h, w.key, got.key, "key of group %d", i)
		expected, perr := streamtest.Parse(w.marbles, values, opts...)
		if !assert.NoError(r.h, perr) {
			continue
		}
		if !w.absolute {
			for j := range expected {
				expected[j].Frame += got.at
			}
		}
		if !sameTimeline(expected, got.events) {
			r.h.Errorf("group %d (%v, emitted at frame %d):\n  expected: %s\n  actual:   %s",
				i, got.key, got.at, renderTimeline(expected, values), renderTimeline(got.events, values))
		}
	}
}

func sameTimeline(want, got []streamtest.Event) bool {
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		w, g := want[i], got[i]
		if w.Frame != g.Frame || w.Kind != g.Kind || !assert.ObjectsAreEqual(w.Value, g.Value) {
			return false
		}
		if w.Kind == streamtest.Error && !errors.Is(g.Err, w.Err) && !assert.ObjectsAreEqual(w.Err, g.Err) {
			return false
		}
	}
	return true
}

func renderTimeline(events []streamtest.Event, values map[string]any) string {
	if s, err := streamtest.Render(events, values); err == nil {
		return s
	}
	return fmt.Sprint(events)
}
