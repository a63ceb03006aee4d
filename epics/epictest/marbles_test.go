package epictest_test

import (
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/epics/epictest"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// searchValues name the actions of searchAsYouTypeEpic (see the
// examples).
var searchValues = map[string]any{
	"a": Query{"a"}, "b": Query{"b"}, "c": Clear{},
	"A": Hits{"a"}, "B": Hits{"b"},
}

func TestPlaySwitchesAndCancels(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		actions := h.Hot("-a-b-----a-c---a---", searchValues)
		out := epictest.Play(h, searchAsYouTypeEpic, actions, epictest.Deps(Backend{h.Frames(3)}))
		h.Expect(out).ToBe("------B-----------A", searchValues)
	})
}

func TestPlayCompletesWithActions(t *testing.T) {
	streamtest.Run(t, func(h *streamtest.H) {
		actions := h.Hot("-a--|", searchValues)
		delayed := func(actions rxgo.Observable, _ *epics.StateObservable[int], b Backend) rxgo.Observable {
			return streams.Pipe(actions, streams.Delay(b.Latency))
		}
		h.Expect(epictest.Play(h, delayed, actions, epictest.Deps(Backend{h.Frames(5)}))).ToBe("------(a|)", searchValues)
		h.ExpectSubscriptions(actions).ToBe("^---!")
	})
}

// seenEpic answers each Ping with the state it saw.
func seenEpic(actions rxgo.Observable, states *epics.StateObservable[int], _ struct{}) rxgo.Observable {
	return streams.Pipe(actions, epics.OfType[Ping](), streams.Map(func(Ping) any { return Pong{Seen: states.Value()} }))
}

func TestPlayStatesFromMarbles(t *testing.T) {
	values := map[string]any{"p": Ping{}, "x": 1, "y": 2, "0": Pong{Seen: 0}, "1": Pong{Seen: 1}, "2": Pong{Seen: 2}}
	streamtest.Run(t, func(h *streamtest.H) {
		states := h.Hot("---x---y--", values)
		actions := h.Hot("-p---p---p", values)
		out := epictest.Play(h, seenEpic, actions, epictest.States(states))
		h.Expect(out).ToBe("-0---1---2", values)
	})
}

func TestPlayStatesFollowTheReducer(t *testing.T) {
	countPings := func(n int, action any) int {
		if _, ok := action.(Ping); ok {
			return n + 1
		}
		return n
	}
	values := map[string]any{"p": Ping{}, "s": "other", "1": Pong{Seen: 11}, "2": Pong{Seen: 12}}
	t.Run("over hot actions", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			actions := h.Hot("-p-s-p", values)
			out := epictest.Play(h, seenEpic, actions, epictest.State(10), epictest.Reducer(countPings))
			h.Expect(out).ToBe("-1---2", values, nil)
			// state$ follows action$ with a subscription of its own.
			h.ExpectSubscriptions(actions).ToBe("^", "^")
		})
	})
	t.Run("over shared actions", func(t *testing.T) {
		// One emission reaches the reducer's subscription and the epic's
		// in one call: the epic still sees the state after the action.
		streamtest.Run(t, func(h *streamtest.H) {
			actions := streams.Pipe(h.Hot("-p-s-p", values), streams.Share())
			out := epictest.Play(h, seenEpic, actions, epictest.State(10), epictest.Reducer(countPings))
			h.Expect(out).ToBe("-1---2", values, nil)
		})
	})
}

func TestPlayStateOfAnotherTypeFailsStates(t *testing.T) {
	mirror := func(_ rxgo.Observable, states *epics.StateObservable[int], _ struct{}) rxgo.Observable { return states }
	streamtest.Run(t, func(h *streamtest.H) {
		states := h.Hot("--x", map[string]any{"x": "not an int"})
		out := epictest.Play(h, mirror, streams.Never(), epictest.States(states))
		h.Expect(out).ToBe("0-#", map[string]any{"0": 0},
			&streams.TypeError{Op: "Map", Got: reflect.TypeOf(""), Want: reflect.TypeOf(0)})
	})
}

func TestPlayReportsAMismatchAtTheTestsLine(t *testing.T) {
	if os.Getenv("EPICTEST_MISMATCH") == "1" {
		streamtest.Run(t, func(h *streamtest.H) {
			actions := h.Hot("-a-b", searchValues)
			out := epictest.Play(h, searchAsYouTypeEpic, actions, epictest.Deps(Backend{h.Frames(3)}))
			h.Expect(out).ToBe("----A", searchValues) // mismatch line
		})
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPlayReportsAMismatchAtTheTestsLine$", "-test.count=1")
	cmd.Env = append(os.Environ(), "EPICTEST_MISMATCH=1")
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "the mismatch fails the test")
	report := string(out)
	line := lineOf(t, "// mismatch line")
	assert.Contains(t, report, "marbles_test.go:"+line+": streamtest: Expect at marbles_test.go:")
	assert.Contains(t, report, "expected: ----A\n")
	assert.Contains(t, report, "actual:   ------B\n")
}

// lineOf returns the number of the line of this file that ends with
// mark.
func lineOf(t *testing.T, mark string) string {
	src, err := os.ReadFile("marbles_test.go")
	require.NoError(t, err)
	for i, l := range strings.Split(string(src), "\n") {
		if strings.HasSuffix(l, mark) {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("no line ends with %q", mark)
	return ""
}
