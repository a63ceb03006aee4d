package streams_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// RxJS 7.8.1 spec/operators/catchError-spec.ts, case by case.
//
// How the cases are written here:
//   - A thrown string becomes a panic with an error value: the stream
//     fails with a *PanicError, which errors.Is sees through.
//   - concat(a, b, ...) is ConcatMap over Of(a, b, ...) (concatSources).
//   - takeWhile(x => x != 2) is Take(2): both unsubscribe the source on
//     its second value, which is what the case counts.
//   - A synchronous loop that checks subscriber.closed is Of(0, ..., 9):
//     Of checks the same before each value; a Map records the side effect.
//   - streamtest's sources reach streams as foreign rxgo.Observables, read
//     from their channels, so the interop case is written with the cold
//     source itself.
//   - "should catch errors throw from within the constructor": a source
//     that emits, then panics while being subscribed, is Merge(Of("a"),
//     a Defer whose factory panics).
//   - "Properly handle async handled result if source is synchronous": the
//     source is Throw; the completion upstream's source sends after its
//     error cannot be written, as a streams subscriber drops what follows
//     a terminal event.
//
// Left out:
//   - "should accept selector returns any ObservableInput": arrays,
//     promises and iterables as ObservableInput; a handler here returns an
//     rxgo.Observable.
//   - fromPromise "should chain a throw from a promise using
//     Observable.throw": Promises.
func TestSpecCatchError(t *testing.T) {
	errBad := errors.New("bad")
	errDone := errors.New("done")
	// failAt panics on value c, as upstream's map throws 'bad'.
	failAt := func(c string) streams.Operator {
		return streams.Map(func(n string) string {
			if n == c {
				panic(errBad)
			}
			return n
		})
	}
	identity := streams.MergeMap(func(x string) rxgo.Observable { return streams.Of(x) }, 0)

	t.Run("should catch error and replace with a cold Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--#       ", nil)
			e2 := h.Cold("         -1-2-3-|", nil)
			expected := "  --a--b---1-2-3-|"

			result := streams.Pipe(e1, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return e2 }))

			h.Expect(result).ToBe(expected, nil)
		})
	})

	t.Run("should catch error and replace it with Observable.of()", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--c--------|", nil)
			subs := "      ^-------!"
			expected := "  --a--b--(XYZ|)"

			result := streams.Pipe(e1, failAt("c"), streams.CatchError(func(error, rxgo.Observable) rxgo.Observable {
				return streams.Of("X", "Y", "Z")
			}))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should catch error and replace it with a cold Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--#          ", nil)
			e1subs := "    ^-------!          "
			e2 := h.Cold("         1-2-3-4-5-|", nil)
			e2subs := "    --------^---------!"
			expected := "  --a--b--1-2-3-4-5-|"

			result := streams.Pipe(e1, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return e2 }))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
		})
	})

	t.Run("should allow unsubscribing explicitly and early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --1-2-3-4-5-6---#", nil)
			e1subs := "    ^------!         "
			expected := "  --1-2-3-         "
			unsub := "     -------!         "

			result := streams.Pipe(e1, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable {
				return streams.Of("X", "Y", "Z")
			}))

			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should not break unsubscription chain when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --1-2-3-4-5-6---#", nil)
			e1subs := "    ^------!         "
			expected := "  --1-2-3-         "
			unsub := "     -------!         "

			result := streams.Pipe(e1,
				identity,
				streams.CatchError(func(error, rxgo.Observable) rxgo.Observable {
					return streams.Of("X", "Y", "Z")
				}),
				identity,
			)

			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
		})
	})

	t.Run("should unsubscribe from a caught hot caught observable when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  -1-2-3-#          ", nil)
			e1subs := "    ^------!          "
			e2 := h.Hot("  ---3-4-5-6-7-8-9-|", nil)
			e2subs := "    -------^----!     "
			expected := "  -1-2-3-5-6-7-     "
			unsub := "     ------------!     "

			result := streams.Pipe(e1, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return e2 }))

			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
		})
	})

	t.Run("should unsubscribe from a caught cold caught observable when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  -1-2-3-#          ", nil)
			e1subs := "    ^------!          "
			e2 := h.Cold("        5-6-7-8-9-|", nil)
			e2subs := "    -------^----!     "
			expected := "  -1-2-3-5-6-7-     "
			unsub := "     ------------!     "

			result := streams.Pipe(e1, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return e2 }))

			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
		})
	})

	t.Run("should unsubscribe from a caught cold caught interop observable when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  -1-2-3-#          ", nil)
			e1subs := "    ^------!          "
			e2 := h.Cold("        5-6-7-8-9-|", nil)
			e2subs := "    -------^----!     "
			expected := "  -1-2-3-5-6-7-     "
			unsub := "     ------------!     "

			// e2 is a foreign rxgo.Observable to streams: its
			// unsubscription must reach it through its context.
			var interop rxgo.Observable = e2
			result := streams.Pipe(e1, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return interop }))

			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		step := func(n int) rxgo.Observable {
			return streams.Defer(func(context.Context) rxgo.Observable {
				sideEffects = append(sideEffects, n)
				return streams.Of(n)
			})
		}
		synchronousObservable := concatSources(step(1), step(2), step(3))

		_, err := collect(t, streams.Pipe(streams.Throw(errors.New("Some error")),
			streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return synchronousObservable }),
			streams.Take(2), // unsubscribe at the second side-effect
		))

		require.NoError(t, err)
		require.Equal(t, []int{1, 2}, sideEffects)
	})

	t.Run("should catch error and replace it with a hot Observable", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--#          ", nil)
			e1subs := "    ^-------!          "
			e2 := h.Hot("  1-2-3-4-5-6-7-8-9-|", nil)
			e2subs := "    --------^---------!"
			expected := "  --a--b--5-6-7-8-9-|"

			result := streams.Pipe(e1, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return e2 }))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
		})
	})

	t.Run("should catch and allow the cold observable to be repeated with the third (caught) argument", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("--a--b--c--------|       ", nil)
			subs := []string{
				"          ^-------!                ",
				"          --------^-------!         ",
				"          ----------------^-------! ",
			}
			expected := "  --a--b----a--b----a--b--#"

			retries := 0
			result := streams.Pipe(e1, failAt("c"), streams.CatchError(func(_ error, caught rxgo.Observable) rxgo.Observable {
				if retries == 2 {
					panic(errDone)
				}
				retries++
				return caught
			}))

			h.Expect(result).ToBe(expected, nil, errDone)
			h.ExpectSubscriptions(e1).ToBe(subs...)
		})
	})

	t.Run("should catch and allow the hot observable to proceed with the third (caught) argument", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--c----d---|", nil)
			subs := []string{
				"          ^-------!         ",
				"          --------^--------! ",
			}
			expected := "  --a--b-------d---|"

			retries := 0
			result := streams.Pipe(e1, failAt("c"), streams.CatchError(func(_ error, caught rxgo.Observable) rxgo.Observable {
				if retries == 2 {
					panic(errDone)
				}
				retries++
				return caught
			}))

			h.Expect(result).ToBe(expected, nil, errDone)
			h.ExpectSubscriptions(e1).ToBe(subs...)
		})
	})

	t.Run("should catch and replace a Observable.throw() as the source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" #", nil)
			subs := "      (^!)"
			expected := "  (abc|)"

			result := streams.Pipe(e1, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable {
				return streams.Of("a", "b", "c")
			}))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should mirror the source if it does not raise errors", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold(" --a--b--c--|", nil)
			subs := "      ^----------!"
			expected := "  --a--b--c--|"

			result := streams.Pipe(e1, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable {
				return streams.Of("x", "y", "z")
			}))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(subs)
		})
	})

	t.Run("should complete if you return Observable.empty()", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--#", nil)
			e1subs := "    ^-------!"
			e2 := h.Cold("         |", nil)
			e2subs := "    --------(^!)"
			expected := "  --a--b--|"

			result := streams.Pipe(e1, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return e2 }))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
		})
	})

	t.Run("should raise error if you return Observable.throw()", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--#", nil)
			e1subs := "    ^-------!"
			e2 := h.Cold("         #", nil)
			e2subs := "    --------(^!)"
			expected := "  --a--b--#"

			result := streams.Pipe(e1, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return e2 }))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
		})
	})

	t.Run("should never terminate if you return NEVER", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("  --a--b--#", nil)
			e1subs := "    ^-------!"
			e2 := h.Cold("         -", nil)
			e2subs := "    --------^"
			expected := "  --a--b---"

			result := streams.Pipe(e1, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return e2 }))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(e1).ToBe(e1subs)
			h.ExpectSubscriptions(e2).ToBe(e2subs)
		})
	})

	t.Run("should pass the error as the first argument", func(t *testing.T) {
		var got error
		values, err := collect(t, streams.Pipe(streams.Throw(errBad), streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable {
			got = err
			return streams.Empty()
		})))

		require.NoError(t, err)
		require.Empty(t, values)
		require.Equal(t, errBad, got)
	})

	t.Run("should catch errors throw from within the constructor", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			kaboom := streams.Merge(streams.Of("a"), streams.Defer(func(context.Context) rxgo.Observable {
				panic("kaboom")
			}))
			source := concatSources(
				streams.Pipe(kaboom, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return streams.Of("b") })),
				streams.Of("c"),
			)
			expected := "(abc|)"
			h.Expect(source).ToBe(expected, nil)
		})
	})

	t.Run("Properly handle async handled result if source is synchronous", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			source := streams.Throw(errors.New("kaboom!"))
			sourceWithDelay := streams.Pipe(streams.Of("delayed"), streams.Delay(0))

			values, err := collect(t, streams.Pipe(source, streams.CatchError(func(error, rxgo.Observable) rxgo.Observable {
				return sourceWithDelay
			})))

			require.NoError(t, err)
			require.Equal(t, []any{"delayed"}, values)
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		synchronousObservable := sideEffecting(&sideEffects)

		_, err := collect(t, streams.Pipe(synchronousObservable,
			streams.CatchError(func(error, rxgo.Observable) rxgo.Observable { return streams.Empty() }),
			streams.Take(3),
		))

		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}

// concatSources is RxJS's concat: each source subscribed when the one
// before it has completed.
func concatSources(srcs ...rxgo.Observable) rxgo.Observable {
	list := make([]any, len(srcs))
	for i, src := range srcs {
		list[i] = src
	}
	return streams.Pipe(streams.Of(list...), streams.ConcatMap(func(src rxgo.Observable) rxgo.Observable { return src }))
}

// sideEffecting is upstream's synchronous source that emits 0 to 9,
// checking subscriber.closed before each, as Of does; it records each
// value it emits in sideEffects.
func sideEffecting(sideEffects *[]int) rxgo.Observable {
	return streams.Pipe(streams.Of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), streams.Map(func(i int) int {
		*sideEffects = append(*sideEffects, i)
		return i
	}))
}
