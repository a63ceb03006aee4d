package streamtest

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/stretchr/testify/assert"
)

// describeSyntaxError is err, with the diagram and a caret under the
// offending column when there is one.
func describeSyntaxError(err error) string {
	var se *SyntaxError
	if !errors.As(err, &se) || se.Column == 0 || strings.ContainsAny(se.Marbles, "\n\r") {
		return err.Error()
	}
	var pointer strings.Builder
	for i, r := range []rune(se.Marbles) {
		if i == se.Column-1 {
			break
		}
		if r == '\t' {
			pointer.WriteRune('\t')
		} else {
			pointer.WriteRune(' ')
		}
	}
	return fmt.Sprintf("%v\n    %s\n    %s^", err, se.Marbles, pointer.String())
}

// mismatch describes how the stream's timeline differs from the expected
// one: both as marbles, one above the other, and the first difference.
func (e *Expectation) mismatch() string {
	syms := newSymbols(e.values, e.want, e.got)
	lines, cols, skewed := alignTimelines([][]Event{e.want, e.got}, syms.of, e.h)
	frame := differenceFrame(e.want, e.got, firstDifference(e.want, e.got))
	col, ok := cols[1][frame]
	if !ok {
		col = cols[0][frame]
	}

	var b strings.Builder
	fmt.Fprintf(&b, "streamtest: Expect at %s: the stream's timeline differs at frame %d\n", e.where, frame)
	fmt.Fprintf(&b, "  expected: %s\n", lines[0])
	fmt.Fprintf(&b, "  actual:   %s\n", lines[1])
	wantAt, gotAt := eventsAt(e.want, frame), eventsAt(e.got, frame)
	fmt.Fprintf(&b, "            %s^ frame %d: expected %s, got %s", strings.Repeat(" ", col), frame,
		syms.describe(wantAt), syms.describe(gotAt))
	if k := firstDifference(wantAt, gotAt); k >= 0 && (len(wantAt) > 1 || len(gotAt) > 1) {
		// Say which event of the group differs, and how.
		fmt.Fprintf(&b, " (event %d of the frame: expected %s, got %s)", k+1,
			syms.describe(wantAt[min(k, len(wantAt)):min(k+1, len(wantAt))]),
			syms.describe(gotAt[min(k, len(gotAt)):min(k+1, len(gotAt))]))
	}
	if skewed {
		b.WriteString("\n  (not to scale: the actual events come closer together than their groups take frames)")
	}
	for _, l := range syms.legend {
		fmt.Fprintf(&b, "\n  %s", l)
	}
	return b.String()
}

// differenceFrame is the frame of the difference at index i: the earlier
// of the two events there.
func differenceFrame(want, got []Event, i int) int {
	switch {
	case i >= len(want):
		return got[i].Frame
	case i >= len(got):
		return want[i].Frame
	}
	return min(want[i].Frame, got[i].Frame)
}

// eventsAt returns the events of a timeline at frame.
func eventsAt(timeline []Event, frame int) []Event {
	var at []Event
	for _, e := range timeline {
		if e.Frame == frame {
			at = append(at, e)
		}
	}
	return at
}

func (x *SubscriptionsExpectation) mismatch(want, got []SubscriptionLog) string {
	var b strings.Builder
	fmt.Fprintf(&b, "streamtest: ExpectSubscriptions at %s: the subscriptions to the source declared at %s differ", x.where, x.src.where)
	write := func(label string, logs []SubscriptionLog) {
		if len(logs) == 0 {
			fmt.Fprintf(&b, "\n  %s (none)", label)
		}
		for i, l := range logs {
			if i > 0 {
				label = strings.Repeat(" ", len(label))
			}
			m, err := RenderSubscription(l, FrameDuration(x.h.frame))
			if err != nil {
				m = fmt.Sprintf("%+v", l)
			}
			fmt.Fprintf(&b, "\n  %s %s", label, m)
		}
	}
	write("expected:", want)
	write("actual:  ", got)
	return b.String()
}

