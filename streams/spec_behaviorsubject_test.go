package streams_test

import (
	"errors"
	"testing"
	"testing/synctest"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// RxJS 7.8.1 spec/subjects/BehaviorSubject-spec.ts, case by case.
//
// How the cases are written here: as in spec_subject_test.go (subjectLog,
// observerOf, feedInto); getValue() and the value property are both
// Value, which returns the subject's error instead of throwing it;
// mergeMapTo(subject) is MergeMap to the subject's Observable. "should
// pump values to multiple subscribers" checks what both subscribers see;
// the count of observers it also checks is not exposed.
//
// Left out:
//   - "should extend Subject": a class hierarchy.
//   - "should throw an ObjectUnsubscribedError if getValue() is called and
//     the BehaviorSubject has been unsubscribed": a subject here cannot
//     be disposed.
//   - "should not allow you to set `value` directly": TypeScript's
//     readonly; Go has no field to set.
//   - "should clean out unsubscribed subscribers": the subscribers are not
//     exposed.
//   - "should be an Observer which can be given to an interop source": an
//     interop subject, an observer of another library's shape.
func TestSpecBehaviorSubject(t *testing.T) {
	t.Run("should throw if it has received an error and getValue() is called", func(t *testing.T) {
		subject := streams.NewBehaviorSubject(nil)
		derp := errors.New("derp")
		subject.Error(derp)
		_, err := subject.Value()
		require.Equal(t, derp, err)
	})

	t.Run("should have a getValue() method to retrieve the current value", func(t *testing.T) {
		subject := streams.NewBehaviorSubject("staltz")
		requireCurrent(t, subject, "staltz")

		subject.Next("oj")

		requireCurrent(t, subject, "oj")
	})

	t.Run("should still allow you to retrieve the value from the value property", func(t *testing.T) {
		subject := streams.NewBehaviorSubject("fuzzy")
		requireCurrent(t, subject, "fuzzy")
		subject.Next("bunny")
		requireCurrent(t, subject, "bunny")
	})

	t.Run("should start with an initialization value", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewBehaviorSubject("foo")
			var results subjectLog
			results.subscribe(t, subject.Observable())

			subject.Next("bar")
			subject.Complete()

			require.Equal(t, []any{"foo", "bar", "C"}, results.events())
		})
	})

	t.Run("should pump values to multiple subscribers", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewBehaviorSubject("init")
			var results1, results2 subjectLog
			results1.subscribe(t, subject.Observable())
			results2.subscribe(t, subject.Observable())

			subject.Next("foo")
			subject.Next("bar")
			subject.Complete()

			require.Equal(t, []any{"init", "foo", "bar", "C"}, results1.events())
			require.Equal(t, []any{"init", "foo", "bar", "C"}, results2.events())
		})
	})

	t.Run("should not pass values nexted after a complete", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewBehaviorSubject("init")
			var results subjectLog

			streams.Subscribe(t.Context(), subject.Observable(), streams.Observer{Next: results.add})
			require.Equal(t, []any{"init"}, results.events())

			subject.Next("foo")
			require.Equal(t, []any{"init", "foo"}, results.events())

			subject.Complete()
			require.Equal(t, []any{"init", "foo"}, results.events())

			subject.Next("bar")
			require.Equal(t, []any{"init", "foo"}, results.events())
		})
	})

	t.Run("should replay the previous value when subscribed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			behaviorSubject := streams.NewBehaviorSubject("0")
			mergeMapTo := streams.MergeMap(func(string) rxgo.Observable { return behaviorSubject.Observable() }, 0)

			sourceTemplate := " -1-2-3----4------5-6---7--8----9--|"
			subscriber1 := streams.Pipe(h.Hot("------(a|)                         ", nil), mergeMapTo)
			unsub1 := "         ---------------------!             "
			expected1 := "      ------3---4------5-6--             "
			subscriber2 := streams.Pipe(h.Hot("------------(b|)                   ", nil), mergeMapTo)
			unsub2 := "         -------------------------!         "
			expected2 := "      ------------4----5-6---7--         "
			subscriber3 := streams.Pipe(h.Hot("---------------------------(c|)    ", nil), mergeMapTo)
			expected3 := "      ---------------------------8---9--|"

			h.Expect(feedInto(h.Hot(sourceTemplate, nil), behaviorSubject)).ToBe(sourceTemplate, nil)
			h.Expect(subscriber1, unsub1).ToBe(expected1, nil)
			h.Expect(subscriber2, unsub2).ToBe(expected2, nil)
			h.Expect(subscriber3).ToBe(expected3, nil)
		})
	})

	t.Run("should emit complete when subscribed after completed", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			behaviorSubject := streams.NewBehaviorSubject("0")
			mergeMapTo := streams.MergeMap(func(string) rxgo.Observable { return behaviorSubject.Observable() }, 0)

			sourceTemplate := " -1-2-3--4--|       "
			subscriber1 := streams.Pipe(h.Hot("---------------(a|)", nil), mergeMapTo)
			expected1 := "      ---------------|   "

			h.Expect(feedInto(h.Hot(sourceTemplate, nil), behaviorSubject)).ToBe(sourceTemplate, nil)
			h.Expect(subscriber1).ToBe(expected1, nil)
		})
	})

	t.Run("should be an Observer which can be given to Observable.subscribe", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			source := streams.Of(1, 2, 3, 4, 5)
			subject := streams.NewBehaviorSubject(0)
			var results subjectLog
			var valueAtComplete any
			streams.Subscribe(t.Context(), subject.Observable(), streams.Observer{
				Next:  results.add,
				Error: func(error) { results.add("E") },
				Complete: func() {
					valueAtComplete, _ = subject.Value()
					results.add("C")
				},
			})

			streams.Subscribe(t.Context(), source, observerOf(subject))

			require.Equal(t, []any{0, 1, 2, 3, 4, 5, "C"}, results.events())
			require.Equal(t, 5, valueAtComplete)
		})
	})
}

// requireCurrent checks that b's current value is want.
func requireCurrent(t *testing.T, b *streams.BehaviorSubject, want any) {
	t.Helper()
	v, err := b.Value()
	require.NoError(t, err)
	require.Equal(t, want, v)
}
