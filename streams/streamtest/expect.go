package streamtest

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// Expectation is a stream the test observes and the timeline ToBe says it
// must have. Frames count from the test's frame 0, wherever the
// subscription was made.
type Expectation struct {
	h            *H
	obs          rxgo.Observable
	where        string // where the test called Expect
	toBeWhere    string // where it called ToBe
	subscribed   int
	unsubscribed int // StillSubscribed if the test does not unsubscribe

	// Set by ToBe.
	stated bool
	want   []Event
	values map[string]any

	// Guarded by h.mu.
	sub   *streams.Subscription
	got   []Event
	ended bool // the stream has ended or been unsubscribed: nothing more is recorded
}

// Expect observes obs from frame 0, or along subscription marbles such as
// "--^---!": subscribed at '^' (frame 0 if there is none) and unsubscribed
// at '!' (at the end of the timeline if there is none). What it sees is
// checked, at Flush, against what ToBe states; an Expect without ToBe
// fails the test. A malformed diagram fails the test, naming the column
// and the problem.
func (h *H) Expect(obs rxgo.Observable, subscription ...string) *Expectation {
	h.Helper()
	where := caller(0)
	h.mustSetUp("Expect", where)
	switch {
	case obs == nil:
		h.Fatalf("streamtest: Expect at %s: nil observable", where)
	case len(subscription) > 1:
		h.Fatalf("streamtest: Expect at %s: %d subscription diagrams; one stream has one subscription", where, len(subscription))
	}
	e := &Expectation{h: h, obs: obs, where: where, unsubscribed: StillSubscribed}
	last := 0
	if len(subscription) == 1 {
		log, _, l, err := parseSubscription(subscription[0], h.syntax(false, nil))
		if err != nil {
			h.bad("Expect", where, err)
		}
		e.subscribed, e.unsubscribed, last = log.Subscribed, log.Unsubscribed, l
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.expects = append(h.expects, e)
	h.last = max(h.last, last)
	h.scheduleLocked(h.timeOf(e.subscribed), phaseSubscribe, nil, e.subscribe)
	if e.unsubscribed != StillSubscribed {
		h.scheduleLocked(h.timeOf(e.unsubscribed), phaseSubscribe, nil, e.unsubscribe)
	}
	return e
}

// ToBe states the timeline the stream must have, as a diagram read as
// Parse reads it, with frame 0 the test's frame 0 ('^' is not allowed).
// values names the values; err, if given, is the error '#' stands for,
// otherwise ErrMarble. Values match when assert.ObjectsAreEqual says so;
// an error matches when errors.Is(actual, expected) or ObjectsAreEqual
// holds. A malformed diagram fails the test, naming the column and the
// problem.
func (e *Expectation) ToBe(marbles string, values map[string]any, err ...error) {
	h := e.h
	h.Helper()
	where := caller(0)
	h.mustSetUp("ToBe", where)
	if e.stated {
		h.Fatalf("streamtest: ToBe at %s: the timeline of the Expect at %s is already stated", where, e.where)
	}
	want, last, perr := parse(marbles, values, h.syntax(false, h.oneError("ToBe", where, err)))
	if perr != nil {
		h.bad("ToBe", where, perr)
	}
	e.stated, e.want, e.values, e.toBeWhere = true, want, values, where
	h.mu.Lock()
	h.last = max(h.last, last)
	h.mu.Unlock()
}

// Events returns what the stream has done so far; after Flush, its whole
// timeline. It is safe for concurrent use.
func (e *Expectation) Events() []Event {
	e.h.mu.Lock()
	defer e.h.mu.Unlock()
	return slices.Clone(e.got)
}

func (e *Expectation) subscribe() {
	sub := streams.Subscribe(context.Background(), e.obs, streams.Observer{
		Next:     func(v any) { e.record(Event{Kind: Next, Value: v}) },
		Error:    func(err error) { e.record(Event{Kind: Error, Err: err}) },
		Complete: func() { e.record(Event{Kind: Complete}) },
	})
	e.h.mu.Lock()
	e.sub = sub
	e.h.mu.Unlock()
}

// record notes ev at the current frame, unless the stream has ended or
// the timeline is over.
func (e *Expectation) record(ev Event) {
	h := e.h
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.frozen || e.ended {
		return
	}
	ev.Frame = h.frameAt(h.elapsed())
	e.got = append(e.got, ev)
	if ev.terminal() {
		e.ended = true
		h.signalLocked()
	}
}

// unsubscribe ends the subscription, if there is one, and the recording.
func (e *Expectation) unsubscribe() {
	e.h.mu.Lock()
	e.ended = true
	sub := e.sub
	e.h.mu.Unlock()
	if sub != nil {
		sub.Unsubscribe()
	}
}

// wait waits for the subscription, if there is one, to end.
func (e *Expectation) wait() {
	e.h.mu.Lock()
	sub := e.sub
	e.h.mu.Unlock()
	if sub != nil {
		sub.Wait()
	}
}

func (e *Expectation) check() {
	h := e.h
	h.Helper()
	if !e.stated {
		h.failAt(e.where, fmt.Sprintf("streamtest: Expect at %s: no ToBe states the timeline it expects", e.where))
		return
	}
	if firstDifference(e.want, e.got) >= 0 {
		h.failAt(e.toBeWhere, e.mismatch())
	}
}

// firstDifference returns the index of the first event where got differs
// from want, or -1 if it does not.
func firstDifference(want, got []Event) int {
	for i := range max(len(want), len(got)) {
		if i >= len(want) || i >= len(got) || !want[i].matches(got[i]) {
			return i
		}
	}
	return -1
}

// SubscriptionsExpectation is the subscriptions a source must see, as
// ToBe states them.
type SubscriptionsExpectation struct {
	h         *H
	src       *Source
	where     string // where the test called ExpectSubscriptions
	toBeWhere string // where it called ToBe
	stated    bool
	want      []SubscriptionLog
}

// ExpectSubscriptions checks, at Flush, the subscriptions made to src
// against what ToBe states; an ExpectSubscriptions without ToBe fails the
// test.
func (h *H) ExpectSubscriptions(src *Source) *SubscriptionsExpectation {
	h.Helper()
	where := caller(0)
	h.mustSetUp("ExpectSubscriptions", where)
	if src == nil || src.h != h {
		h.Fatalf("streamtest: ExpectSubscriptions at %s: the source was not made by this test's Hot or Cold", where)
	}
	x := &SubscriptionsExpectation{h: h, src: src, where: where}
	h.mu.Lock()
	h.subExpects = append(h.subExpects, x)
	h.mu.Unlock()
	return x
}

// ToBe states the subscriptions, one subscription marble diagram each, as
// ParseSubscription reads them: "^---!" subscribed at frame 0 and
// unsubscribed at frame 4, "--^" subscribed at frame 2 and still
// subscribed at the end. No diagram at all means no subscription. Order
// does not matter. A malformed diagram fails the test, naming the column
// and the problem.
func (x *SubscriptionsExpectation) ToBe(marbles ...string) {
	h := x.h
	h.Helper()
	where := caller(0)
	h.mustSetUp("ToBe", where)
	if x.stated {
		h.Fatalf("streamtest: ToBe at %s: the subscriptions of the ExpectSubscriptions at %s are already stated", where, x.where)
	}
	want := make([]SubscriptionLog, 0, len(marbles))
	last := 0
	for _, m := range marbles {
		log, caret, l, err := parseSubscription(m, h.syntax(false, nil))
		if err == nil && !caret {
			err = &SyntaxError{Marbles: m, Problem: "no '^' marking when the subscription was made"}
		}
		if err != nil {
			h.bad("ToBe", where, err)
		}
		want = append(want, log)
		last = max(last, l)
	}
	x.stated, x.want, x.toBeWhere = true, want, where
	h.mu.Lock()
	h.last = max(h.last, last)
	h.mu.Unlock()
}

func (x *SubscriptionsExpectation) check() {
	h := x.h
	h.Helper()
	if !x.stated {
		h.failAt(x.where, fmt.Sprintf("streamtest: ExpectSubscriptions at %s: no ToBe states the subscriptions it expects", x.where))
		return
	}
	got := sortedLogs(x.src.Subscriptions())
	want := sortedLogs(x.want)
	if !slices.Equal(got, want) {
		h.failAt(x.toBeWhere, x.mismatch(want, got))
	}
}

func sortedLogs(logs []SubscriptionLog) []SubscriptionLog {
	logs = slices.Clone(logs)
	slices.SortFunc(logs, func(a, b SubscriptionLog) int {
		return cmp.Or(cmp.Compare(a.Subscribed, b.Subscribed), cmp.Compare(unsubscribedOrder(a), unsubscribedOrder(b)))
	})
	return logs
}

// unsubscribedOrder sorts a subscription still open after every one that
// ended.
func unsubscribedOrder(l SubscriptionLog) int {
	if l.Unsubscribed == StillSubscribed {
		return int(^uint(0) >> 1)
	}
	return l.Unsubscribed
}
