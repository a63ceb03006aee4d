package streams_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// RxJS 7.8.1 spec/operators/retry-spec.ts, case by case.
//
// How the cases are written here:
//   - retry(n) is Retry(RetryCount(n)), retry() is Retry(), and
//     retry({delay: d}) with a number is RetryDelay returning Timer(d).
//   - A thrown string becomes a panic with an error value: the stream
//     fails with a *PanicError, which errors.Is sees through.
//   - new Observable emitting 42 and completing is Of(42); range(0, n) is
//     Of(0, ..., n-1); a synchronous loop that checks subscriber.closed
//     is Of(0, ..., 9), as Of checks the same before each value, with a
//     Map recording the side effect.
//   - "should always finalize before starting the next cycle, even when
//     synchronous": a streams_test source has no teardown function of its
//     own, so the finalizer is the context Defer hands each subscription:
//     each new cycle checks that the one before has been torn down. That
//     the last error comes before the last teardown is not observed.
//   - "should retry a synchronous source (multicasted and refCounted)
//     multiple times": multicast(() => new Subject()) with refCount() is
//     Share(), a new Subject for each connection.
//   - RxJS drops a subscription diagram that has no '^' from the
//     subscriptions expected; such lines are left out here too.
//
// Left out:
//   - "should act like a normal retry if delay is less than 0": a negative
//     duration given to Timer panics here by contract, as every negative
//     duration does.
func TestSpecRetry(t *testing.T) {
	errBad := errors.New("bad")
	errBlah := errors.New("blah")
	identity := streams.MergeMap(func(x string) rxgo.Observable { return streams.Of(x) }, 0)

	t.Run("should handle a basic source that emits next then errors, count=3", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Cold("--1-2-3-#", nil)
			subs := []string{
				"             ^-------!                ",
				"             --------^-------!        ",
				"             ----------------^-------!",
			}
			expected := "     --1-2-3---1-2-3---1-2-3-#"

			result := streams.Pipe(source, streams.Retry(streams.RetryCount(2)))

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(source).ToBe(subs...)
		})
	})

	t.Run("should retry a number of times, without error, then complete", func(t *testing.T) {
		errs := 0
		const retries = 2
		values, err := collect(t, streams.Pipe(streams.Of(42),
			streams.Map(func(x int) int {
				if errs++; errs < retries {
					panic(errBad)
				}
				errs = 0
				return x
			}),
			streams.Retry(streams.RetryCount(retries)),
		))

		require.NoError(t, err)
		require.Equal(t, ints(42), values)
	})

	t.Run("should retry a number of times, then call error handler", func(t *testing.T) {
		errs := 0
		const retries = 2
		values, err := collect(t, streams.Pipe(streams.Of(42),
			streams.Map(func(int) int {
				errs++
				panic(errBad)
			}),
			streams.Retry(streams.RetryCount(retries-1)),
		))

		require.ErrorIs(t, err, errBad)
		require.Empty(t, values)
		require.Equal(t, 2, errs)
	})

	t.Run("should retry a number of times, then call error handler (with resetOnSuccess)", func(t *testing.T) {
		errs := 0
		const retries = 2
		values, err := collect(t, streams.Pipe(streams.Of(42),
			streams.Map(func(int) int {
				errs++
				panic(errBad)
			}),
			streams.Retry(streams.RetryCount(retries-1), streams.RetryResetOnSuccess()),
		))

		require.ErrorIs(t, err, errBad)
		require.Empty(t, values)
		require.Equal(t, 2, errs)
	})

	// failSomeRanges is upstream's defer(() => range(0, 4 - index)) piped
	// through a mergeMap that fails the first and the third value it sees.
	failSomeRanges := func(errs *int) rxgo.Observable {
		index := 0
		return streams.Pipe(
			streams.Defer(func(context.Context) rxgo.Observable {
				var r []any
				for i := range 4 - index {
					r = append(r, i)
				}
				return streams.Of(r...)
			}),
			streams.MergeMap(func(int) rxgo.Observable {
				index++
				if index == 1 || index == 3 {
					*errs++
					return streams.Throw(errBad)
				}
				return streams.Of(42)
			}, 0),
		)
	}

	t.Run("should retry a number of times, then call next handler without error, then retry and complete", func(t *testing.T) {
		errs := 0
		const retries = 2
		values, err := collect(t, streams.Pipe(failSomeRanges(&errs),
			streams.Retry(streams.RetryCount(retries-1), streams.RetryResetOnSuccess()),
		))

		require.NoError(t, err)
		for _, v := range values {
			require.Equal(t, 42, v)
		}
		require.Equal(t, retries, errs)
	})

	t.Run("should always finalize before starting the next cycle, even when synchronous", func(t *testing.T) {
		var results []any
		var cycles []context.Context
		source := streams.Defer(func(ctx context.Context) rxgo.Observable {
			if n := len(cycles); n > 0 && cycles[n-1].Err() != nil {
				results = append(results, "finalizer")
			}
			cycles = append(cycles, ctx)
			return concatSources(streams.Of(1, 2), streams.Throw(errBad))
		})

		values, err := collect(t, streams.Pipe(source,
			streams.Retry(streams.RetryCount(3)),
			streams.Map(func(v int) int {
				results = append(results, v)
				return v
			}),
		))
		results = append(results, err)
		if cycles[len(cycles)-1].Err() != nil {
			results = append(results, "finalizer")
		}

		require.Equal(t, ints(1, 2, 1, 2, 1, 2, 1, 2), values)
		require.Equal(t, []any{1, 2, "finalizer", 1, 2, "finalizer", 1, 2, "finalizer", 1, 2, errBad, "finalizer"}, results)
	})

	t.Run("should retry a number of times, then call next handler without error, then retry and error", func(t *testing.T) {
		errs := 0
		const retries = 2
		values, err := collect(t, streams.Pipe(failSomeRanges(&errs),
			streams.Retry(streams.RetryCount(retries-1)),
		))

		require.ErrorIs(t, err, errBad)
		for _, v := range values {
			require.Equal(t, 42, v)
		}
		require.Equal(t, retries, errs)
	})

	t.Run("should retry until successful completion", func(t *testing.T) {
		errs := 0
		const retries = 10
		values, err := collect(t, streams.Pipe(streams.Of(42),
			streams.Map(func(x int) int {
				if errs++; errs < retries {
					panic(errBad)
				}
				errs = 0
				return x
			}),
			streams.Retry(),
			streams.Take(retries),
		))

		require.NoError(t, err)
		require.Equal(t, ints(42), values)
	})

	t.Run("should handle an empty source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Cold("|  ", nil)
			subs := "         (^!)"
			expected := "     |  "

			result := streams.Pipe(source, streams.Retry())

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(source).ToBe(subs)
		})
	})

	t.Run("should handle a never source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Cold("-", nil)
			subs := "         ^"
			expected := "     -"

			result := streams.Pipe(source, streams.Retry())

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(source).ToBe(subs)
		})
	})

	t.Run("should return a never observable given an async just-throw source and no count", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Cold("-#                                    ", nil) // important that it's not a sync error
			unsub := "        -------------------------------------!"
			expected := "     --------------------------------------"

			result := streams.Pipe(source, streams.Retry())

			h.Expect(result, unsub).ToBe(expected, nil)
		})
	})

	t.Run("should handle a basic source that emits next then completes", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--1--2--^--3--4--5---|", nil)
			subs := "                ^------------!"
			expected := "            ---3--4--5---|"

			result := streams.Pipe(source, streams.Retry())

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(source).ToBe(subs)
		})
	})

	t.Run("should handle a basic source that emits next but does not complete", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--1--2--^--3--4--5---", nil)
			subs := "                ^------------"
			expected := "            ---3--4--5---"

			result := streams.Pipe(source, streams.Retry())

			h.Expect(result).ToBe(expected, nil)
			h.ExpectSubscriptions(source).ToBe(subs)
		})
	})

	t.Run("should handle a basic source that emits next then errors, no count", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Cold("--1-2-3-#                             ", nil)
			unsub := "        -------------------------------------!"
			subs := []string{
				"             ^-------!                             ",
				"             --------^-------!                     ",
				"             ----------------^-------!             ",
				"             ------------------------^-------!     ",
				"             --------------------------------^----!",
			}
			expected := "     --1-2-3---1-2-3---1-2-3---1-2-3---1-2-"

			result := streams.Pipe(source, streams.Retry())

			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(source).ToBe(subs...)
		})
	})

	t.Run("should handle a source which eventually throws, count=3, and result is unsubscribed early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Cold("--1-2-3-#     ", nil)
			unsub := "        -------------!"
			subs := []string{
				"             ^-------!     ",
				"             --------^----!",
			}
			expected := "     --1-2-3---1-2-"

			result := streams.Pipe(source, streams.Retry(streams.RetryCount(3)))

			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(source).ToBe(subs...)
		})
	})

	t.Run("should not break unsubscription chain when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Cold("--1-2-3-#     ", nil)
			subs := []string{
				"             ^-------!     ",
				"             --------^----!",
			}
			expected := "     --1-2-3---1-2-"
			unsub := "        -------------!"

			result := streams.Pipe(source, identity, streams.Retry(streams.RetryCount(100)), identity)

			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(source).ToBe(subs...)
		})
	})

	t.Run("should retry a synchronous source (multicasted and refCounted) multiple times", func(t *testing.T) {
		errBang := errors.New("bad!")
		values, err := collect(t, streams.Pipe(
			concatSources(streams.Of(1, 2, 3), streams.Throw(errBang)),
			streams.Share(),
			streams.Retry(streams.RetryCount(4)),
		))

		require.Equal(t, errBang, err)
		require.Equal(t, ints(1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3), values)
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		synchronousObservable := sideEffecting(&sideEffects)

		_, err := collect(t, streams.Pipe(synchronousObservable, streams.Retry(streams.RetryCount(1)), streams.Take(3)))

		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})

	t.Run("should not alter the source when the number of retries is smaller than 1", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Cold("--1-2-3-# ", nil)
			subs := "         ^-------! "
			expected := "     --1-2-3-# "
			unsub := "        ---------!"

			result := streams.Pipe(source, streams.Retry(streams.RetryCount(0)))

			h.Expect(result, unsub).ToBe(expected, nil)
			h.ExpectSubscriptions(source).ToBe(subs)
		})
	})

	t.Run("with delay config", func(t *testing.T) {
		t.Run("of a number", func(t *testing.T) {
			t.Run("should delay the retry by a specified amount of time", func(t *testing.T) {
				streamtest.Run(t, func(h *streamtest.H) {
					source := h.Cold("---a---b---#", nil)
					d := h.Frames(4) // time('----|')
					subs := []string{
						"             ^----------!",
						"             ---------------^----------!",
						"             ------------------------------^----------!",
						"             ---------------------------------------------^----!",
					}
					unsub := "        ^-------------------------------------------------!"
					expected := "     ---a---b----------a---b----------a---b----------a--"

					result := streams.Pipe(source, streams.Retry(streams.RetryDelay(func(error, int) rxgo.Observable {
						return streams.Timer(d)
					})))

					h.Expect(result, unsub).ToBe(expected, nil)
					h.ExpectSubscriptions(source).ToBe(subs...)
				})
			})

			t.Run("should act like a normal retry if delay is set to 0", func(t *testing.T) {
				streamtest.Run(t, func(h *streamtest.H) {
					source := h.Cold("---a---b---#", nil)
					subs := []string{
						"             ^----------!",
						"             -----------^----------!",
						"             ----------------------^----------!",
						"             ---------------------------------^----!",
					}
					unsub := "        ^-------------------------------------!"
					expected := "     ---a---b------a---b------a---b------a--"

					result := streams.Pipe(source, streams.Retry(streams.RetryDelay(func(error, int) rxgo.Observable {
						return streams.Timer(0)
					})))

					h.Expect(result, unsub).ToBe(expected, nil)
					h.ExpectSubscriptions(source).ToBe(subs...)
				})
			})

			t.Run("should honor count as the max retries", func(t *testing.T) {
				streamtest.Run(t, func(h *streamtest.H) {
					source := h.Cold("---a---b---#", nil)
					d := h.Frames(4) // time('----|')
					subs := []string{
						"             ^----------!",
						"             ---------------^----------!",
						"             ------------------------------^----------!",
					}
					expected := "     ---a---b----------a---b----------a---b---#"

					result := streams.Pipe(source, streams.Retry(streams.RetryCount(2), streams.RetryDelay(func(error, int) rxgo.Observable {
						return streams.Timer(d)
					})))

					h.Expect(result).ToBe(expected, nil)
					h.ExpectSubscriptions(source).ToBe(subs...)
				})
			})
		})

		t.Run("of a function", func(t *testing.T) {
			t.Run("should delay the retry with a function that returns a notifier", func(t *testing.T) {
				streamtest.Run(t, func(h *streamtest.H) {
					frame := h.Frames(1)
					source := h.Cold("---a---b---#", nil)
					subs := []string{
						"             ^----------!",
						"             ------------^----------!",
						"             -------------------------^----------!",
						"             ---------------------------------------^----!",
					}
					unsub := "        ^-------------------------------------------!"
					expected := "     ---a---b-------a---b--------a---b---------a--"

					result := streams.Pipe(source, streams.Retry(streams.RetryDelay(func(_ error, retryCount int) rxgo.Observable {
						// retryCount will be 1, 2, 3, etc.
						return streams.Timer(time.Duration(retryCount) * frame)
					})))

					h.Expect(result, unsub).ToBe(expected, nil)
					h.ExpectSubscriptions(source).ToBe(subs...)
				})
			})

			t.Run("should delay the retry with a function that returns a hot observable", func(t *testing.T) {
				streamtest.Run(t, func(h *streamtest.H) {
					source := h.Cold(" ---a---b---#", nil)
					notifier := h.Hot("--------------x----------------x----------------x------", nil)
					subs := []string{
						"              ^----------!",
						"              --------------^----------!",
						"              -------------------------------^----------!",
					}
					notifierSubs := []string{
						"              -----------^--!",
						"              -------------------------^-----!",
						"              ------------------------------------------^-!",
					}
					unsub := "         ^-------------------------------------------!"
					expected := "      ---a---b---------a---b------------a---b------"

					result := streams.Pipe(source, streams.Retry(streams.RetryDelay(func(error, int) rxgo.Observable {
						return notifier
					})))

					h.Expect(result, unsub).ToBe(expected, nil)
					h.ExpectSubscriptions(source).ToBe(subs...)
					h.ExpectSubscriptions(notifier).ToBe(notifierSubs...)
				})
			})

			t.Run("should complete if the notifier completes", func(t *testing.T) {
				streamtest.Run(t, func(h *streamtest.H) {
					frame := h.Frames(1)
					source := h.Cold("---a---b---#", nil)
					subs := []string{
						"             ^----------!",
						"             ------------^----------!",
						"             -------------------------^----------!",
					}
					expected := "     ---a---b-------a---b--------a---b---|"

					result := streams.Pipe(source, streams.Retry(streams.RetryDelay(func(_ error, retryCount int) rxgo.Observable {
						if retryCount <= 2 {
							return streams.Timer(time.Duration(retryCount) * frame)
						}
						return streams.Empty()
					})))

					h.Expect(result).ToBe(expected, nil)
					h.ExpectSubscriptions(source).ToBe(subs...)
				})
			})

			t.Run("should error if the notifier errors", func(t *testing.T) {
				streamtest.Run(t, func(h *streamtest.H) {
					frame := h.Frames(1)
					source := h.Cold("---a---b---#", nil)
					subs := []string{
						"             ^----------!",
						"             ------------^----------!",
						"             -------------------------^----------!",
					}
					expected := "     ---a---b-------a---b--------a---b---#"

					result := streams.Pipe(source, streams.Retry(streams.RetryDelay(func(_ error, retryCount int) rxgo.Observable {
						if retryCount <= 2 {
							return streams.Timer(time.Duration(retryCount) * frame)
						}
						return streams.Throw(errBlah)
					})))

					h.Expect(result).ToBe(expected, nil, errBlah)
					h.ExpectSubscriptions(source).ToBe(subs...)
				})
			})

			t.Run("should error if the delay function throws", func(t *testing.T) {
				streamtest.Run(t, func(h *streamtest.H) {
					frame := h.Frames(1)
					source := h.Cold("---a---b---#", nil)
					subs := []string{
						"             ^----------!",
						"             ------------^----------!",
						"             -------------------------^----------!",
					}
					expected := "     ---a---b-------a---b--------a---b---#"

					result := streams.Pipe(source, streams.Retry(streams.RetryDelay(func(_ error, retryCount int) rxgo.Observable {
						if retryCount <= 2 {
							return streams.Timer(time.Duration(retryCount) * frame)
						}
						panic(errBlah)
					})))

					h.Expect(result).ToBe(expected, nil, errBlah)
					h.ExpectSubscriptions(source).ToBe(subs...)
				})
			})

			t.Run("should be usable for exponential backoff", func(t *testing.T) {
				streamtest.Run(t, func(h *streamtest.H) {
					frame := h.Frames(1)
					source := h.Cold("---a---#", nil)
					subs := []string{
						"             ^------!",
						"             ---------^------!",
						"             --------------------^------!",
						"             -----------------------------------^------!",
					}
					expected := "     ---a--------a----------a--------------a---#"

					result := streams.Pipe(source, streams.Retry(
						streams.RetryCount(3),
						streams.RetryDelay(func(_ error, retryCount int) rxgo.Observable {
							return streams.Timer(time.Duration(1<<retryCount) * frame)
						}),
					))

					h.Expect(result).ToBe(expected, nil)
					h.ExpectSubscriptions(source).ToBe(subs...)
				})
			})
		})
	})
}
