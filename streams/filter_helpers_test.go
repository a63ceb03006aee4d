package streams_test

import (
	"context"
	"strconv"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
)

// perSubscription applies the operator build returns, built anew for every
// subscription: how a predicate keeps a count of its own per subscription,
// as RxJS's index argument is.
func perSubscription(src rxgo.Observable, build func() streams.Operator) rxgo.Observable {
	return streams.Defer(func(context.Context) rxgo.Observable { return streams.Pipe(src, build()) })
}

// indexed turns pred, which takes a value's index as RxJS predicates do,
// into a predicate that counts the values it was called for.
func indexed[T any](pred func(v T, index int) bool) func(T) bool {
	i := -1
	return func(v T) bool {
		i++
		return pred(v, i)
	}
}

// mergeOf is RxJS's mergeMap(x => of(x)), the link the "unsubscription
// chain" cases put on both sides of an operator.
func mergeOf() streams.Operator {
	return streams.MergeMap(func(x any) rxgo.Observable { return streams.Of(x) }, 0)
}

// number reads a one-digit marble value as a number, as RxJS's +v does.
func number(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil {
		panic(err)
	}
	return n
}

// sideEffects is RxJS's synchronous source of 0 to 9 that stops as soon as
// its subscriber is closed; c counts the values it produced.
func sideEffects(c *counter) rxgo.Observable {
	return streams.Pipe(streams.Of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), streams.Map(c.count))
}
