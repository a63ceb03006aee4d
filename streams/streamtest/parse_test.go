package streamtest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errBoom = errors.New("boom")

func next(frame int, v any) streamtest.Event {
	return streamtest.Event{Frame: frame, Kind: streamtest.Next, Value: v}
}

func complete(frame int) streamtest.Event {
	return streamtest.Event{Frame: frame, Kind: streamtest.Complete}
}

func fail(frame int, err error) streamtest.Event {
	return streamtest.Event{Frame: frame, Kind: streamtest.Error, Err: err}
}

func TestParse(t *testing.T) {
	cases := []struct {
		name    string
		marbles string
		values  map[string]any
		opts    []streamtest.ParseOption
		want    []streamtest.Event
	}{
		{name: "empty", marbles: "", want: nil},
		{name: "values and completion", marbles: "-a-b|", want: []streamtest.Event{next(1, "a"), next(3, "b"), complete(4)}},
		{name: "spaces are ignored", marbles: "  -a  -b\t|", want: []streamtest.Event{next(1, "a"), next(3, "b"), complete(4)}},
		{name: "error is ErrMarble", marbles: "--#", want: []streamtest.Event{fail(2, streamtest.ErrMarble)}},
		{name: "error given", marbles: "--#", opts: []streamtest.ParseOption{streamtest.ErrorValue(errBoom)}, want: []streamtest.Event{fail(2, errBoom)}},
		{name: "values map", marbles: "a-b|", values: map[string]any{"a": 1, "b": []int{2}}, want: []streamtest.Event{next(0, 1), next(2, []int{2}), complete(3)}},
		{name: "group shares a frame", marbles: "(ab|)", want: []streamtest.Event{next(0, "a"), next(0, "b"), complete(0)}},
		{name: "group takes a frame per character", marbles: "-(ab)-c", want: []streamtest.Event{next(1, "a"), next(1, "b"), next(6, "c")}},
		{name: "digits and letters", marbles: "1-é-Z", want: []streamtest.Event{next(0, "1"), next(2, "é"), next(4, "Z")}},
		{name: "digits after a space without a unit are values", marbles: "a 12 b", want: []streamtest.Event{next(0, "a"), next(1, "1"), next(2, "2"), next(3, "b")}},
		{name: "time progression", marbles: "a 10ms b", want: []streamtest.Event{next(0, "a"), next(11, "b")}},
		{name: "time progression first", marbles: "10ms a", want: []streamtest.Event{next(10, "a")}},
		{name: "fractional time progression", marbles: "a 1.5s b|", want: []streamtest.Event{next(0, "a"), next(1501, "b"), complete(1502)}},
		{name: "compound time progression", marbles: "1m30s a", want: []streamtest.Event{next(90000, "a")}},
		{name: "microseconds with a shorter frame", marbles: "a 300us b", opts: []streamtest.ParseOption{streamtest.FrameDuration(100 * time.Microsecond)}, want: []streamtest.Event{next(0, "a"), next(4, "b")}},
		{name: "longer frame", marbles: "-a 1s b", opts: []streamtest.ParseOption{streamtest.FrameDuration(10 * time.Millisecond)}, want: []streamtest.Event{next(1, "a"), next(102, "b")}},
		// As in RxJS, a progression needs a space after it; otherwise its
		// characters are values.
		{name: "progression without a space is values", marbles: "a 1s|", want: []streamtest.Event{next(0, "a"), next(1, "1"), next(2, "s"), complete(3)}},
		{name: "progression not after a space is values", marbles: "a1s b", want: []streamtest.Event{next(0, "a"), next(1, "1"), next(2, "s"), next(3, "b")}},
		{name: "hot frame 0 at caret", marbles: "-a^b|", opts: hot(), want: []streamtest.Event{next(-1, "a"), next(1, "b"), complete(2)}},
		{name: "hot without caret", marbles: "a-b", opts: hot(), want: []streamtest.Event{next(0, "a"), next(2, "b")}},
		{name: "hot ended before caret", marbles: "a|^", opts: hot(), want: []streamtest.Event{next(-2, "a"), complete(-1)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := streamtest.Parse(c.marbles, c.values, c.opts...)
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
		})
	}
}

