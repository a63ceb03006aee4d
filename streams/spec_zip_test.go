package streams_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/observables/zip-spec.ts.
//
// Zip takes no result selector: where upstream passes one, the port maps
// Zip's []any with Map, which fails the stream with a *PanicError
// wrapping what a selector panics with. Where upstream zips arrays,
// iterators or strings, the port zips Of of their elements, which emits
// them at once, as an iterable does. Nothing is left out.
func TestSpecZip(t *testing.T) {
	errTooBad := errors.New("too bad")
	errTooBad2 := errors.New("too bad 2")

	t.Run("should combine a source with a second", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			a := h.Hot("---1---2---3---", nil)
			b := h.Hot("--4--5--6--7--8--", nil)
			h.Expect(streams.Zip(a, b)).ToBe("---x---y---z", map[string]any{"x": row("1", "4"), "y": row("2", "5"), "z": row("3", "6")})
			h.ExpectSubscriptions(a).ToBe("^")
			h.ExpectSubscriptions(b).ToBe("^")
		})
	})

	t.Run("should zip the provided observables", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Pipe(streams.Zip(streams.Of("a", "b", "c"), streams.Of(1, 2, 3)), joined))
		require.NoError(t, err)
		require.Equal(t, []any{"a1", "b2", "c3"}, got)
	})

	t.Run("should end once one observable completes and its buffer is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---a--b--c--|", nil)
			e2 := h.Hot("------d----e----f--------|", nil)
			e3 := h.Hot("--------h----i----j---------", nil)
			values := map[string]any{"x": row("a", "d", "h"), "y": row("b", "e", "i"), "z": row("c", "f", "j")}
			h.Expect(streams.Zip(e1, e2, e3)).ToBe("--------x----y----(z|)", values)
			h.ExpectSubscriptions(e1).ToBe("^-----------!")
			h.ExpectSubscriptions(e2).ToBe("^-----------------!")
			h.ExpectSubscriptions(e3).ToBe("^-----------------!")
		})
	})

	t.Run("should end once one observable nexts and zips value from completed other observable whose buffer is empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("---a--b--c--|", nil)
			e2 := h.Hot("------d----e----f|", nil)
			e3 := h.Hot("--------h----i----j-------", nil)
			values := map[string]any{"x": row("a", "d", "h"), "y": row("b", "e", "i"), "z": row("c", "f", "j")}
			h.Expect(streams.Zip(e1, e2, e3)).ToBe("--------x----y----(z|)", values)
			h.ExpectSubscriptions(e1).ToBe("^-----------!")
			h.ExpectSubscriptions(e2).ToBe("^----------------!")
			h.ExpectSubscriptions(e3).ToBe("^-----------------!")
		})
	})

	t.Run("with iterables", func(t *testing.T) {
		t.Run("should zip them with values", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				e1 := h.Hot("---a---b---c---d---|", nil)
				values := map[string]any{"w": row("a", 0), "x": row("b", 1), "y": row("c", 2), "z": row("d", 3)}
				h.Expect(streams.Zip(e1, streams.Of(0, 1, 2, 3))).ToBe("---w---x---y---(z|)", values)
				h.ExpectSubscriptions(e1).ToBe("^--------------!")
			})
		})

		t.Run("should work with empty observable and empty iterable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				a := h.Cold("|", nil)
				h.Expect(streams.Zip(a, streams.Of())).ToBe("|", nil)
				h.ExpectSubscriptions(a).ToBe("(^!)")
			})
		})

		t.Run("should work with empty observable and non-empty iterable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				a := h.Cold("|", nil)
				h.Expect(streams.Zip(a, streams.Of(1))).ToBe("|", nil)
				h.ExpectSubscriptions(a).ToBe("(^!)")
			})
		})

		t.Run("should complete instantly if given an empty iterable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				a := h.Hot("---^----a--|", nil)
				h.Expect(streams.Zip(a, streams.Of())).ToBe("|", nil)
				h.ExpectSubscriptions(a).ToBe("(^!)")
			})
		})

		t.Run("should work with never observable and non-empty iterable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				a := h.Cold("-", nil)
				h.Expect(streams.Zip(a, streams.Of(1))).ToBe("-", nil)
				h.ExpectSubscriptions(a).ToBe("^")
			})
		})

		t.Run("should work with non-empty observable and non-empty iterable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				a := h.Hot("---^----1--|", nil)
				h.Expect(streams.Zip(a, streams.Of(2))).ToBe("-----(x|)", map[string]any{"x": row("1", 2)})
				h.ExpectSubscriptions(a).ToBe("^----!")
			})
		})

		t.Run("should work with observable which raises error and non-empty iterable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				a := h.Hot("---^----#", nil)
				h.Expect(streams.Zip(a, streams.Of(1))).ToBe("-----#", nil)
				h.ExpectSubscriptions(a).ToBe("^----!")
			})
		})

		t.Run("should work with non-empty many observable and non-empty many iterable", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				a := h.Hot("---^--1--2--3--|", nil)
				values := map[string]any{"x": row("1", 4), "y": row("2", 5), "z": row("3", 6)}
				h.Expect(streams.Zip(a, streams.Of(4, 5, 6))).ToBe("---x--y--(z|)", values)
				h.ExpectSubscriptions(a).ToBe("^--------!")
			})
		})

		t.Run("should work with non-empty observable and non-empty iterable selector that throws", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				a := h.Hot("---^--1--2--3--|", nil)
				selector := streams.Map(func(v []any) string {
					if v[1] == 5 {
						panic(errTooBad)
					}
					return fmt.Sprint(v[0], v[1])
				})
				h.Expect(streams.Pipe(streams.Zip(a, streams.Of(4, 5, 6)), selector)).ToBe("---x--#", map[string]any{"x": "14"}, errTooBad)
				h.ExpectSubscriptions(a).ToBe("^-----!")
			})
		})
	})

	t.Run("should combine two observables and selector", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			a := h.Hot("---1---2---3---", nil)
			b := h.Hot("--4--5--6--7--8--", nil)
			h.Expect(streams.Pipe(streams.Zip(a, b), joined)).ToBe("---x---y---z", map[string]any{"x": "14", "y": "25", "z": "36"})
			h.ExpectSubscriptions(a).ToBe("^")
			h.ExpectSubscriptions(b).ToBe("^")
		})
	})

	nAry := func(name string, selector ...streams.Operator) {
		t.Run(name, func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				a := h.Hot("---1-^-1----4----|", nil)
				b := h.Hot("---1-^--2--5----|", nil)
				c := h.Hot("---1-^---3---6-|", nil)
				h.Expect(streams.Pipe(streams.Zip(a, b, c), selector...)).ToBe("----x---y-|", map[string]any{"x": row("1", "2", "3"), "y": row("4", "5", "6")})
				h.ExpectSubscriptions(a).ToBe("^---------!")
				h.ExpectSubscriptions(b).ToBe("^---------!")
			})
		})
	}
	asArray := streams.Map(func(v []any) []any { return []any{v[0], v[1], v[2]} })
	nAry("should work with n-ary symmetric")
	nAry("should work with n-ary symmetric selector", asArray)
	nAry("should work with n-ary symmetric array selector", asArray)

	t.Run("should work with some data asymmetric 1", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			a := h.Hot("---1-^-1-3-5-7-9-x-y-z-w-u-|", nil)
			b := h.Hot("---1-^--2--4--6--8--0--|", nil)
			values := map[string]any{"a": "12", "b": "34", "c": "56", "d": "78", "e": "90"}
			h.Expect(streams.Pipe(streams.Zip(a, b), joined)).ToBe("---a--b--c--d--e--|", values)
			h.ExpectSubscriptions(a).ToBe("^-----------------!")
			h.ExpectSubscriptions(b).ToBe("^-----------------!")
		})
	})

	t.Run("should work with some data asymmetric 2", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			a := h.Hot("---1-^--2--4--6--8--0--|", nil)
			b := h.Hot("---1-^-1-3-5-7-9-x-y-z-w-u-|", nil)
			values := map[string]any{"a": "21", "b": "43", "c": "65", "d": "87", "e": "09"}
			h.Expect(streams.Pipe(streams.Zip(a, b), joined)).ToBe("---a--b--c--d--e--|", values)
			h.ExpectSubscriptions(a).ToBe("^-----------------!")
			h.ExpectSubscriptions(b).ToBe("^-----------------!")
		})
	})

	t.Run("should work with some data symmetric", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			a := h.Hot("---1-^-1-3-5-7-9------|", nil)
			b := h.Hot("---1-^--2--4--6--8--0--|", nil)
			values := map[string]any{"a": "12", "b": "34", "c": "56", "d": "78", "e": "90"}
			h.Expect(streams.Pipe(streams.Zip(a, b), joined)).ToBe("---a--b--c--d--e-|", values)
			h.ExpectSubscriptions(a).ToBe("^----------------!")
			h.ExpectSubscriptions(b).ToBe("^----------------!")
		})
	})

	t.Run("should work with selector throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			a := h.Hot("---1-^-2---4----|", nil)
			b := h.Hot("---1-^--3----5----|", nil)
			selector := streams.Map(func(v []any) string {
				if v[1] == "5" {
					panic(errTooBad)
				}
				return fmt.Sprint(v[0], v[1])
			})
			h.Expect(streams.Pipe(streams.Zip(a, b), selector)).ToBe("---x----#", map[string]any{"x": "23"}, errTooBad)
			h.ExpectSubscriptions(a).ToBe("^-------!")
			h.ExpectSubscriptions(b).ToBe("^-------!")
		})
	})

	t.Run("should work with right completes first", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			a := h.Hot("---1-^-2-----|", nil)
			b := h.Hot("---1-^--3--|", nil)
			h.Expect(streams.Zip(a, b)).ToBe("---x--|", map[string]any{"x": row("2", "3")})
			h.ExpectSubscriptions(a).ToBe("^-----!")
			h.ExpectSubscriptions(b).ToBe("^-----!")
		})
	})

	// Two sources and the timelines of Zip and of their subscriptions.
	pair := func(name string, a, b func(h *streamtest.H) *streamtest.Source, want, asubs, bsubs string, err ...error) {
		t.Run(name, func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				a, b := a(h), b(h)
				h.Expect(streams.Zip(a, b)).ToBe(want, nil, err...)
				h.ExpectSubscriptions(a).ToBe(asubs)
				h.ExpectSubscriptions(b).ToBe(bsubs)
			})
		})
	}
	cold := func(marbles string, err ...error) func(h *streamtest.H) *streamtest.Source {
		return func(h *streamtest.H) *streamtest.Source { return h.Cold(marbles, nil, err...) }
	}
	hot := func(marbles string, err ...error) func(h *streamtest.H) *streamtest.Source {
		return func(h *streamtest.H) *streamtest.Source { return h.Hot(marbles, nil, err...) }
	}
	pair("should work with two nevers", cold("-"), cold("-"), "-", "^", "^")
	pair("should work with never and empty", cold("-"), cold("|"), "|", "(^!)", "(^!)")
	pair("should work with empty and never", cold("|"), cold("-"), "|", "(^!)", "(^!)")
	pair("should work with empty and empty", cold("|"), cold("|"), "|", "(^!)", "(^!)")
	pair("should work with empty and non-empty", cold("|"), hot("---1--|"), "|", "(^!)", "(^!)")
	pair("should work with non-empty and empty", hot("---1--|"), cold("|"), "|", "(^!)", "(^!)")
	pair("should work with never and non-empty", cold("-"), hot("---1--|"), "-", "^", "^-----!")
	pair("should work with non-empty and never", hot("---1--|"), cold("-"), "-", "^-----!", "^")
	pair("should work with empty and error", cold("|"), hot("------#", errTooBad), "|", "(^!)", "(^!)")
	pair("should work with error and empty", hot("------#", errTooBad), cold("|"), "|", "(^!)", "(^!)")
	pair("should work with error", hot("----------|"), hot("------#"), "------#", "^-----!", "^-----!")
	pair("should work with never and error", cold("-"), hot("------#"), "------#", "^-----!", "^-----!")
	pair("should work with error and never", hot("------#"), cold("-"), "------#", "^-----!", "^-----!")
	pair("should work with error and error", hot("------#", errTooBad), hot("----------#", errTooBad2), "------#", "^-----!", "^-----!", errTooBad)

	t.Run("should work with two sources that eventually raise errors", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			a := h.Hot("--w-----#----", map[string]any{"w": 1}, errTooBad)
			b := h.Hot("-----z-----#-", map[string]any{"z": 2}, errTooBad2)
			h.Expect(streams.Zip(a, b)).ToBe("-----x--#", map[string]any{"x": row(1, 2)}, errTooBad)
			h.ExpectSubscriptions(a).ToBe("^-------!")
			h.ExpectSubscriptions(b).ToBe("^-------!")
		})
	})

	t.Run("should work with two sources that eventually raise errors (swapped)", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			a := h.Hot("-----z-----#-", map[string]any{"z": 2}, errTooBad2)
			b := h.Hot("--w-----#----", map[string]any{"w": 1}, errTooBad)
			h.Expect(streams.Zip(a, b)).ToBe("-----x--#", map[string]any{"x": row(2, 1)}, errTooBad)
			h.ExpectSubscriptions(a).ToBe("^-------!")
			h.ExpectSubscriptions(b).ToBe("^-------!")
		})
	})

	pair("should work with error and some", cold("#"), hot("--1--2--3--"), "#", "(^!)", "(^!)")

	t.Run("should combine an immediately-scheduled source with an immediately-scheduled second", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Zip(streams.Of(1, 2, 3), streams.Of(4, 5, 6, 7, 8)))
		require.NoError(t, err)
		require.Equal(t, []any{row(1, 4), row(2, 5), row(3, 6)}, got)
	})

	t.Run("should be able to zip all iterables", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Zip(streams.Of("a", "b", "c"), streams.Of("1", "2", "3"), streams.Of("x", "y", "z")))
		require.NoError(t, err)
		require.Equal(t, []any{row("a", "1", "x"), row("b", "2", "y"), row("c", "3", "z")}, got)
	})

	t.Run("should return EMPTY if passed an empty array as the only argument", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Zip())
		require.NoError(t, err)
		require.Empty(t, got)
	})
}

// Bad arguments, and what RxJS's diagrams cannot show.
func TestZipContract(t *testing.T) {
	t.Run("a nil source panics naming Zip", func(t *testing.T) {
		require.PanicsWithValue(t, "streams.Zip: nil source at index 1", func() { streams.Zip(streams.Of(1), nil) })
	})
	t.Run("a source ending the stream at once leaves the rest unsubscribed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			later := h.Cold("a|", nil)
			h.Expect(streams.Zip(streams.Empty(), later)).ToBe("|", nil)
			h.ExpectSubscriptions(later).ToBe()
		})
	})
	t.Run("each row is a slice of its own", func(t *testing.T) {
		got, err := streams.Collect(t.Context(), streams.Zip(streams.Of(1, 2), streams.Of(3, 4)))
		require.NoError(t, err)
		got[0].([]any)[0] = "changed"
		require.Equal(t, row(2, 4), got[1])
	})
}

// row is one value of Zip, CombineLatest or ForkJoin.
func row(vs ...any) []any { return vs }

// joined is what RxJS's tests write as the selector (a, b) => a + b.
var joined = streams.Map(func(v []any) string {
	s := ""
	for _, x := range v {
		s += fmt.Sprint(x)
	}
	return s
})
