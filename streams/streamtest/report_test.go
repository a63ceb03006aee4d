package streamtest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
)

// recorder is a testing.TB that keeps the failures reported to it instead
// of failing the test, so that the harness's own failures can be checked.
// Fatalf stops the function it is called from, as it would stop a test.
type recorder struct {
	testing.TB
	mu       sync.Mutex
	failures []string
	places   []string // where Output reports, one per failure it reported
}

// stopped is what recorder.Fatalf panics with.
type stopped struct{}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

// Output records what the harness reports at a line of the test: the
// place in places, the message in failures.
func (r *recorder) Output() io.Writer { return recordedOutput{r} }

func (r *recorder) Fail() {}

type recordedOutput struct{ r *recorder }

func (o recordedOutput) Write(p []byte) (int, error) {
	place, msg, _ := strings.Cut(strings.TrimSuffix(string(p), "\n"), ": ")
	o.r.mu.Lock()
	defer o.r.mu.Unlock()
	o.r.places = append(o.r.places, place)
	o.r.failures = append(o.r.failures, msg)
	return len(p), nil
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	panic(stopped{})
}

// runRecorded runs f as Run does and returns the failures it reported.
func runRecorded(t *testing.T, f func(h *H), opts ...Option) []string {
	t.Helper()
	rec := &recorder{}
	synctest.Test(t, func(t *testing.T) {
		rec.TB = t
		h := newH(rec, opts...)
		if !stops(func() { f(h) }) {
			stops(h.Flush)
		}
	})
	return rec.failures
}

// stops runs f and reports whether a recorder's Fatalf stopped it.
func stops(f func()) (stop bool) {
	defer func() {
		if p := recover(); p != nil {
			if _, ok := p.(stopped); !ok {
				panic(p)
			}
			stop = true
		}
	}()
	f()
	return false
}

// at names the line of report_test.go that ends with the comment
// "// @marker", as the harness names the places it reports.
func at(marker string) string {
	src, err := os.ReadFile("report_test.go")
	if err != nil {
		panic(err)
	}
	for i, line := range strings.Split(string(src), "\n") {
		if strings.HasSuffix(line, "// @"+marker) {
			return fmt.Sprintf("report_test.go:%d", i+1)
		}
	}
	panic("no line marked @" + marker)
}

// lines turns a message written one line per argument into a string.
func lines(l ...string) string { return strings.Join(l, "\n") }

// A mismatch is reported at the line of the test that stated the
// timeline, not at a line of the harness.
func TestMismatchReportedAtTheTestsLine(t *testing.T) {
	rec := &recorder{}
	synctest.Test(t, func(t *testing.T) {
		rec.TB = t
		h := newH(rec)
		src := h.Cold("-a|", nil)
		e := h.Expect(src)
		e.ToBe("-b|", nil)                         // @tobe
		h.ExpectSubscriptions(src).ToBe("^-----!") // @tobesubs
		h.Flush()
	})
	assert.Equal(t, []string{at("tobe"), at("tobesubs")}, rec.places)
}

func TestMismatchMessage(t *testing.T) {
	failures := runRecorded(t, func(h *H) {
		h.Expect(h.Hot("--a--b--c--|", nil)).ToBe("--a--b|", nil) // @simple
	})
	assert.Equal(t, []string{lines(
		"streamtest: Expect at "+at("simple")+": the stream's timeline differs at frame 6",
		"  expected: --a--b|",
		"  actual:   --a--b--c--|",
		"                  ^ frame 6: expected complete, got nothing",
	)}, failures)
}

func TestMismatchMessageExtraEvent(t *testing.T) {
	failures := runRecorded(t, func(h *H) {
		h.Expect(h.Cold("-a-(bc|)", nil)).ToBe("-a-(b|)", nil) // @extra
	})
	assert.Equal(t, []string{lines(
		"streamtest: Expect at "+at("extra")+": the stream's timeline differs at frame 3",
		"  expected: -a-(b|)",
		"  actual:   -a-(bc|)",
		`               ^ frame 3: expected (b|), got (bc|) (event 2 of the frame: expected complete, got next "c")`,
	)}, failures)
}

func TestMismatchMessageNamesUnknownValues(t *testing.T) {
	values := map[string]any{"a": 1, "b": 2}
	failures := runRecorded(t, func(h *H) {
		src := h.Cold("-a-b-|", values)
		doubled := streams.Pipe(src, streams.Map(func(v int) int { return 2 * v }))
		h.Expect(doubled).ToBe("-b-b-|", values) // @unknown
	})
	assert.Equal(t, []string{lines(
		"streamtest: Expect at "+at("unknown")+": the stream's timeline differs at frame 3",
		"  expected: -b-b-|",
		"  actual:   -b-A-|",
		"               ^ frame 3: expected next b = 2, got next A = 4",
		"  A = 4 (a value the values map has no key for)",
	)}, failures)
}

