package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rxepic/rxepic/auth/authtest"
)

// A timeline collects what happened during the burst — the server's events
// and the client's failures — and prints it as one line per exchange, in
// the order a person would draw it. It is safe for concurrent use: the
// server reports events from its request goroutines.
type timeline struct {
	mu       sync.Mutex
	origin   time.Time // when the burst started
	entries  []entry
	sent     map[int][]time.Time // request number → when each attempt was sent
	attempts map[int]int         // request number → attempts the server has answered
}

// entry is one line: an exchange from start to end, or an instant when
// instant is set.
type entry struct {
	start, end time.Duration // since the burst started
	instant    bool
	rank       rank
	request    int // #1..#N, 0 for lines about the session
	text       string
	// phase is the text without the request number, for merging the
	// lines of many requests into one; empty for lines about the session.
	phase string
}

// rank orders lines drawn at the same time by what causes what: first
// attempts, then the refresh they trigger, then the retries it allows,
// then the outcomes.
type rank int

const (
	rankAttempt rank = iota
	rankRefresh
	rankRetry
	rankSignOut
	rankFailure
)

func newTimeline() *timeline {
	return &timeline{sent: make(map[int][]time.Time), attempts: make(map[int]int)}
}

// begin sets the instant times are counted from: the start of the burst.
func (t *timeline) begin(origin time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.origin = origin
}

// since returns how long after the timeline began at happened, and false
// if it has not begun.
func (t *timeline) since(at time.Time) (time.Duration, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return at.Sub(t.origin), !t.origin.IsZero()
}

// sending records that the client is sending an attempt of request n. An
// exchange is drawn from when the client sent it, rather than from when
// the server read it, so that the dialling of new connections does not
// scatter requests sent together.
func (t *timeline) sending(n int, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sent[n] = append(t.sent[n], at)
}

// serverEvent records an exchange the server reports: a request for a
// /resource/N path, or a call of the token endpoint.
func (t *timeline) serverEvent(e authtest.Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ent := entry{start: e.Start.Sub(t.origin), end: e.Time.Sub(t.origin)}
	switch n, ok := requestNumber(e.Path); {
	case ok:
		t.attempts[n]++
		if k := t.attempts[n]; k <= len(t.sent[n]) {
			ent.start = t.sent[n][k-1].Sub(t.origin)
		}
		ent.request, ent.rank = n, rankAttempt
		what := "GET"
		if t.attempts[n] > 1 {
			ent.rank, what = rankRetry, "retry GET"
		}
		ent.phase = fmt.Sprintf("%s /resource/N → %s", what, outcome(e))
		ent.text = fmt.Sprintf("#%d %s %s → %s", n, what, e.Path, outcome(e))
	case e.Path == "/token":
		ent.rank = rankRefresh
		ent.text = "refresh POST /token → " + outcome(e)
	default:
		return // sign-ins and revocations happen outside the burst
	}
	t.entries = append(t.entries, ent)
}

// failure records that request n failed, as its caller saw it at time at.
func (t *timeline) failure(at time.Time, n int, err error) {
	// The error names the request's URL, which must not keep the failures
	// of different requests apart in a phase.
	phase := "failed: " + strings.ReplaceAll(err.Error(), "/resource/"+strconv.Itoa(n), "/resource/N")
	t.instant(at, rankFailure, n, fmt.Sprintf("#%d failed: %v", n, err), phase)
}

// signOut records the session's sign-out and its reason.
func (t *timeline) signOut(at time.Time, reason error) {
	text := "session signed out"
	if reason != nil {
		text += ": " + reason.Error()
	}
	t.instant(at, rankSignOut, 0, text, "")
}

func (t *timeline) instant(at time.Time, r rank, n int, text, phase string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	d := at.Sub(t.origin)
	t.entries = append(t.entries, entry{start: d, end: d, instant: true, rank: r, request: n, text: text, phase: phase})
}