func hot() []streamtest.ParseOption { return []streamtest.ParseOption{streamtest.HotMarbles()} }

func TestParseErrors(t *testing.T) {
	values := map[string]any{"a": 1, "b": 2}
	cases := []struct {
		marbles string
		values  map[string]any
		opts    []streamtest.ParseOption
		column  int
		problem string
	}{
		{marbles: "-a-(b", column: 4, problem: "unclosed group"},
		{marbles: "-a-b)", column: 5, problem: "')' without a matching '('"},
		{marbles: "(a(b))", column: 3, problem: "nested group: the group opened at column 1 is not closed"},
		{marbles: "-()", column: 2, problem: "empty group"},
		{marbles: "(a-b)", column: 3, problem: "'-' inside a group"},
		{marbles: "-a-x|", values: values, column: 4, problem: `no value for "x" in the values map`},
		{marbles: "-a-|-|", column: 6, problem: `second terminal event '|': the stream already ended at column 4`},
		{marbles: "-#-#", column: 4, problem: `second terminal event '#': the stream already ended at column 2`},
		{marbles: "(a|#)", column: 4, problem: `second terminal event '#'`},
		{marbles: "-|a", column: 3, problem: `value 'a' after the stream ended at column 2`},
		{marbles: "-^-a", column: 2, problem: "'^' marks the subscription point of a hot stream and is not allowed here"},
		{marbles: "^-^", opts: hot(), column: 3, problem: "second '^' (the first is at column 1)"},
		{marbles: "(^a)", opts: hot(), column: 2, problem: "'^' inside a group"},
		{marbles: "-a-!", column: 4, problem: "'!' marks an unsubscription and belongs only in subscription marbles"},
		{marbles: "a*b", column: 2, problem: "unexpected character '*'"},
		{marbles: "a 1.5x b", column: 3, problem: `bad time progression "1.5x"`},
		{marbles: "a 1.5 b", column: 3, problem: `bad time progression "1.5"`},
		{marbles: "a 1.5s|", column: 3, problem: `time progression "1.5s" must be followed by a space`},
		{marbles: "a 1500us b", column: 3, problem: `time progression "1500us" is not a whole number of 1ms frames`},
		{marbles: "a 10ms|", values: values, column: 3, problem: `no value for "1" in the values map (a time progression such as "10ms" must be followed by a space)`},
		{marbles: "(a 10ms b)", column: 4, problem: "time progression inside a group"},
		{marbles: "a 999999h b", column: 3, problem: "the timeline is longer than"},
		{marbles: "éé(", column: 3, problem: "unclosed group"},
	}
	for _, c := range cases {
		t.Run(c.marbles, func(t *testing.T) {
			_, err := streamtest.Parse(c.marbles, c.values, c.opts...)
			var se *streamtest.SyntaxError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, c.marbles, se.Marbles)
			assert.Equal(t, c.column, se.Column)
			assert.Contains(t, se.Problem, c.problem)
			assert.Contains(t, err.Error(), c.problem)
		})
	}
}

func TestSyntaxErrorMessage(t *testing.T) {
	_, err := streamtest.Parse("-a-(b", nil)
	assert.EqualError(t, err, `streamtest: marbles "-a-(b", column 4: unclosed group`)
	_, err = streamtest.ParseSubscription("---!")
	assert.EqualError(t, err, `streamtest: marbles "---!": no '^' marking when the subscription was made`)
}