func TestMismatchMessageErrors(t *testing.T) {
	boom := errors.New("boom")
	failures := runRecorded(t, func(h *H) {
		h.Expect(h.Cold("---#", nil, boom)).ToBe("---#", nil) // @errors
	})
	assert.Equal(t, []string{lines(
		"streamtest: Expect at "+at("errors")+": the stream's timeline differs at frame 3",
		"  expected: ---#",
		"  actual:   ---#",
		`               ^ frame 3: expected error "streamtest: error", got error "boom"`,
	)}, failures)
}

func TestMismatchMessageLongGapsLineUp(t *testing.T) {
	failures := runRecorded(t, func(h *H) {
		h.Expect(h.Cold("a 1s b 10ms c|", nil)).ToBe("a 1s b 10ms d|", nil) // @long
	})
	assert.Equal(t, []string{lines(
		"streamtest: Expect at "+at("long")+": the stream's timeline differs at frame 1012",
		"  expected: a- 999ms b----------d|",
		"  actual:   a- 999ms b----------c|",
		`                                ^ frame 1012: expected next "d", got next "c"`,
	)}, failures)
}

func TestMismatchMessageNotToScale(t *testing.T) {
	failures := runRecorded(t, func(h *H) {
		src := h.Hot("-a-b|", nil)
		h.Expect(streams.Merge(src, src)).ToBe("-a-b|", nil) // @skewed
	})
	assert.Equal(t, []string{lines(
		"streamtest: Expect at "+at("skewed")+": the stream's timeline differs at frame 1",
		"  expected: -a-b|",
		"  actual:   -(aa)(bb)|",
		`             ^ frame 1: expected next "a", got (aa) (event 2 of the frame: expected nothing, got next "a")`,
		"  (not to scale: the actual events come closer together than their groups take frames)",
	)}, failures)
}

func TestSubscriptionsMismatchMessage(t *testing.T) {
	failures := runRecorded(t, func(h *H) {
		src := h.Cold("--a--|", nil) // @declared
		h.Expect(src).ToBe("--a--|", nil)
		h.Expect(src, "---^").ToBe("-----a--|", nil)
		h.ExpectSubscriptions(src).ToBe("^----!") // @subs
	})
	assert.Equal(t, []string{lines(
		"streamtest: ExpectSubscriptions at "+at("subs")+": the subscriptions to the source declared at "+at("declared")+" differ",
		"  expected: ^----!",
		"  actual:   ^----!",
		"            ---^----!",
	)}, failures)
}

func TestSubscriptionsNone(t *testing.T) {
	failures := runRecorded(t, func(h *H) {
		src := h.Cold("--a--|", nil)            // @unused
		h.ExpectSubscriptions(src).ToBe("^--!") // @none
	})
	assert.Equal(t, []string{lines(
		"streamtest: ExpectSubscriptions at "+at("none")+": the subscriptions to the source declared at "+at("unused")+" differ",
		"  expected: ^--!",
		"  actual:   (none)",
	)}, failures)
}

func TestMissingToBe(t *testing.T) {
	failures := runRecorded(t, func(h *H) {
		src := h.Cold("-a|", nil)
		h.Expect(src)              // @noToBe
		h.ExpectSubscriptions(src) // @noSubsToBe
	})
	assert.Equal(t, []string{
		"streamtest: Expect at " + at("noToBe") + ": no ToBe states the timeline it expects",
		"streamtest: ExpectSubscriptions at " + at("noSubsToBe") + ": no ToBe states the subscriptions it expects",
	}, failures)
}

func TestBadMarblesStopTheTest(t *testing.T) {
	cases := []struct {
		name string
		f    func(h *H)
		want string
	}{
		{
			name: "unclosed group",
			f:    func(h *H) { h.Hot("-a-(b", nil) }, // @unclosed
			want: lines(
				"streamtest: Hot at "+at("unclosed")+`: streamtest: marbles "-a-(b", column 4: unclosed group`,
				"    -a-(b",
				"       ^",
			),
		},
		{
			name: "caret in cold",
			f:    func(h *H) { h.Cold("--^-a|", nil) }, // @caret
			want: lines(
				"streamtest: Cold at "+at("caret")+`: streamtest: marbles "--^-a|", column 3: '^' marks the subscription point of a hot stream and is not allowed here`,
				"    --^-a|",
				"      ^",
			),
		},
		{
			name: "unknown value",
			f:    func(h *H) { h.Expect(h.Cold("-a|", nil)).ToBe("-x|", map[string]any{"a": 1}) }, // @key
			want: lines(
				"streamtest: ToBe at "+at("key")+`: streamtest: marbles "-x|", column 2: no value for "x" in the values map`,
				"    -x|",
				"     ^",
			),
		},
		{
			name: "two terminal events",
			f:    func(h *H) { h.Expect(h.Cold("-a|", nil)).ToBe("-a|#", nil) }, // @terminal
			want: lines(
				"streamtest: ToBe at "+at("terminal")+`: streamtest: marbles "-a|#", column 4: second terminal event '#': the stream already ended at column 3`,
				"    -a|#",
				"       ^",
			),
		},
		{
			name: "unsubscription marbles",
			f:    func(h *H) { h.Expect(h.Cold("-a|", nil), "^-^") }, // @unsub
			want: lines(
				"streamtest: Expect at "+at("unsub")+`: streamtest: marbles "^-^", column 3: second '^' (the first is at column 1)`,
				"    ^-^",
				"      ^",
			),
		},
		{
			name: "subscription marbles without caret",
			f:    func(h *H) { h.ExpectSubscriptions(h.Cold("-a|", nil)).ToBe("--!") }, // @nocaret
			want: "streamtest: ToBe at " + at("nocaret") + `: streamtest: marbles "--!": no '^' marking when the subscription was made`,
		},
		{
			name: "bang in values",
			f:    func(h *H) { h.Hot("-a-!", nil) }, // @bang
			want: lines(
				"streamtest: Hot at "+at("bang")+`: streamtest: marbles "-a-!", column 4: '!' marks an unsubscription and belongs only in subscription marbles`,
				"    -a-!",
				"       ^",
			),
		},
		{
			name: "bad time progression",
			f:    func(h *H) { h.Cold("a 1.5s|", nil) }, // @progression
			want: lines(
				"streamtest: Cold at "+at("progression")+`: streamtest: marbles "a 1.5s|", column 3: time progression "1.5s" must be followed by a space`,
				"    a 1.5s|",
				"      ^",
			),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, []string{c.want}, runRecorded(t, c.f))
		})
	}
}

