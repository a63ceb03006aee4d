package epics_test

import (
	"testing"
	"time"

	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
)

func TestBadInputPanicsWithAClearMessage(t *testing.T) {
	store := epics.NewStore(record, nil, any(nil))
	defer store.Close()
	cases := map[string]struct {
		want string
		call func()
	}{
		"nil reducer": {"epics.NewStore: nil reducer", func() { epics.NewStore[log, any](nil, nil, nil) }},
		"nil option":  {"epics.NewStore: nil option at index 1", func() { epics.NewStore(record, nil, any(nil), quiet, nil) }},
		"nil epic to Start": {"epics.Store.Start: nil epic at index 1", func() {
			_ = store.Start(t.Context(), mapKind("A", "B"), nil)
		}},
		"nil epic to Run":         {"epics.Store.Run: nil epic at index 0", func() { _ = store.Run(t.Context(), nil) }},
		"nil epic to Attach":      {"epics.Store.Attach: nil epic at index 0", func() { _, _ = store.Attach(t.Context(), func(any) {}, nil) }},
		"nil emit":                {"epics.Store.Attach: nil emit function", func() { _, _ = store.Attach(t.Context(), nil, mapKind("A", "B")) }},
		"nil epic to Combine":     {"epics.Combine: nil epic at index 2", func() { epics.Combine(mapKind("A", "B"), mapKind("A", "B"), nil) }},
		"nil epic to Named":       {`epics.Named: nil epic for "x"`, func() { epics.Named[log, any]("x", nil) }},
		"empty name":              {"epics.Named: empty name", func() { epics.Named("", mapKind("A", "B")) }},
		"nil logger":              {"epics.WithLogger: nil logger", func() { epics.WithLogger(nil) }},
		"nil OnError":             {"epics.WithOnError: nil function", func() { epics.WithOnError(nil) }},
		"nil restart policy":      {"epics.WithRestart: nil policy", func() { epics.WithRestart(nil) }},
		"nil equal":               {"epics.WithEqual: nil function", func() { epics.WithEqual[int](nil) }},
		"no kinds":                {"epics.OfKind: no kinds given", func() { epics.OfKind() }},
		"nil states":              {"epics.NewStateObservable: nil states", func() { epics.NewStateObservable[int](t.Context(), nil, 0) }},
		"nil state context":       {"epics.NewStateObservable: nil context", func() { epics.NewStateObservable[int](nil, streams.Never(), 0) }},
		"backoff starting at 0":   {"epics.ExponentialBackoff: want 0 < first <= limit, got first 0s, limit 1s", func() { epics.ExponentialBackoff(0, time.Second) }},
		"backoff limit too small": {"epics.ExponentialBackoff: want 0 < first <= limit, got first 2s, limit 1s", func() { epics.ExponentialBackoff(2*time.Second, time.Second) }},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) { assert.PanicsWithValue(t, c.want, c.call) })
	}
}

func TestDispatchNilIsRefused(t *testing.T) {
	store := epics.NewStore(record, nil, any(nil))
	defer store.Close()
	assert.ErrorIs(t, store.Dispatch(nil), epics.ErrNilAction)
	assert.Empty(t, store.State())
}

func TestExponentialBackoff(t *testing.T) {
	policy := epics.ExponentialBackoff(10*time.Millisecond, 50*time.Millisecond)
	var got []time.Duration
	for attempt := 1; attempt <= 6; attempt++ {
		d, restart := policy(nil, attempt)
		assert.True(t, restart)
		got = append(got, d)
	}
	ms := time.Millisecond
	assert.Equal(t, []time.Duration{10 * ms, 20 * ms, 40 * ms, 50 * ms, 50 * ms, 50 * ms}, got)
	d, _ := epics.ExponentialBackoff(time.Nanosecond, time.Hour)(nil, 1000)
	assert.Equal(t, time.Hour, d, "no overflow on a long run of failures")
	_, restart := epics.NeverRestart()(nil, 1)
	assert.False(t, restart)
}