func TestParseSubscription(t *testing.T) {
	cases := []struct {
		marbles string
		want    streamtest.SubscriptionLog
	}{
		{"^---!", streamtest.SubscriptionLog{Subscribed: 0, Unsubscribed: 4}},
		{"--^", streamtest.SubscriptionLog{Subscribed: 2, Unsubscribed: streamtest.StillSubscribed}},
		{"^!", streamtest.SubscriptionLog{Subscribed: 0, Unsubscribed: 1}},
		{"(^!)", streamtest.SubscriptionLog{Subscribed: 0, Unsubscribed: 0}},
		{"-(^!)", streamtest.SubscriptionLog{Subscribed: 1, Unsubscribed: 1}},
		{"  ^ 10ms !", streamtest.SubscriptionLog{Subscribed: 0, Unsubscribed: 11}},
		{"1s ^-!--", streamtest.SubscriptionLog{Subscribed: 1000, Unsubscribed: 1002}},
	}
	for _, c := range cases {
		t.Run(c.marbles, func(t *testing.T) {
			got, err := streamtest.ParseSubscription(c.marbles)
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
		})
	}
}

func TestParseSubscriptionErrors(t *testing.T) {
	cases := []struct {
		marbles string
		column  int
		problem string
	}{
		{"---!", 0, "no '^'"},
		{"", 0, "no '^'"},
		{"^-^", 3, "second '^' (the first is at column 1)"},
		{"^!!", 3, "second '!' (the first is at column 2)"},
		{"!^", 2, "'^' after the unsubscription '!' at column 1"},
		{"^-a", 3, `unexpected 'a': subscription marbles hold only '-', '^', '!', groups and time progressions`},
		{"^ 10ms!", 3, `(a time progression such as "10ms" must be followed by a space)`},
		{"^ 1.5 !", 3, `bad time progression "1.5"`},
		{"(^", 1, "unclosed group"},
		{"^)", 2, "')' without a matching '('"},
		{"()^", 1, "empty group"},
		{"((^))", 2, "nested group"},
		{"(^-!)", 3, "'-' inside a group"},
		{"(^ 1ms !)", 4, "time progression inside a group"},
	}
	for _, c := range cases {
		t.Run(c.marbles, func(t *testing.T) {
			_, err := streamtest.ParseSubscription(c.marbles)
			var se *streamtest.SyntaxError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, c.column, se.Column)
			assert.Contains(t, se.Problem, c.problem)
		})
	}
}

func TestRender(t *testing.T) {
	cases := []struct {
		name   string
		events []streamtest.Event
		values map[string]any
		opts   []streamtest.ParseOption
		want   string
	}{
		{name: "nothing", want: ""},
		{name: "values", events: []streamtest.Event{next(1, "a"), next(3, "b"), complete(4)}, want: "-a-b|"},
		{name: "named values", events: []streamtest.Event{next(0, 1), fail(2, errBoom)}, values: map[string]any{"x": 1}, opts: []streamtest.ParseOption{streamtest.ErrorValue(errBoom)}, want: "x-#"},
		{name: "first key of equal values", events: []streamtest.Event{next(0, 1)}, values: map[string]any{"y": 1, "x": 1}, want: "x"},
		{name: "group", events: []streamtest.Event{next(1, "a"), next(1, "b"), next(6, "c")}, want: "-(ab)-c"},
		{name: "group right after group", events: []streamtest.Event{next(0, "a"), next(0, "b"), complete(4)}, want: "(ab)|"},
		{name: "long gap", events: []streamtest.Event{next(0, "a"), next(100, "b")}, want: "a- 98ms b"},
		{name: "long gap first", events: []streamtest.Event{next(100, "a")}, want: "100ms a"},
		{name: "long gap with a longer frame", events: []streamtest.Event{next(0, "a"), next(200, "b")}, opts: []streamtest.ParseOption{streamtest.FrameDuration(10 * time.Millisecond)}, want: "a- 1.98s b"},
		{name: "hot", events: []streamtest.Event{next(-2, "a"), next(2, "b")}, opts: hot(), want: "a-^-b"},
		{name: "hot ended before frame 0", events: []streamtest.Event{next(-2, "a"), complete(-1)}, opts: hot(), want: "a|^"},
		{name: "hot without events before frame 0", events: []streamtest.Event{next(0, "a")}, opts: hot(), want: "a"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := streamtest.Render(c.events, c.values, c.opts...)
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
			back, err := streamtest.Parse(got, c.values, c.opts...)
			require.NoError(t, err)
			assertSameEvents(t, c.events, back)
		})
	}
}

