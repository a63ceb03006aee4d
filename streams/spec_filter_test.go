package streams_test

import (
	"strconv"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// The cases of RxJS 7.8.1 spec/operators/filter-spec.ts. The marble
// digits are strings, as RxJS's are; the predicates read them as numbers.
//
// Filter's predicate gets no index: the cases with an index count the
// calls themselves, which is the same for a single subscription.
//
// Left out:
//   - "should be able to accept and use a thisArg": Go has no this.
//   - "should support type guards without breaking previous behavior": a
//     TypeScript typing case (OfType is Go's type guard).
func TestSpecFilter(t *testing.T) {
	oddFilter := func(x string) bool { return atoi(x)%2 == 1 }
	isPrime := func(x string) bool { return prime(atoi(x)) }
	// withIndex is a predicate with RxJS's index argument.
	withIndex := func(f func(x string, i int) bool) func(string) bool {
		i := -1
		return func(x string) bool { i++; return f(x, i) }
	}
	primeWithIndex := func(x string, i int) bool { return prime(atoi(x) + i*10) }

	t.Run("should filter out even values", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--0--1--2--3--4--|", nil)
			h.Expect(streams.Pipe(e1, streams.Filter(oddFilter))).ToBe("-----1-----3-----|", nil)
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
		})
	})
	t.Run("should filter in only prime numbers", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--|", nil)
			h.Expect(streams.Pipe(e1, streams.Filter(isPrime))).ToBe("--3---5----7-------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should filter with an always-true predicate", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--|", nil)
			predicate := func(string) bool { return true }
			h.Expect(streams.Pipe(e1, streams.Filter(predicate))).ToBe("--3-4-5-6--7-8--9--|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should filter with an always-false predicate", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--|", nil)
			predicate := func(string) bool { return false }
			h.Expect(streams.Pipe(e1, streams.Filter(predicate))).ToBe("-------------------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should filter in only prime numbers, source unsubscribes early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--|", nil)
			h.Expect(streams.Pipe(e1, streams.Filter(isPrime)), "------------!").ToBe("--3---5----7-", nil)
			h.ExpectSubscriptions(e1).ToBe("^-----------!")
		})
	})
	t.Run("should filter in only prime numbers, source throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--#", nil)
			h.Expect(streams.Pipe(e1, streams.Filter(isPrime))).ToBe("--3---5----7-------#", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should filter in only prime numbers, but predicate throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--|", nil)
			invoked := 0
			predicate := func(x string) bool {
				invoked++
				if invoked == 4 {
					panic(errThrown)
				}
				return isPrime(x)
			}
			h.Expect(streams.Pipe(e1, streams.Filter(predicate))).ToBe("--3---5-#", nil, errThrown)
			h.ExpectSubscriptions(e1).ToBe("^-------!")
		})
	})
	t.Run("should filter in only prime numbers, predicate with index", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--|", nil)
			h.Expect(streams.Pipe(e1, streams.Filter(withIndex(primeWithIndex)))).ToBe("--3--------7-------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should invoke predicate once for each checked value", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--|", nil)
			invoked := 0
			predicate := func(x string) bool {
				invoked++
				return isPrime(x)
			}
			h.Expect(streams.Pipe(e1, streams.Filter(predicate))).ToBe("--3---5----7-------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
			h.Flush()
			require.Equal(h, 7, invoked)
		})
	})
	t.Run("should filter in only prime numbers, predicate with index, source unsubscribes early", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--|", nil)
			h.Expect(streams.Pipe(e1, streams.Filter(withIndex(primeWithIndex))), "------------!").ToBe("--3--------7-", nil)
			h.ExpectSubscriptions(e1).ToBe("^-----------!")
		})
	})
	t.Run("should filter in only prime numbers, predicate with index, source throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--#", nil)
			h.Expect(streams.Pipe(e1, streams.Filter(withIndex(primeWithIndex)))).ToBe("--3--------7-------#", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should filter in only prime numbers, predicate with index and throws", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--|", nil)
			invoked := 0
			predicate := withIndex(func(x string, i int) bool {
				invoked++
				if invoked == 4 {
					panic(errThrown)
				}
				return primeWithIndex(x, i)
			})
			h.Expect(streams.Pipe(e1, streams.Filter(predicate))).ToBe("--3-----#", nil, errThrown)
			h.ExpectSubscriptions(e1).ToBe("^-------!")
		})
	})
	t.Run("should compose with another filter to allow multiples of six", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--|", nil)
			result := streams.Pipe(e1,
				streams.Filter(func(x string) bool { return atoi(x)%2 == 0 }),
				streams.Filter(func(x string) bool { return atoi(x)%3 == 0 }),
			)
			h.Expect(result).ToBe("--------6----------|", nil)
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should be able to use filter and map composed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--|", nil)
			result := streams.Pipe(e1,
				streams.Filter(func(x string) bool { return atoi(x)%2 == 0 }),
				streams.Map(func(x string) int { return atoi(x) * atoi(x) }),
			)
			h.Expect(result).ToBe("----a---b----c-----|", map[string]any{"a": 16, "b": 36, "c": 64})
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should propagate errors from the source", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("--0--1--2--3--4--#", nil)
			h.Expect(streams.Pipe(e1, streams.Filter(oddFilter))).ToBe("-----1-----3-----#", nil)
			h.ExpectSubscriptions(e1).ToBe("^----------------!")
		})
	})
	t.Run("should handle empty", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("|", nil)
			h.Expect(streams.Pipe(e1, streams.Filter(oddFilter))).ToBe("|", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
	t.Run("should handle never", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("-", nil)
			h.Expect(streams.Pipe(e1, streams.Filter(oddFilter))).ToBe("-", nil)
			h.ExpectSubscriptions(e1).ToBe("^")
		})
	})
	t.Run("should handle throw", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Cold("#", nil)
			h.Expect(streams.Pipe(e1, streams.Filter(oddFilter))).ToBe("#", nil)
			h.ExpectSubscriptions(e1).ToBe("(^!)")
		})
	})
	t.Run("should send errors down the error path", func(t *testing.T) {
		bad := streams.Pipe(streams.Of(42), streams.Filter(func(int) bool { panic("bad") }))
		values, err := collect(t, bad)
		require.Empty(t, values)
		var perr *streams.PanicError
		require.ErrorAs(t, err, &perr)
		require.Equal(t, "bad", perr.Value)
	})
	t.Run("should not break unsubscription chain when unsubscribed explicitly", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			e1 := h.Hot("-1--2--^-3-4-5-6--7-8--9--|", nil)
			result := streams.Pipe(e1,
				streams.MergeMap(ofString, 0),
				streams.Filter(isPrime),
				streams.MergeMap(ofString, 0),
			)
			h.Expect(result, "------------!").ToBe("--3---5----7-", nil)
			h.ExpectSubscriptions(e1).ToBe("^-----------!")
		})
	})
	t.Run("should support Boolean as a predicate", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			values := map[string]any{"t": 1, "f": 0}
			e1 := h.Hot("-t--f--^-t-f-t-f--t-f--f--|", values)
			truthy := func(x int) bool { return x != 0 }
			h.Expect(streams.Pipe(e1, streams.Filter(truthy))).ToBe("--t---t----t-------|", values)
			h.ExpectSubscriptions(e1).ToBe("^------------------!")
		})
	})
	t.Run("should stop listening to a synchronous observable when unsubscribed", func(t *testing.T) {
		var sideEffects []int
		result := streams.Pipe(synchronousSource(&sideEffects), streams.Filter(func(int) bool { return true }), streams.Take(3))
		subscribeSynchronously(t, result, streams.Observer{})
		require.Equal(t, []int{0, 1, 2}, sideEffects)
	})
}

// atoi reads a marble digit as a number, as RxJS's +x does.
func atoi(x string) int {
	n, err := strconv.Atoi(x)
	if err != nil {
		panic(err)
	}
	return n
}

// prime reports whether n is a prime number.
func prime(n int) bool {
	if n <= 1 {
		return false
	}
	for j := 2; j*j <= n; j++ {
		if n%j == 0 {
			return false
		}
	}
	return true
}
