package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rxepic/rxepic/auth/authtest"
)

// timeline collects what happened, from the replicas, the auth server
// and the family's keys in the bucket, and prints it in order.
type timeline struct {
	mu      sync.Mutex
	start   time.Time
	entries []entry
}

type entry struct {
	at        time.Time
	who, what string
}

func newTimeline() *timeline { return &timeline{start: time.Now()} }

func (t *timeline) add(at time.Time, who, what string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.entries = append(t.entries, entry{at, who, what})
}

func (t *timeline) print(out io.Writer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	slices.SortStableFunc(t.entries, func(a, b entry) int { return a.at.Compare(b.at) })
	for _, e := range t.entries {
		fmt.Fprintf(out, "  %+7.3fs  %-8s %s\n", e.at.Sub(t.start).Seconds(), e.who, e.what)
	}
}

// endpoint records the token endpoint's calls.
func (t *timeline) endpoint(e authtest.Event) {
	if e.Path != "/token" {
		return
	}
	t.add(e.Start, "endpoint", "a refresh call arrives")
	switch e.Kind {
	case authtest.EventRefresh:
		t.add(e.Time, "endpoint", fmt.Sprintf("rotates the refresh token: server generation %d", e.Generation))
	case authtest.EventAborted:
		t.add(e.Time, "endpoint", "the caller went away: nothing done, the refresh token unspent")
	case authtest.EventReuse:
		t.add(e.Time, "endpoint", "reuse of a spent refresh token: the family is revoked")
	default:
		t.add(e.Time, "endpoint", e.Kind.String())
	}
}

// observe records the family's keys as they change, from a connection
// of its own, until the returned function is called. The record is read
// for what it says in the clear: generation, status, attempt, holder.
func (t *timeline) observe(ctx context.Context, url string) (stop func(), err error) {
	nc, err := nats.Connect(url)
	if err != nil {
		return nil, err
	}
	js, _ := jetstream.New(nc)
	kv, err := js.KeyValue(ctx, bucket)
	if err == nil {
		var w jetstream.KeyWatcher
		if w, err = kv.Watch(ctx, demoFamily+".*", jetstream.UpdatesOnly()); err == nil {
			done := make(chan struct{})
			go func() {
				defer close(done)
				for e := range w.Updates() {
					t.key(e)
				}
			}()
			return func() { w.Stop(); <-done; nc.Close() }, nil
		}
	}
	nc.Close()
	return nil, err
}

func (t *timeline) key(e jetstream.KeyValueEntry) {
	if e == nil {
		return
	}
	switch {
	case strings.HasSuffix(e.Key(), ".lease"):
		switch e.Operation() {
		case jetstream.KeyValuePut:
			holder, _, _ := strings.Cut(string(e.Value()), "-")
			t.add(e.Created(), "lease", "taken by "+holder)
		case jetstream.KeyValueDelete:
			t.add(e.Created(), "lease", "released")
		case jetstream.KeyValuePurge:
			t.add(e.Created(), "lease", "expired: its holder never released it")
		}
	case e.Operation() == jetstream.KeyValuePut:
		var r struct {
			Generation uint64 `json:"generation"`
			Status     string `json:"status"`
			Attempt    uint64 `json:"attempt"`
			Holder     string `json:"holder"`
		}
		if json.Unmarshal(e.Value(), &r) != nil {
			return
		}
		what := fmt.Sprintf("generation %d %s", r.Generation, r.Status)
		if r.Status == "refreshing" {
			what += fmt.Sprintf(" (attempt %d, by %s)", r.Attempt, r.Holder)
		}
		t.add(e.Created(), "record", what)
	}
}
