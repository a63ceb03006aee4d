package epics_test

import (
	"testing"
	"testing/synctest"

	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
)

// The ofType cases of redux-observable's test/operators-spec.ts, on
// OfKind, which filters by type name as ofType does (OfType filters by Go
// type).
//
// "should warn about not passing any values": OfKind panics instead, at
// construction, as every bad argument in this module does.
// Left out: "should warn about using nullsy values": a Go string is never
// null or undefined.

func TestOfTypeSpec(t *testing.T) {
	t.Run("should filter by action type", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			actions := streams.NewSubject()
			lulz := collect(t.Context(), streams.Pipe(actions.Observable(), epics.OfKind("LULZ")))
			haha := collect(t.Context(), streams.Pipe(actions.Observable(), epics.OfKind("HAHA")))

			actions.Next(A{T: "LULZ", N: 0})
			synctest.Wait()
			assert.Equal(t, []any{A{T: "LULZ", N: 0}}, lulz())
			assert.Empty(t, haha())

			actions.Next(A{T: "LULZ", N: 1})
			synctest.Wait()
			assert.Equal(t, []any{A{T: "LULZ", N: 0}, A{T: "LULZ", N: 1}}, lulz())
			assert.Empty(t, haha())

			actions.Next(A{T: "HAHA", N: 0})
			synctest.Wait()
			assert.Equal(t, []any{A{T: "LULZ", N: 0}, A{T: "LULZ", N: 1}}, lulz())
			assert.Equal(t, []any{A{T: "HAHA", N: 0}}, haha())
		})
	})

	t.Run("should filter by multiple action types", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			actions := streams.NewSubject()
			lulz := collect(t.Context(), streams.Pipe(actions.Observable(), epics.OfKind("LULZ", "LARF")))
			haha := collect(t.Context(), streams.Pipe(actions.Observable(), epics.OfKind("HAHA")))

			actions.Next(A{T: "LULZ", N: 0})
			synctest.Wait()
			assert.Equal(t, []any{A{T: "LULZ", N: 0}}, lulz())
			assert.Empty(t, haha())

			actions.Next(A{T: "LARF", N: 1})
			synctest.Wait()
			assert.Equal(t, []any{A{T: "LULZ", N: 0}, A{T: "LARF", N: 1}}, lulz())
			assert.Empty(t, haha())

			actions.Next(A{T: "HAHA", N: 0})
			synctest.Wait()
			assert.Equal(t, []any{A{T: "LULZ", N: 0}, A{T: "LARF", N: 1}}, lulz())
			assert.Equal(t, []any{A{T: "HAHA", N: 0}}, haha())
		})
	})

	t.Run("should warn about not passing any values", func(t *testing.T) {
		assert.PanicsWithValue(t, "epics.OfKind: no kinds given", func() { epics.OfKind() })
	})
}
