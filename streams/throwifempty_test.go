package streams_test

import (
	"errors"
	"testing"
	"testing/synctest"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

func TestThrowIfEmpty(t *testing.T) {
	errCutOff := errors.New("cut off")
	cutOff := func() error { return errCutOff }
	tests := []struct {
		name    string
		src     rxgo.Observable
		newErr  func() error
		want    []any
		wantErr error
	}{
		{name: "values pass", src: streams.Of(1, 2), newErr: cutOff, want: ints(1, 2)},
		{name: "empty fails with the new error", src: streams.Empty(), newErr: cutOff, wantErr: errCutOff},
		{name: "a nil error is ErrEmpty", src: streams.Empty(), newErr: func() error { return nil }, wantErr: streams.ErrEmpty},
		{name: "a source error passes unchanged", src: streams.Throw(errBoom), newErr: cutOff, wantErr: errBoom},
		{
			name:    "a silent TakeUntil cut-off becomes an error",
			src:     streams.Pipe(streams.Never(), streams.TakeUntil(streams.Of("signed out"))),
			newErr:  cutOff,
			wantErr: errCutOff,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := collect(t, streams.Pipe(tt.src, streams.ThrowIfEmpty(tt.newErr)))
			require.Equal(t, tt.want, got)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
		})
	}
}

func TestThrowIfEmptyPanic(t *testing.T) {
	_, err := collect(t, streams.Pipe(streams.Empty(), streams.ThrowIfEmpty(func() error { panic("no") })))
	var pe *streams.PanicError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "ThrowIfEmpty", pe.Op)
}

func TestThrowIfEmptyUnsubscribedIsNotAnError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		called := false
		ch, cancel := observe(t, streams.Pipe(streams.Never(), streams.ThrowIfEmpty(func() error {
			called = true
			return errBoom
		})))
		settle()
		cancel()
		requireClosed(t, ch)
		settle()
		require.False(t, called)
	})
}