// together is how close in time lines are drawn as happening at once.
// Requests sent together reach the wire a fraction of a millisecond apart,
// in an order that changes from run to run; drawing them at one time, in
// a fixed order, keeps the timeline the same from run to run.
const together = 2 * time.Millisecond

// print writes the lines in time order, one for each exchange.
func (t *timeline) print(w io.Writer) {
	write(w, arrange(t.recorded()))
}

// printPhases writes one line for each phase of the burst instead of one
// for each exchange: the lines of requests that went the same way are
// merged into one, which counts them and spans their times.
func (t *timeline) printPhases(w io.Writer) {
	write(w, arrange(phases(t.recorded())))
}

func (t *timeline) recorded() []entry {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.entries)
}

// phases merges the entries of requests that have the same rank and phase
// into one entry, which starts with the first of them and ends with the
// last. Lines about the session are kept as they are.
func phases(entries []entry) []entry {
	type key struct {
		rank  rank
		phase string
	}
	var merged []entry
	index := make(map[key]int)
	counts := make(map[key]int)
	for _, e := range entries {
		if e.phase == "" {
			merged = append(merged, e)
			continue
		}
		k := key{e.rank, e.phase}
		counts[k]++
		i, ok := index[k]
		if !ok {
			index[k] = len(merged)
			merged = append(merged, entry{start: e.start, end: e.end, instant: e.instant, rank: e.rank, phase: e.phase})
			continue
		}
		m := &merged[i]
		m.start, m.end = min(m.start, e.start), max(m.end, e.end)
		m.instant = m.instant && e.instant && m.start == m.end
	}
	for k, i := range index {
		merged[i].text = fmt.Sprintf("%d× %s", counts[k], k.phase)
	}
	return merged
}

// arrange sorts the lines in time order. Lines that start within together
// of the first line of their group are drawn at that line's time, ordered
// by what causes what (rank), then by request number.
func arrange(entries []entry) []entry {
	slices.SortStableFunc(entries, func(a, b entry) int { return cmp.Compare(a.start, b.start) })
	for i := 0; i < len(entries); {
		j := i + 1
		for j < len(entries) && entries[j].start-entries[i].start < together {
			entries[j].start = entries[i].start
			j++
		}
		slices.SortStableFunc(entries[i:j], func(a, b entry) int {
			return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.request, b.request))
		})
		i = j
	}
	return entries
}

// write writes one line for each entry, its times in milliseconds aligned.
func write(w io.Writer, entries []entry) {
	times := make([]string, len(entries))
	width := 0
	for i, e := range entries {
		times[i] = strconv.FormatInt(e.start.Milliseconds(), 10)
		if !e.instant {
			times[i] += "–" + strconv.FormatInt(e.end.Milliseconds(), 10)
		}
		width = max(width, len([]rune(times[i])))
	}
	for i, e := range entries {
		fmt.Fprintf(w, "  %*s ms  %s\n", width, times[i], e.text)
	}
}

// requestNumber reads N from a /resource/N path.
func requestNumber(path string) (int, bool) {
	rest, ok := strings.CutPrefix(path, "/resource/")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n > 0
}

// outcome says how the server answered.
func outcome(e authtest.Event) string {
	switch e.Kind {
	case authtest.EventResourceOK:
		return strconv.Itoa(e.Status)
	case authtest.EventRefresh:
		return fmt.Sprintf("%d new access token and rotated refresh token (generation %d)", e.Status, e.Generation)
	case authtest.EventReuse:
		return fmt.Sprintf("%d %s (reuse detected: token family revoked)", e.Status, e.Detail)
	case authtest.EventFault:
		return fmt.Sprintf("%d (injected fault: %s)", e.Status, e.Fault)
	case authtest.EventAborted:
		return "no answer: the client went away"
	}
	if e.Detail != "" {
		return fmt.Sprintf("%d %s", e.Status, e.Detail)
	}
	return strconv.Itoa(e.Status)
}
