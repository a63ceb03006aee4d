package streams_test

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"testing"

	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type login struct{ User string }

func (l login) String() string { return "login " + l.User }

type logout struct{}

func (logout) String() string { return "logout" }

func TestOfType(t *testing.T) {
	var nilLogin *login
	items := []any{1, "a", login{"ann"}, 2, logout{}, &login{"bob"}, nil, nilLogin, errBoom, 3.5, int64(4)}
	tests := []struct {
		name string
		op   streams.Operator
		want []any
	}{
		{name: "int", op: streams.OfType[int](), want: ints(1, 2)},
		{name: "string", op: streams.OfType[string](), want: []any{"a"}},
		{name: "struct", op: streams.OfType[login](), want: []any{login{"ann"}}},
		// A typed nil pointer is a *login; an untyped nil is not.
		{name: "pointer", op: streams.OfType[*login](), want: []any{&login{"bob"}, nilLogin}},
		{name: "interface", op: streams.OfType[fmt.Stringer](), want: []any{login{"ann"}, logout{}, &login{"bob"}, nilLogin}},
		{name: "error interface", op: streams.OfType[error](), want: []any{errBoom}},
		{name: "any", op: streams.OfType[any](), want: []any{1, "a", login{"ann"}, 2, logout{}, &login{"bob"}, nilLogin, errBoom, 3.5, int64(4)}},
		{name: "none match", op: streams.OfType[uint8]()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := collect(t, streams.Pipe(streams.Of(items...), tt.op))
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

// What OfType[T] lets through, a downstream function can assert to T.
func TestOfTypeOutputAssertsSafely(t *testing.T) {
	got, err := collect(t, streams.Pipe(streams.Of(nil, logout{}, nil),
		streams.OfType[fmt.Stringer](),
		streams.Map(func(v any) string { return v.(fmt.Stringer).String() })))
	require.NoError(t, err)
	require.Equal(t, []any{"logout"}, got)
}

func TestMap(t *testing.T) {
	got, err := collect(t, streams.Pipe(streams.Of(1, 2, 3), streams.Map(strconv.Itoa)))
	require.NoError(t, err)
	require.Equal(t, []any{"1", "2", "3"}, got)

	// Interface and pointer types accept a nil item as their zero value.
	got, err = collect(t, streams.Pipe(streams.Of(nil, &login{"x"}), streams.Map(func(l *login) bool { return l == nil })))
	require.NoError(t, err)
	require.Equal(t, []any{true, false}, got)
}

func TestFilter(t *testing.T) {
	got, err := collect(t, streams.Pipe(streams.Of(1, 2, 3, 4, 5, 6), streams.Filter(func(v int) bool { return v%2 == 0 })))
	require.NoError(t, err)
	require.Equal(t, ints(2, 4, 6), got)
}

func TestTypedOperatorsFailOnTheWrongType(t *testing.T) {
	tests := []struct {
		name string
		op   streams.Operator
		good any // an item of the right type
		in   any // one of the wrong type
		want reflect.Type
	}{
		{name: "Map", op: streams.Map(func(v int) int { return v }), good: 1, in: "one", want: reflect.TypeFor[int]()},
		{name: "Map", op: streams.Map(func(v int) int { return v }), good: 1, in: nil, want: reflect.TypeFor[int]()},
		{name: "Map", op: streams.Map(func(v fmt.Stringer) string { return v.String() }), good: logout{}, in: 7, want: reflect.TypeFor[fmt.Stringer]()},
		{name: "Filter", op: streams.Filter(func(int) bool { return true }), good: 1, in: int64(1), want: reflect.TypeFor[int]()},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s of %T", tt.name, tt.in), func(t *testing.T) {
			// Nothing after the failing item.
			got, err := drain(t, mustObserve(t, streams.Pipe(streams.Of(tt.good, tt.in, tt.good), tt.op)))
			require.Len(t, got, 1)
			var te *streams.TypeError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, tt.name, te.Op)
			assert.Equal(t, reflect.TypeOf(tt.in), te.Got)
			assert.Equal(t, tt.want, te.Want)
			assert.Equal(t, fmt.Sprintf("streams.%s: got an item of type %v, want %v", tt.name, reflect.TypeOf(tt.in), tt.want), err.Error())
		})
	}
}

func TestTypeErrorDoesNotShowTheValue(t *testing.T) {
	_, err := collect(t, streams.Pipe(streams.Of("secret-token-value"), streams.Map(func(v int) int { return v })))
	require.Error(t, err)
	require.NotContains(t, err.Error(), "secret-token-value")
}

func TestTypedOperatorsTurnPanicsIntoErrors(t *testing.T) {
	tests := []struct {
		name string
		op   streams.Operator
	}{
		{name: "Map", op: streams.Map(func(v int) int { return 10 / (v - 2) })},
		{name: "Filter", op: streams.Filter(func(v int) bool { return 10/(v-2) != 0 })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := drain(t, mustObserve(t, streams.Pipe(streams.Of(1, 2, 3), tt.op)))
			require.Len(t, got, 1, "the value before the panic, nothing after")
			var pe *streams.PanicError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.name, pe.Op)
			var re interface{ RuntimeError() }
			require.True(t, errors.As(err, &re), "the runtime error is reachable through the PanicError")
			assert.Contains(t, err.Error(), "streams: panic in "+tt.name+": runtime error: integer divide by zero")
			assert.Contains(t, string(pe.Stack), "typed_test.go", "the stack shows where it panicked")
		})
	}
}
