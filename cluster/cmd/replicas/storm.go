package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// tally is what a storm's requests got.
type tally struct {
	mu       sync.Mutex
	outcomes map[string]int // "200", or the error for a request that failed
	last     time.Time      // of the last answer
}

func newTally() *tally { return &tally{outcomes: map[string]int{}} }

func (t *tally) add(outcome string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.outcomes[outcome]++
	t.last = time.Now()
}

func (t *tally) count(outcome string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.outcomes[outcome]
}

func (t *tally) total() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, c := range t.outcomes {
		n += c
	}
	return n
}

// String is "300×200", or "298×200 · 2×error text", most first.
func (t *tally) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	keys := make([]string, 0, len(t.outcomes))
	for k := range t.outcomes {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return t.outcomes[b] - t.outcomes[a] })
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d×%s", t.outcomes[k], k)
	}
	return strings.Join(parts, " · ")
}

// burst sends n requests to url through clients, spread evenly, all at
// once after a barrier, and returns what they got and how long from the
// first request to the last answer. ctxs[i] cuts off the requests of
// clients[i].
func burst(ctxs []context.Context, clients []*http.Client, n int, url string) ([]*tally, time.Duration) {
	tallies := make([]*tally, len(clients))
	for i := range tallies {
		tallies[i] = newTally()
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		c := i % len(clients)
		wg.Go(func() {
			<-start
			tallies[c].add(get(ctxs[c], clients[c], url))
		})
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	last := t0
	for _, t := range tallies {
		if t.last.After(last) {
			last = t.last
		}
	}
	return tallies, last.Sub(t0)
}

// get sends one request and names its outcome: the status code, or why
// it failed.
func get(ctx context.Context, client *http.Client, url string) string {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err.Error()
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return "cut off"
		}
		return "error"
	}
	resp.Body.Close()
	return fmt.Sprint(resp.StatusCode)
}

// merged adds tallies up.
func merged(ts []*tally) *tally {
	m := newTally()
	for _, t := range ts {
		t.mu.Lock()
		for k, v := range t.outcomes {
			m.outcomes[k] += v
		}
		if t.last.After(m.last) {
			m.last = t.last
		}
		t.mu.Unlock()
	}
	return m
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
