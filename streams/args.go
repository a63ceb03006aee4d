package streams

import (
	"fmt"
	"time"
)

// The checks of the arguments operators are built with: a bad one panics
// at construction, with a message naming the operator and the argument.

// mustNotBeNil panics if isNil.
func mustNotBeNil(op, arg string, isNil bool) {
	if isNil {
		panic(fmt.Sprintf("streams.%s: nil %s", op, arg))
	}
}

// mustNotBeNegative panics if n is negative.
func mustNotBeNegative[N int | time.Duration](op, arg string, n N) {
	if n < 0 {
		panic(fmt.Sprintf("streams.%s: negative %s %v", op, arg, n))
	}
}

// mustBePositive panics if n is not positive.
func mustBePositive[N int | time.Duration](op, arg string, n N) {
	if n <= 0 {
		panic(fmt.Sprintf("streams.%s: %s %v is not positive", op, arg, n))
	}
}

// configure applies opts to cfg in order; a nil option panics.
func configure[C any, O ~func(*C)](op string, cfg *C, opts []O) {
	for _, o := range opts {
		mustNotBeNil(op, "option", o == nil)
		o(cfg)
	}
}
