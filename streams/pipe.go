package streams

import (
	"fmt"

	"github.com/reactivex/rxgo/v2"
)

// Operator turns one observable into another. Operators are values: build
// one once and apply it to as many sources as you like.
type Operator func(rxgo.Observable) rxgo.Observable

// Pipe applies ops to src from left to right:
// Pipe(src, a, b) is b(a(src)).
func Pipe(src rxgo.Observable, ops ...Operator) rxgo.Observable {
	mustNotBeNil("Pipe", "source", src == nil)
	for i, op := range ops {
		if op == nil {
			panic(fmt.Sprintf("streams.Pipe: nil operator at index %d", i))
		}
		src = op(src)
	}
	return src
}
