package bench

import (
	"net/http"
	"sync/atomic"
	"time"
)

// timeline is a RoundTripper that notes, once armed, when the first
// refresh (the first POST) was sent and answered and when the last GET
// was sent, as offsets from the moment it was armed. It costs a few atomic
// operations per request, the same for every contender.
type timeline struct {
	base  http.RoundTripper
	start atomic.Pointer[time.Time] // nil until armed

	posted                       atomic.Bool
	refreshSent, refreshAnswered atomic.Int64 // nanoseconds since start
	lastSent                     atomic.Int64
}

func (t *timeline) arm(start time.Time) { t.start.Store(&start) }

func (t *timeline) RoundTrip(req *http.Request) (*http.Response, error) {
	start := t.start.Load()
	if start == nil {
		return t.base.RoundTrip(req)
	}
	sent := int64(time.Since(*start))
	if req.Method != http.MethodPost {
		for last := t.lastSent.Load(); sent > last && !t.lastSent.CompareAndSwap(last, sent); last = t.lastSent.Load() {
		}
		return t.base.RoundTrip(req)
	}
	first := t.posted.CompareAndSwap(false, true)
	if first {
		t.refreshSent.Store(sent)
	}
	resp, err := t.base.RoundTrip(req)
	if first {
		t.refreshAnswered.Store(int64(time.Since(*start)))
	}
	return resp, err
}
