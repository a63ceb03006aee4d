package streamtest_test

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/rxepic/rxepic/streams/streamtest"
)

// fuzzValues names five values, all different, so that rendering by key
// is unambiguous.
var fuzzValues = map[string]any{"a": 1, "b": "two", "c": 3.0, "d": []int{4}, "e": struct{ N int }{5}}

// FuzzParse checks that Parse never panics or hangs, that what it rejects
// is a *SyntaxError pointing inside the diagram, and that what it accepts
// renders to a diagram that reads back into the same events and renders
// the same again.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{"-a-b|", "(ab|)", "a 10ms b", "-a^b|", "a 1s|", "(a(b))"} {
		f.Add(seed, false, false)
	}
	f.Fuzz(func(t *testing.T, marbles string, hot, named bool) {
		var opts []streamtest.ParseOption
		if hot {
			opts = append(opts, streamtest.HotMarbles())
		}
		var values map[string]any
		if named {
			values = fuzzValues
		}
		events, err := streamtest.Parse(marbles, values, opts...)
		if err != nil {
			checkSyntaxError(t, marbles, err)
			return
		}
		rendered, err := streamtest.Render(events, values, opts...)
		if err != nil {
			t.Fatalf("Parse(%q) = %v, which does not render: %v", marbles, events, err)
		}
		back, err := streamtest.Parse(rendered, values, opts...)
		if err != nil {
			t.Fatalf("Parse(%q) renders as %q, which does not parse: %v", marbles, rendered, err)
		}
		assertSameEvents(t, events, back)
		if again, err := streamtest.Render(back, values, opts...); err != nil || again != rendered {
			t.Fatalf("%q renders as %q, then as %q (%v)", marbles, rendered, again, err)
		}
	})
}

// FuzzParseSubscription is FuzzParse for subscription marbles.
func FuzzParseSubscription(f *testing.F) {
	for _, seed := range []string{"^---!", "--^", "(^!)", "^ 10ms !", "!^"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, marbles string) {
		log, err := streamtest.ParseSubscription(marbles)
		if err != nil {
			checkSyntaxError(t, marbles, err)
			return
		}
		rendered, err := streamtest.RenderSubscription(log)
		if err != nil {
			t.Fatalf("ParseSubscription(%q) = %+v, which does not render: %v", marbles, log, err)
		}
		back, err := streamtest.ParseSubscription(rendered)
		if err != nil || back != log {
			t.Fatalf("%q reads as %+v, renders as %q, reads back as %+v (%v)", marbles, log, rendered, back, err)
		}
	})
}

func checkSyntaxError(t *testing.T, marbles string, err error) {
	t.Helper()
	var se *streamtest.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("%q: error %v is not a *SyntaxError", marbles, err)
	}
	if se.Marbles != marbles || se.Column < 0 || se.Column > utf8.RuneCountInString(marbles) || se.Problem == "" {
		t.Fatalf("%q: bad SyntaxError %+v", marbles, se)
	}
}
