package streams_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/groupBy-spec.ts.
//
// How the cases are written here:
//   - Where upstream expects groups as values, the outer timeline carries
//     each group's key (a Map after GroupBy), and a groupRecorder, a Tap
//     before that Map, subscribes to each group as it is emitted and
//     records its timeline, which is checked after Flush: the cold
//     diagrams count from the frame the group was emitted, as RxJS's
//     TestScheduler counts an emitted observable's; phonyMarbelize's
//     diagrams and late expectObservable calls are absolute. A group
//     subscribed, or unsubscribed, with testScheduler.schedule is
//     subscribed or unsubscribed by a timer of the recorder at that frame.
//   - The element selector `val => val` is left out: it changes nothing.
//     group.pipe(skip(n)) is a Filter that lets values through from the
//     (n+1)-th on; ignoreElements() is a Filter that lets nothing through.
//   - A thrown string is a panic with an error of that text, which
//     errors.Is sees through the *PanicError.
//   - The synchronous cases collect each group through MergeMap, which
//     subscribes to it as it is emitted.
//
// Left out:
//   - "should group values with an element selector", "should group
//     values with a keySelector and elementSelector, but elementSelector
//     throws", "should allow using a keySelector, elementSelector, and
//     durationSelector", "... and durationSelector that throws", "should
//     allow using a durationSelector, but elementSelector throws" and
//     "should allow an inner to be unsubscribed early but other inners
//     continue, with durationSelector": GroupBy has no element selector (map
//     a group's Values instead), and each of these maps or throws in it.
//   - "should group values with a subject selector": GroupBy has no
//     connector; a group is always a plain Subject.
//   - "should return inner group that when subscribed late emits error()":
//     skipped upstream (it.skip).
//   - "should not break lift() composability": Go has no lift or
//     Observable subclasses.
func TestSpecGroupBy(t *testing.T) {
	values := map[string]any{
		"a": "  foo",
		"b": " FoO ",
		"c": "baR  ",
		"d": "foO ",
		"e": " Baz   ",
		"f": "  qux ",
		"g": "   bar",
		"h": " BAR  ",
		"i": "FOO ",
		"j": "baz  ",
		"k": " bAZ ",
		"l": "    fOo    ",
		// Upstream names no values 1 and 2: they come before '^', and are
		// never seen; streamtest wants every value named.
		"1": "1",
		"2": "2",
	}
	lowerTrim := func(v string) string { return strings.ToLower(strings.TrimSpace(v)) }
	keyNames := map[string]any{"w": "foo", "x": "bar", "y": "baz", "z": "qux"}
	errThrown := errors.New("error")

	t.Run("should group numbers by odd/even", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[int](h)
			e1 := h.Hot("  --1---2---3---4---5---|", nil)
			expected := "  --x---y---------------|"

			parity := func(v string) int { n, _ := strconv.Atoi(v); return n % 2 }
			h.Expect(streams.Pipe(e1, streams.GroupBy(parity), r.tap(), groupKeys[int]())).ToBe(expected, map[string]any{"x": 1, "y": 0})
			h.Flush()
			r.check([]wantGroup[int]{
				coldGroup(1, "1-------3-------5---|"),
				coldGroup(0, "2-------4-------|"),
			}, nil)
		})
	})

	t.Run("should group values", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1, 2, 3), streams.GroupBy(func(x int) int { return x % 2 }), collectGroups()))
		require.NoError(t, err)
		require.Equal(t, []any{keyedValues{1, ints(1, 3)}, keyedValues{0, ints(2)}}, got)
	})

	t.Run("should group values with a duration selector", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.Of(1, 2, 3, 4, 5, 6),
			streams.GroupBy(func(x int) int { return x % 2 }, streams.GroupDuration(skipGroup[int](1))),
			collectGroups(),
		))
		require.NoError(t, err)
		require.Equal(t, []any{
			keyedValues{1, ints(1, 3)},
			keyedValues{0, ints(2, 4)},
			keyedValues{1, ints(5)},
			keyedValues{0, ints(6)},
		}, got)
	})

	t.Run("should handle an empty Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" |   ", nil)
			e1subs := "    (^!)"
			expected := "  |   "

			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should handle a never Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" -", nil)
			e1subs := "    ^"
			expected := "  -"

			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should handle a just-throw Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("  #  ", nil)
			e1subs := "    (^!)"
			expected := "  #   "

			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim))).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should handle an Observable with a single value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			e1 := h.Hot("  ^--a--|", values)
			e1subs := "    ^-----!"
			expected := "  ---g--|"

			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim), r.tap(), groupKeys[string]())).ToBe(expected, map[string]any{"g": "foo"})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.Flush()
			r.check([]wantGroup[string]{coldGroup("foo", "a--|")}, values)
		})
	})

	t.Run("should group values with a keySelector", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			e1subs := "         ^-------------------------!"
			expected := "       --w---x---y-z-------------|"

			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim), r.tap(), groupKeys[string]())).ToBe(expected, keyNames)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.Flush()
			r.check([]wantGroup[string]{
				coldGroup("foo", "a-b---d---------i-----l-|"),
				coldGroup("bar", "c-------g-h---------|"),
				coldGroup("baz", "e---------j-k---|"),
				coldGroup("qux", "f-------------|"),
			}, values)
		})
	})

	t.Run("should emit GroupObservables", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-a-b----|", values)
			e1subs := "         ^--------!"
			expected := "       --g------|"

			source := streams.Pipe(e1,
				streams.GroupBy(lowerTrim),
				streams.Tap(streams.TapObserver{Next: func(v any) {
					group, ok := v.(streams.Group[string])
					if assert.True(h, ok, "a streams.Group[string]") {
						assert.Equal(h, "foo", group.Key)
						assert.NotNil(h, group.Values)
					}
				}}),
				groupKeys[string](),
			)
			h.Expect(source).ToBe(expected, map[string]any{"g": "foo"})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should group values with a keySelector, assert GroupSubject key", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			e1subs := "         ^-------------------------!"
			expected := "       --w---x---y-z-------------|"

			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim), groupKeys[string]())).ToBe(expected, keyNames)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should group values with a keySelector, but outer throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-#", values)
			e1subs := "         ^-------------------------!"
			expected := "       --w---x---y-z-------------#"

			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim), groupKeys[string]())).ToBe(expected, keyNames)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should group values with a keySelector, inners propagate error from outer", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-#", values)
			e1subs := "         ^-------------------------!"
			expected := "       --w---x---y-z-------------#"

			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim), r.tap(), groupKeys[string]())).ToBe(expected, keyNames)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.Flush()
			r.check([]wantGroup[string]{
				coldGroup("foo", "a-b---d---------i-----l-#"),
				coldGroup("bar", "c-------g-h---------#"),
				coldGroup("baz", "e---------j-k---#"),
				coldGroup("qux", "f-------------#"),
			}, values)
		})
	})

	t.Run("should allow outer to be unsubscribed early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			unsub := "          -----------!               "
			e1subs := "         ^----------!               "
			expected := "       --w---x---y-               "

			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim), groupKeys[string]()), unsub).ToBe(expected, keyNames)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should unsubscribe from the source when the outer and inner subscriptions are disposed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			e1subs := "         ^-!                        "
			expected := "       --(a|)                     "

			source := streams.Pipe(e1,
				streams.GroupBy(lowerTrim),
				streams.Take(1),
				streams.MergeMap(func(g streams.Group[string]) rxgo.Observable { return streams.Pipe(g.Values, streams.Take(1)) }, 0),
			)
			h.Expect(source).ToBe(expected, values)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not break unsubscription chain when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			e1subs := "         ^----------!               "
			expected := "       --w---x---y-               "
			unsub := "          -----------!               "

			source := streams.Pipe(e1,
				streams.MergeMap(reemit, 0),
				streams.GroupBy(lowerTrim),
				streams.MergeMap(func(g streams.Group[string]) rxgo.Observable { return streams.Of(g.Key) }, 0),
			)
			h.Expect(source, unsub).ToBe(expected, keyNames)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should group values with a keySelector which eventually throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			e1subs := "         ^-------------------!"
			expected := "       --w---x---y-z-------#"

			invoked := 0
			key := func(val string) string {
				invoked++
				if invoked == 10 {
					panic(errThrown)
				}
				return lowerTrim(val)
			}
			h.Expect(streams.Pipe(e1, streams.GroupBy(key), r.tap(), groupKeys[string]())).ToBe(expected, keyNames, errThrown)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.Flush()
			r.check([]wantGroup[string]{
				coldGroup("foo", "a-b---d---------i-#"),
				coldGroup("bar", "c-------g-h---#"),
				coldGroup("baz", "e---------#"),
				coldGroup("qux", "f-------#"),
			}, values, errThrown)
		})
	})

	t.Run("should allow the outer to be unsubscribed early but inners continue", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			unsub := "          ---------!                "
			expected := "       --w---x---                "

			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim), r.tap(), groupKeys[string]()), unsub).ToBe(expected, keyNames)
			h.Flush()
			r.check([]wantGroup[string]{
				coldGroup("foo", "a-b---d---------i-----l-|"),
				coldGroup("bar", "c-------g-h---------|"),
			}, values)
		})
	})

	t.Run("should allow an inner to be unsubscribed early but other inners continue", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			r.unsubscribeAt = func(key string, _ int) int {
				if key == "foo" {
					return 9 // ---------!
				}
				return -1
			}
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			expected := "       --w---x---y-z-------------|"

			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim), r.tap(), groupKeys[string]())).ToBe(expected, keyNames)
			h.Flush()
			r.check([]wantGroup[string]{
				absGroup("foo", "--a-b---d-                 "),
				absGroup("bar", "------c-------g-h---------|"),
				absGroup("baz", "----------e---------j-k---|"),
				absGroup("qux", "------------f-------------|"),
			}, values)
		})
	})

	t.Run("should allow inners to be unsubscribed early at different times", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			unsubscriptionFrames := map[string]int{
				"foo": 9,  // ---------!
				"bar": 12, // ------------!
				"baz": 16, // ----------------!
				"qux": 19, // -------------------!
			}
			r.unsubscribeAt = func(key string, _ int) int { return unsubscriptionFrames[key] }
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			expected := "       --w---x---y-z-------------|"

			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim), r.tap(), groupKeys[string]())).ToBe(expected, keyNames)
			h.Flush()
			r.check([]wantGroup[string]{
				absGroup("foo", "--a-b---d-                 "),
				absGroup("bar", "------c------              "),
				absGroup("baz", "----------e------          "),
				absGroup("qux", "------------f-------       "),
			}, values)
		})
	})

	lateValues := map[string]any{
		"a": "  foo",
		"b": " FoO ",
		"d": "foO ",
		"i": "FOO ",
		"l": "    fOo    ",
		"1": "1",
		"2": "2",
	}

	t.Run("should allow subscribing late to an inner Observable, outer completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			e1 := h.Hot("            --a-b---d---------i-----l-|  ", lateValues)
			subs := "                ^-------------------------!  "
			subDuration := 26 //    --------------------------|
			expected := "            ----------------------------|"

			r.subscribeAt = func(_ string, emitted int) int { return emitted + subDuration }
			sub := streams.Subscribe(r.ctx, streams.Pipe(e1, streams.GroupBy(lowerTrim), r.tap()), streams.Observer{})
			h.ExpectSubscriptions(e1).ToBe(subs)
			h.Flush()
			r.check([]wantGroup[string]{absGroup("foo", expected)}, lateValues)
			sub.Wait()
		})
	})

	t.Run("should allow subscribing late to an inner Observable, outer throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			e1 := h.Hot("            --a-b---d---------i-----l-#", lateValues)
			subs := "                ^-------------------------! "
			subsDuration := 26 //   --------------------------|
			expected := "            ----------------------------#"

			r.subscribeAt = func(_ string, emitted int) int { return emitted + subsDuration }
			sub := streams.Subscribe(r.ctx, streams.Pipe(e1, streams.GroupBy(lowerTrim), r.tap()), streams.Observer{Error: func(error) {}})
			h.ExpectSubscriptions(e1).ToBe(subs)
			h.Flush()
			r.check([]wantGroup[string]{absGroup("foo", expected)}, lateValues)
			sub.Wait()
		})
	})

	t.Run("should allow subscribing late to inner, unsubscribe outer early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			e1 := h.Hot("            --a-b---d---------i-----l-#", lateValues)
			unsub := "               ------------!              "
			e1subs := "              ^-----------!              "
			subsDuration := 12 //   ------------|
			expectedOuter := "       --w----------              "
			expectedInner := "       -------------              "

			r.subscribeAt = func(_ string, emitted int) int { return emitted + subsDuration }
			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim), r.tap(), groupKeys[string]()), unsub).ToBe(expectedOuter, keyNames)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.Flush()
			r.check([]wantGroup[string]{absGroup("foo", expectedInner)}, lateValues)
		})
	})

	t.Run("should allow using a keySelector and a durationSelector, outer throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-#", values)
			e1subs := "         ^-------------------------!"
			expected := "       --v---w---x-y-----z-------#"

			grouped := streams.GroupBy(lowerTrim, streams.GroupDuration(skipGroup[string](2)))
			h.Expect(streams.Pipe(e1, grouped, r.tap(), groupKeys[string]())).ToBe(expected, map[string]any{"v": "foo", "w": "bar", "x": "baz", "y": "qux", "z": "foo"})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.Flush()
			r.check([]wantGroup[string]{
				coldGroup("foo", "a-b---(d|)"),
				coldGroup("bar", "c-------g-(h|)"),
				coldGroup("baz", "e---------j-(k|)"),
				coldGroup("qux", "f-------------#"),
				coldGroup("foo", "i-----l-#"),
			}, values)
		})
	})

	t.Run("should allow using a durationSelector, and outer unsubscribed early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			unsub := "          -----------!               "
			expected := "       --v---w---x-               "

			grouped := streams.GroupBy(lowerTrim, streams.GroupDuration(skipGroup[string](2)))
			h.Expect(streams.Pipe(e1, grouped, r.tap(), groupKeys[string]()), unsub).ToBe(expected, map[string]any{"v": "foo", "w": "bar", "x": "baz"})
			h.Flush()
			r.check([]wantGroup[string]{
				coldGroup("foo", "a-b---(d|)"),
				coldGroup("bar", "c-------g-(h|)"),
				coldGroup("baz", "e---------j-(k|)"),
			}, values)
		})
	})

	t.Run("should allow using a durationSelector, outer and all inners unsubscribed early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			r.unsubscribeAt = func(string, int) int { return 11 }
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			unsub := "          -----------!"
			expected := "       --v---w---x-"

			grouped := streams.GroupBy(lowerTrim, streams.GroupDuration(skipGroup[string](2)))
			h.Expect(streams.Pipe(e1, grouped, r.tap(), groupKeys[string]()), unsub).ToBe(expected, map[string]any{"v": "foo", "w": "bar", "x": "baz"})
			h.Flush()
			r.check([]wantGroup[string]{
				absGroup("foo", "--a-b---(d|)"),
				absGroup("bar", "------c-----"),
				absGroup("baz", "----------e-"),
			}, values)
		})
	})

	t.Run("should dispose a durationSelector after closing the group", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			obs := h.Hot(" -0-1--------2-| ", nil)
			unsubs := []string{
				"          -^--!",
				"          ---^--!",
				"          ------------^-!",
			}
			dur := "       ---s"
			durations := []*streamtest.Source{h.Cold(dur, nil), h.Cold(dur, nil), h.Cold(dur, nil)}

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			duration := func(g streams.Group[string]) rxgo.Observable {
				i, _ := strconv.Atoi(g.Key)
				return durations[i]
			}
			sub := streams.Subscribe(ctx, streams.Pipe(obs, streams.GroupBy(func(v string) string { return v }, streams.GroupDuration(duration))), streams.Observer{})
			for i, d := range durations {
				h.ExpectSubscriptions(d).ToBe(unsubs[i])
			}
			h.Flush()
			sub.Wait()
		})
	})

	t.Run("should allow using a durationSelector, but keySelector throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			e1subs := "         ^-------------------!      "
			expected := "       --v---w---x-y-----z-#      "

			invoked := 0
			key := func(val string) string {
				invoked++
				if invoked == 10 {
					panic(errThrown)
				}
				return lowerTrim(val)
			}
			grouped := streams.GroupBy(key, streams.GroupDuration(skipGroup[string](2)))
			h.Expect(streams.Pipe(e1, grouped, r.tap(), groupKeys[string]())).ToBe(expected, map[string]any{"v": "foo", "w": "bar", "x": "baz", "y": "qux", "z": "foo"}, errThrown)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.Flush()
			r.check([]wantGroup[string]{
				coldGroup("foo", "a-b---(d|)"),
				coldGroup("bar", "c-------g-(h|)"),
				coldGroup("baz", "e---------#"),
				coldGroup("qux", "f-------#"),
				coldGroup("foo", "i-#"),
			}, values, errThrown)
		})
	})

	t.Run("should allow using a durationSelector which eventually throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			e1subs := "         ^-----------!              "
			expected := "       --v---w---x-(y#)              "

			invoked := 0
			duration := func(g streams.Group[string]) rxgo.Observable {
				invoked++
				if invoked == 4 {
					panic(errThrown)
				}
				return skipGroup[string](2)(g)
			}
			grouped := streams.GroupBy(lowerTrim, streams.GroupDuration(duration))
			h.Expect(streams.Pipe(e1, grouped, r.tap(), groupKeys[string]())).ToBe(expected, map[string]any{"v": "foo", "w": "bar", "x": "baz", "y": "qux"}, errThrown)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.Flush()
			r.check([]wantGroup[string]{
				coldGroup("foo", "a-b---(d|)"),
				coldGroup("bar", "c-----#"),
				coldGroup("baz", "e-#"),
				coldGroup("qux", "#"),
			}, values, errThrown)
		})
	})

	t.Run("should allow inners to be unsubscribed early at different times, with durationSelector", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			unsubscriptionFrames := map[string]int{
				"foo":  7,  // -------!
				"bar":  9,  // ---------!
				"baz":  21, // ---------------------!
				"qux":  16, // ----------------!
				"foo2": 22, // ----------------------!
			}
			r.unsubscribeAt = func(key string, n int) int {
				if n > 0 {
					key += strconv.Itoa(n + 1)
				}
				return unsubscriptionFrames[key]
			}
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|", values)
			e1subs := "         ^-------------------------!"
			expected := "       --v---w---x-y-----z-------|"

			grouped := streams.GroupBy(lowerTrim, streams.GroupDuration(skipGroup[string](2)))
			h.Expect(streams.Pipe(e1, grouped, r.tap(), groupKeys[string]())).ToBe(expected, map[string]any{"v": "foo", "w": "bar", "x": "baz", "y": "qux", "z": "foo"})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.Flush()
			r.check([]wantGroup[string]{
				absGroup("foo", "--a-b---                   "),
				absGroup("bar", "------c---                 "),
				absGroup("baz", "----------e---------j-     "),
				absGroup("qux", "------------f----          "),
				absGroup("foo", "------------------i----    "),
			}, values)
		})
	})

	t.Run("should return inners that when subscribed late exhibit hot behavior", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			subscriptionFrames := map[string]int{
				"foo": 3,  // ---^
				"bar": 9,  // ---------^
				"baz": 19, // -------------------^
				"qux": 30, // ------------------------------^
			}
			r.subscribeAt = func(key string, _ int) int { return subscriptionFrames[key] }
			e1 := h.Hot("-1--2--^-a-b-c-d-e-f-g-h-i-j-k-l-|    ", values)
			e1subs := "         ^-------------------------!    "
			expected := "       --v---w---x-y-------------|    "

			h.Expect(streams.Pipe(e1, streams.GroupBy(lowerTrim), r.tap(), groupKeys[string]())).ToBe(expected, map[string]any{"v": "foo", "w": "bar", "x": "baz", "y": "qux"})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.Flush()
			r.check([]wantGroup[string]{
				absGroup("foo", "----b---d---------i-----l-|    "),
				absGroup("bar", "--------------g-h---------|    "),
				absGroup("baz", "--------------------j-k---|    "),
				absGroup("qux", "------------------------------|"),
			}, values)
		})
	})

	t.Run("should return inner group that when subscribed late emits complete()", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			r.subscribeAt = func(string, int) int { return 32 } // --------------------------------^
			e1 := h.Hot("-1--2--^-a-b---d---------i-----l-|      ", lateValues)
			e1subs := "         ^-------------------------!      "
			expected := "       --g-----------------------|      "

			grouped := streams.GroupBy(lowerTrim, streams.GroupDuration(skipGroup[string](7)))
			h.Expect(streams.Pipe(e1, grouped, r.tap(), groupKeys[string]())).ToBe(expected, map[string]any{"g": "foo"})
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.Flush()
			r.check([]wantGroup[string]{absGroup("foo", "--------------------------------|")}, lateValues)
		})
	})

	t.Run("should not error for late subscribed inners if outer is unsubscribed before inners are subscribed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			r := newGroupRecorder[string](h)
			// The real test is here: each group is subscribed long after the
			// source errors and long after the unsubscription happens.
			r.subscribeAt = func(_ string, emitted int) int { return emitted + 1000 }
			source := h.Hot("-----^----a----b-----a------b----a----b---#", nil)
			// Unsubscribe before the error happens.
			unsub := "             -------------------!                  "

			result := streams.Pipe(source,
				streams.GroupBy(func(char string) string { return char }),
				r.tap(),
				streams.Filter(func(any) bool { return false }), // we don't care about what the outer is emitting
			)
			h.Expect(result, unsub).ToBe("-", nil)
			h.Flush()
			// Our two groups see nothing, subscribed after it all.
			r.check([]wantGroup[string]{absGroup("a", "-"), absGroup("b", "-")}, nil)
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		_, err := streams.Collect(t.Context(), streams.Pipe(countingSource(&sideEffects), streams.GroupBy(func(v int) int { return v }), streams.Take(3)))
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}

// groupKeys maps each Group to its key.
func groupKeys[K comparable]() streams.Operator {
	return streams.Map(func(g streams.Group[K]) K { return g.Key })
}

// skipGroup is RxJS's group => group.pipe(skip(n)) as a duration
// selector: the group's values from the (n+1)-th on.
func skipGroup[K comparable](n int) func(streams.Group[K]) rxgo.Observable {
	return func(g streams.Group[K]) rxgo.Observable {
		seen := 0
		return streams.Pipe(g.Values, streams.Filter(func(any) bool {
			seen++
			return seen > n
		}))
	}
}

// keyedValues is a group's key and all its values.
type keyedValues struct {
	key    int
	values []any
}

// collectGroups emits, for every Group[int], its key and values once it
// has ended, subscribing to it as it is emitted.
func collectGroups() streams.Operator {
	return streams.MergeMap(func(g streams.Group[int]) rxgo.Observable {
		return streams.Pipe(g.Values,
			streams.Reduce(func(acc []any, v any) []any { return append(acc, v) }, []any(nil)),
			streams.Map(func(vs []any) keyedValues { return keyedValues{g.Key, vs} }),
		)
	}, 0)
}
