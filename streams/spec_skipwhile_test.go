package streams_test

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/skipWhile-spec.ts.
//
// The predicate takes the value only, as Filter's does; the cases that use
// RxJS's index argument count values in a predicate made per subscription
// (perSubscription, indexed).
//
// Left out:
//   - "should skip all elements with a truthy predicate" and "should not
//     skip any elements with a falsy predicate": a Go predicate returns a
//     bool, so there is no truthiness to test beyond the true and false
//     cases ported.
func TestSpecSkipWhile(t *testing.T) {
	t.Run("should skip all elements until predicate is false", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("-1-^2--3--4--5--6--|", nil)
			result := streams.Pipe(source, streams.SkipWhile(func(v string) bool { return number(v) < 4 }))
			h.Expect(result).ToBe("-------4--5--6--|", nil)
			h.ExpectSubscriptions(source).ToBe("^---------------!")
		})
	})

	t.Run("should skip all elements with a true predicate", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("-1-^2--3--4--5--6--|", nil)
			result := streams.Pipe(source, streams.SkipWhile(func(string) bool { return true }))
			h.Expect(result).ToBe("----------------|", nil)
			h.ExpectSubscriptions(source).ToBe("^---------------!")
		})
	})

	t.Run("should not skip any element with a false predicate", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("-1-^2--3--4--5--6--|", nil)
			result := streams.Pipe(source, streams.SkipWhile(func(string) bool { return false }))
			h.Expect(result).ToBe("-2--3--4--5--6--|", nil)
			h.ExpectSubscriptions(source).ToBe("^---------------!")
		})
	})

	t.Run("should skip elements on hot source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--1--2-^-3--4--5--6--7--8--", nil)
			result := streams.Pipe(source, streams.SkipWhile(func(v string) bool { return number(v) < 5 }))
			h.Expect(result).ToBe("--------5--6--7--8--", nil)
			h.ExpectSubscriptions(source).ToBe("^-------------------")
		})
	})

	t.Run("should be possible to skip using the element's index", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b-^-c--d--e--f--g--h--|", nil)
			result := perSubscription(source, func() streams.Operator {
				return streams.SkipWhile(indexed(func(_ string, i int) bool { return i < 2 }))
			})
			h.Expect(result).ToBe("--------e--f--g--h--|", nil)
			h.ExpectSubscriptions(source).ToBe("^-------------------!")
		})
	})

	t.Run("should skip using index with source unsubscribes early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b-^-c--d--e--f--g--h--|", nil)
			result := perSubscription(source, func() streams.Operator {
				return streams.SkipWhile(indexed(func(_ string, i int) bool { return i < 1 }))
			})
			h.Expect(result, "-----------!").ToBe("-----d--e---", nil)
			h.ExpectSubscriptions(source).ToBe("^----------!")
		})
	})

	t.Run("should not break unsubscription chains when result is unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b-^-c--d--e--f--g--h--|", nil)
			result := perSubscription(source, func() streams.Operator {
				return func(src rxgo.Observable) rxgo.Observable {
					return streams.Pipe(src, mergeOf(), streams.SkipWhile(indexed(func(_ any, i int) bool { return i < 1 })), mergeOf())
				}
			})
			h.Expect(result, "-----------!").ToBe("-----d--e---", nil)
			h.ExpectSubscriptions(source).ToBe("^----------!")
		})
	})

	t.Run("should skip using value with source throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b-^-c--d--e--f--g--h--#", nil)
			result := streams.Pipe(source, streams.SkipWhile(func(v string) bool { return v != "d" }))
			h.Expect(result).ToBe("-----d--e--f--g--h--#", nil)
			h.ExpectSubscriptions(source).ToBe("^-------------------!")
		})
	})

	t.Run("should invoke predicate while its false and never again", func(t *testing.T) {
		var invoked atomic.Int64
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b-^-c--d--e--f--g--h--|", nil)
			result := streams.Pipe(source, streams.SkipWhile(func(v string) bool {
				invoked.Add(1)
				return v != "e"
			}))
			h.Expect(result).ToBe("--------e--f--g--h--|", nil)
			h.ExpectSubscriptions(source).ToBe("^-------------------!")
		})
		require.EqualValues(t, 3, invoked.Load())
	})

	t.Run("should handle predicate that throws", func(t *testing.T) {
		nom := errors.New("nom d'une pipe !")
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Hot("--a--b-^-c--d--e--f--g--h--|", nil)
			result := streams.Pipe(source, streams.SkipWhile(func(v string) bool {
				if v == "e" {
					panic(nom)
				}
				return v != "f"
			}))
			h.Expect(result).ToBe("--------#", nil, nom)
			h.ExpectSubscriptions(source).ToBe("^-------!")
		})
	})

	t.Run("should handle Observable.empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Cold("|", nil)
			h.Expect(streams.Pipe(source, streams.SkipWhile(func(string) bool { return true }))).ToBe("|", nil)
			h.ExpectSubscriptions(source).ToBe("(^!)")
		})
	})

	t.Run("should handle Observable.never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Cold("-", nil)
			h.Expect(streams.Pipe(source, streams.SkipWhile(func(string) bool { return true }))).ToBe("-", nil)
			h.ExpectSubscriptions(source).ToBe("^")
		})
	})

	t.Run("should handle Observable.throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			source := h.Cold("#", nil)
			h.Expect(streams.Pipe(source, streams.SkipWhile(func(string) bool { return true }))).ToBe("#", nil)
			h.ExpectSubscriptions(source).ToBe("(^!)")
		})
	})

	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var c counter
		got, err := collect(t, streams.Pipe(sideEffects(&c), streams.SkipWhile(func(v int) bool { return v < 2 }), streams.Take(1)))
		require.NoError(t, err)
		require.Equal(t, ints(2), got)
		require.EqualValues(t, 3, c.n.Load())
	})
}