// alignTimelines writes timelines one above the other, frame under frame:
// a long stretch with no event in any of them becomes the same time
// progression in each. It returns the lines, the column of each frame with
// events in each line, and whether some line could not be kept to scale
// (its events come closer together than its groups take frames).
func alignTimelines(timelines [][]Event, sym func(Event) string, h *H) (lines []string, cols []map[int]int, skewed bool) {
	n := len(timelines)
	byFrame := make([]map[int][]Event, n)
	var frames []int
	for i, tl := range timelines {
		byFrame[i] = map[int][]Event{}
		for _, e := range tl {
			if byFrame[i][e.Frame] == nil {
				frames = append(frames, e.Frame)
			}
			byFrame[i][e.Frame] = append(byFrame[i][e.Frame], e)
		}
	}
	slices.Sort(frames)
	frames = slices.Compact(frames)

	ws := make([]*marbleWriter, n)
	cur := make([]int, n) // the frame each line has reached
	cols = make([]map[int]int, n)
	for i := range ws {
		ws[i] = &marbleWriter{frameDur: h.frame}
		cols[i] = map[int]int{}
	}
	for _, f := range frames {
		if c := slices.Max(cur); f-c > dashLimit {
			for i := range ws {
				ws[i].write(strings.Repeat("-", c-cur[i]))
				ws[i].gap(f - c)
				cur[i] = f
			}
		}
		for i, events := range byFrame {
			if events[f] == nil {
				continue
			}
			if cur[i] > f {
				skewed = true
			} else {
				ws[i].write(strings.Repeat("-", f-cur[i]))
				cur[i] = f
			}
			cols[i][f] = ws[i].cols
			syms := make([]string, len(events[f]))
			for j, e := range events[f] {
				syms[j] = sym(e)
			}
			cur[i] += ws[i].cell(syms)
		}
	}
	lines = make([]string, n)
	for i, w := range ws {
		lines[i] = w.String()
	}
	return lines, cols, skewed
}

// symbols names the values of a failure report: by their key in the
// expected values map, as themselves when there is no map and they are
// one-letter or one-digit strings, or else by a letter of their own,
// explained in a legend.
type symbols struct {
	values map[string]any
	used   map[string]bool
	extra  []any    // values named by a letter of their own
	names  []string // and those letters
	legend []string
}

func newSymbols(values map[string]any, timelines ...[]Event) *symbols {
	s := &symbols{values: values, used: map[string]bool{}}
	for k := range values {
		s.used[k] = true
	}
	for _, tl := range timelines {
		for _, e := range tl {
			if e.Kind == Next {
				if name, ok := s.known(e.Value); ok {
					s.used[name] = true
				}
			}
		}
	}
	return s
}

// known names v without a letter of its own, if it can.
func (s *symbols) known(v any) (string, bool) {
	if s.values != nil {
		return keyOf(s.values, v)
	}
	if str, ok := v.(string); ok && isName(str) {
		return str, true
	}
	return "", false
}

const spareNames = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func (s *symbols) of(e Event) string {
	switch e.Kind {
	case Error:
		return "#"
	case Complete:
		return "|"
	}
	if name, ok := s.known(e.Value); ok {
		return name
	}
	for i, v := range s.extra {
		if assert.ObjectsAreEqual(v, e.Value) {
			return s.names[i]
		}
	}
	name := "?" // when every spare letter is taken
	for _, r := range spareNames {
		if c := string(r); !s.used[c] {
			name = c
			break
		}
	}
	s.used[name] = true
	s.extra = append(s.extra, e.Value)
	s.names = append(s.names, name)
	s.legend = append(s.legend, fmt.Sprintf("%s = %#v (a value the values map has no key for)", name, e.Value))
	return name
}

// describe says what a timeline does at one frame, for the line under
// the diagrams: one event in words, several as their group.
func (s *symbols) describe(events []Event) string {
	switch {
	case len(events) == 0:
		return "nothing"
	case len(events) > 1:
		syms := make([]string, len(events))
		for i, e := range events {
			syms[i] = s.of(e)
		}
		return "(" + strings.Join(syms, "") + ")"
	}
	e := events[0]
	switch e.Kind {
	case Error:
		return fmt.Sprintf("error %q", errorText(e.Err))
	case Complete:
		return "complete"
	}
	name := s.of(e)
	if str, ok := e.Value.(string); ok && str == name {
		return fmt.Sprintf("next %q", str)
	}
	return fmt.Sprintf("next %s = %#v", name, e.Value)
}

func errorText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