func TestRenderErrors(t *testing.T) {
	cases := []struct {
		name    string
		events  []streamtest.Event
		values  map[string]any
		opts    []streamtest.ParseOption
		problem string
	}{
		{name: "no kind", events: []streamtest.Event{{Frame: 1}}, problem: "event 0 has no kind"},
		{name: "out of order", events: []streamtest.Event{next(3, "a"), next(1, "b")}, problem: "event 1 at frame 1 comes after one at frame 3"},
		{name: "after the end", events: []streamtest.Event{complete(1), next(2, "b")}, problem: "event 1 comes after the stream ended"},
		{name: "before frame 0 in cold", events: []streamtest.Event{next(-1, "a")}, problem: "before frame 0"},
		{name: "no name without a map", events: []streamtest.Event{next(0, 42)}, problem: "value 42 at frame 0 is not a one-letter or one-digit string"},
		{name: "no key in the map", events: []streamtest.Event{next(0, 42)}, values: map[string]any{"a": 1}, problem: "value 42 at frame 0 has no key in the values map"},
		{name: "inside a group", events: []streamtest.Event{next(0, "a"), next(0, "b"), next(2, "c")}, problem: "the events at frame 2 fall inside the frames taken by the group before them"},
		{name: "frame 0 with caret", events: []streamtest.Event{next(-1, "a"), next(0, "b")}, opts: hot(), problem: "frame 0 must be free for '^'"},
		{name: "group over caret", events: []streamtest.Event{next(-2, "a"), next(-2, "b")}, opts: hot(), problem: "frame 0 must be free for '^'"},
		{name: "too far", events: []streamtest.Event{next(1<<62, "a")}, problem: "beyond the longest timeline"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := streamtest.Render(c.events, c.values, c.opts...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.problem)
		})
	}
}

func TestRenderSubscription(t *testing.T) {
	cases := []struct {
		log  streamtest.SubscriptionLog
		want string
	}{
		{streamtest.SubscriptionLog{Subscribed: 0, Unsubscribed: 4}, "^---!"},
		{streamtest.SubscriptionLog{Subscribed: 2, Unsubscribed: streamtest.StillSubscribed}, "--^"},
		{streamtest.SubscriptionLog{Subscribed: 1, Unsubscribed: 1}, "-(^!)"},
		{streamtest.SubscriptionLog{Subscribed: 0, Unsubscribed: 1}, "^!"},
		{streamtest.SubscriptionLog{Subscribed: 50, Unsubscribed: 2050}, "50ms ^- 1.998s !"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			got, err := streamtest.RenderSubscription(c.log)
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
			back, err := streamtest.ParseSubscription(got)
			require.NoError(t, err)
			assert.Equal(t, c.log, back)
		})
	}
	for _, bad := range []streamtest.SubscriptionLog{{Subscribed: -1}, {Subscribed: 3, Unsubscribed: 2}, {Subscribed: 1 << 62}} {
		_, err := streamtest.RenderSubscription(bad)
		assert.Error(t, err, "%+v", bad)
	}
}

// assertSameEvents compares timelines as the harness does: errors by
// errors.Is.
func assertSameEvents(t *testing.T, want, got []streamtest.Event) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("got %d events %v, want %d %v", len(got), got, len(want), want)
	}
	for i := range want {
		w, g := want[i], got[i]
		if w.Frame != g.Frame || w.Kind != g.Kind || !assert.ObjectsAreEqual(w.Value, g.Value) ||
			(w.Kind == streamtest.Error && !errors.Is(g.Err, w.Err)) {
			t.Fatalf("event %d: got %+v, want %+v", i, g, w)
		}
	}
}

func TestKindString(t *testing.T) {
	var names []string
	for _, k := range []streamtest.Kind{streamtest.Next, streamtest.Error, streamtest.Complete, 0} {
		names = append(names, k.String())
	}
	assert.Equal(t, "next error complete Kind(0)", strings.Join(names, " "))
}