func TestMisuseStopsTheTest(t *testing.T) {
	cases := []struct {
		name string
		f    func(h *H)
		want string
	}{
		{
			name: "nil observable",
			f:    func(h *H) { h.Expect(nil) }, // @nil
			want: "streamtest: Expect at " + at("nil") + ": nil observable",
		},
		{
			name: "two subscription diagrams",
			f:    func(h *H) { h.Expect(h.Cold("a", nil), "^", "^") }, // @twoSubs
			want: "streamtest: Expect at " + at("twoSubs") + ": 2 subscription diagrams; one stream has one subscription",
		},
		{
			name: "two errors",
			f:    func(h *H) { h.Hot("#", nil, errors.New("a"), errors.New("b")) }, // @twoErrors
			want: "streamtest: Hot at " + at("twoErrors") + ": 2 errors given; '#' stands for one",
		},
		{
			name: "ToBe twice",
			f: func(h *H) {
				e := h.Expect(h.Cold("a", nil)) // @expectOnce
				e.ToBe("a", nil)
				e.ToBe("a", nil) // @toBeTwice
			},
			want: "streamtest: ToBe at " + at("toBeTwice") + ": the timeline of the Expect at " + at("expectOnce") + " is already stated",
		},
		{
			name: "subscriptions ToBe twice",
			f: func(h *H) {
				x := h.ExpectSubscriptions(h.Cold("a", nil)) // @subsOnce
				x.ToBe()
				x.ToBe() // @subsTwice
			},
			want: "streamtest: ToBe at " + at("subsTwice") + ": the subscriptions of the ExpectSubscriptions at " + at("subsOnce") + " are already stated",
		},
		{
			name: "source of another test",
			f: func(h *H) {
				other := newH(h.TB)
				h.ExpectSubscriptions(other.Cold("a", nil)) // @foreign
			},
			want: "streamtest: ExpectSubscriptions at " + at("foreign") + ": the source was not made by this test's Hot or Cold",
		},
		{
			name: "after Flush",
			f: func(h *H) {
				h.Flush()
				h.Hot("a", nil) // @late
			},
			want: "streamtest: Hot at " + at("late") + ": called after Flush; declare everything before the timeline plays",
		},
		{
			name: "time moved",
			f:    func(h *H) { time.Sleep(h.Frames(2)) },
			want: "streamtest: virtual time moved 2ms before Flush; declare sources and expectations without waiting",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, []string{c.want}, runRecorded(t, c.f))
		})
	}
}

// An event past the tail is never seen; one inside it is, and fails.
func TestTail(t *testing.T) {
	failures := runRecorded(t, func(h *H) {
		h.Expect(h.Cold("-a 48ms b", nil)).ToBe("-a", nil)
	}, WithTail(50))
	assert.Len(t, failures, 1)

	failures = runRecorded(t, func(h *H) {
		h.Expect(h.Cold("-a 48ms b", nil)).ToBe("-a", nil)
	}, WithTail(48))
	assert.Empty(t, failures)
}

func TestOptionsPanicOnBadValues(t *testing.T) {
	assert.PanicsWithValue(t, "streamtest.WithFrame: frame duration 0s is not positive", func() { WithFrame(0) })
	assert.PanicsWithValue(t, "streamtest.FrameDuration: frame duration -1ns is not positive", func() { FrameDuration(-1) })
	assert.PanicsWithValue(t, "streamtest.WithTail: negative frame count -1", func() { WithTail(-1) })
}
