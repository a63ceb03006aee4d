package streamtest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// dashLimit is the longest run of frames without events written as
// dashes; longer ones become a time progression.
const dashLimit = 20

// Render writes events as a marble diagram that Parse reads back into the
// same events: values by their key in values (or, when values is nil, as
// themselves when they are one-letter or one-digit strings), groups for
// frames with several events, '^' at frame 0 when there are events before
// it (with HotMarbles), and time progressions for long gaps. Every error
// is written '#'.
//
// It fails when the events are not a timeline a diagram can show: out of
// order, something after a terminal event, a value without a name, events
// that fall inside the frames taken by the group before them, or events
// before frame 0 without HotMarbles.
func Render(events []Event, values map[string]any, opts ...ParseOption) (string, error) {
	s := newSyntax(opts)
	if err := checkTimeline(events, s); err != nil {
		return "", err
	}
	syms := make([]string, len(events))
	for i, e := range events {
		sym, err := symbolOf(e, values)
		if err != nil {
			return "", err
		}
		syms[i] = sym
	}
	w := &marbleWriter{frameDur: s.frameDur}
	caret := len(events) > 0 && events[0].Frame < 0
	cursor := 0
	if caret {
		cursor = events[0].Frame
	}
	for i := 0; i < len(events); {
		f := events[i].Frame
		j := i + 1
		for j < len(events) && events[j].Frame == f {
			j++
		}
		if caret && f >= 0 {
			if f == 0 || cursor > 0 {
				return "", errCaret
			}
			w.gap(-cursor)
			w.write("^")
			cursor, caret = 1, false
		}
		if f < cursor {
			return "", fmt.Errorf("streamtest: Render: the events at frame %d fall inside the frames taken by the group before them", f)
		}
		w.gap(f - cursor)
		cursor = f + w.cell(syms[i:j])
		i = j
	}
	if caret {
		if cursor > 0 {
			return "", errCaret
		}
		w.gap(-cursor)
		w.write("^")
	}
	return w.String(), nil
}

var errCaret = errors.New("streamtest: Render: with events before frame 0, frame 0 must be free for '^'")

// checkTimeline reports why events cannot be a timeline, if they cannot.
func checkTimeline(events []Event, s syntax) error {
	for i, e := range events {
		switch {
		case e.Kind != Next && e.Kind != Error && e.Kind != Complete:
			return fmt.Errorf("streamtest: Render: event %d has no kind", i)
		case i > 0 && e.Frame < events[i-1].Frame:
			return fmt.Errorf("streamtest: Render: event %d at frame %d comes after one at frame %d", i, e.Frame, events[i-1].Frame)
		case i > 0 && events[i-1].terminal():
			return fmt.Errorf("streamtest: Render: event %d comes after the stream ended", i)
		case e.Frame < 0 && !s.hot:
			return fmt.Errorf("streamtest: Render: event %d is at frame %d, before frame 0, which only hot marbles can show", i, e.Frame)
		case e.Frame > s.maxFrames() || e.Frame < -s.maxFrames():
			return fmt.Errorf("streamtest: Render: event %d at frame %d is beyond the longest timeline, %v", i, e.Frame, maxSpan)
		}
	}
	return nil
}

// symbolOf is the character that writes e.
func symbolOf(e Event, values map[string]any) (string, error) {
	switch e.Kind {
	case Error:
		return "#", nil
	case Complete:
		return "|", nil
	}
	if values == nil {
		if s, ok := e.Value.(string); ok && isName(s) {
			return s, nil
		}
		return "", fmt.Errorf("streamtest: Render: value %#v at frame %d is not a one-letter or one-digit string and there is no values map to name it", e.Value, e.Frame)
	}
	if k, ok := keyOf(values, e.Value); ok {
		return k, nil
	}
	return "", fmt.Errorf("streamtest: Render: value %#v at frame %d has no key in the values map", e.Value, e.Frame)
}

// keyOf finds the first key, in sorted order, under which values holds v.
func keyOf(values map[string]any, v any) (string, bool) {
	keys := make([]string, 0, len(values))
	for k := range values {
		if isName(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if assert.ObjectsAreEqual(values[k], v) {
			return k, true
		}
	}
	return "", false
}

// isName reports whether s can name a value in marbles: one letter or digit.
func isName(s string) bool {
	r := []rune(s)
	return len(r) == 1 && isValue(r[0])
}

// RenderSubscription writes log as a subscription marble diagram that
// ParseSubscription reads back into log. It fails for a log no diagram can
// show: subscribed before frame 0, or unsubscribed before subscribing.
func RenderSubscription(log SubscriptionLog, opts ...ParseOption) (string, error) {
	s := newSyntax(opts)
	switch {
	case log.Subscribed < 0:
		return "", fmt.Errorf("streamtest: RenderSubscription: subscribed at frame %d, before frame 0", log.Subscribed)
	case log.Unsubscribed != StillSubscribed && log.Unsubscribed < log.Subscribed:
		return "", fmt.Errorf("streamtest: RenderSubscription: unsubscribed at frame %d, before subscribing at %d", log.Unsubscribed, log.Subscribed)
	case log.Subscribed > s.maxFrames() || log.Unsubscribed > s.maxFrames():
		return "", fmt.Errorf("streamtest: RenderSubscription: frame beyond the longest timeline, %v", maxSpan)
	}
	w := &marbleWriter{frameDur: s.frameDur}
	w.gap(log.Subscribed)
	switch log.Unsubscribed {
	case StillSubscribed:
		w.write("^")
	case log.Subscribed:
		w.write("(^!)")
	default:
		w.write("^")
		w.gap(log.Unsubscribed - log.Subscribed - 1)
		w.write("!")
	}
	return w.String(), nil
}

// marbleWriter builds a diagram.
type marbleWriter struct {
	b        strings.Builder
	cols     int // runes written
	frameDur time.Duration
}

func (w *marbleWriter) write(s string) {
	w.b.WriteString(s)
	w.cols += utf8.RuneCountInString(s)
}

func (w *marbleWriter) String() string { return w.b.String() }

// gap writes n frames without events: dashes, or for a long gap a time
// progression. Inside a diagram the progression follows a dash, so that
// values written before it are never read as part of it ("1s 10ms "
// would be).
func (w *marbleWriter) gap(n int) {
	if n <= dashLimit {
		w.write(strings.Repeat("-", max(n, 0)))
		return
	}
	if w.b.Len() == 0 {
		w.write(formatFrames(n, w.frameDur) + " ")
		return
	}
	w.write("- " + formatFrames(n-1, w.frameDur) + " ")
}

// cell writes the events of one frame and returns how many frames that
// takes: one for a single event, or one per character of the group.
func (w *marbleWriter) cell(syms []string) int {
	if len(syms) == 1 {
		w.write(syms[0])
		return 1
	}
	w.write("(" + strings.Join(syms, "") + ")")
	return len(syms) + 2
}

func formatFrames(n int, frameDur time.Duration) string {
	return (time.Duration(n) * frameDur).String()
}
