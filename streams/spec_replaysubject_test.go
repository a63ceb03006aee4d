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

// RxJS 7.8.1 spec/subjects/ReplaySubject-spec.ts, case by case.
//
// How the cases are written here: as in spec_subject_test.go (subjectLog,
// observerOf, feedInto); new ReplaySubject() is NewReplaySubject(0, 0),
// with 0 for no limit, and a window of 4 time units is 4 frames;
// mergeMapTo(subject) is MergeMap to the subject's Observable.
//   - "should add the observer before running subscription code": the
//     subscriber that pushes from inside its reaction is a Map, which runs
//     inside the subject's delivery; each value pushed there is delivered
//     once the one being delivered has reached every subscriber, which,
//     with one subscriber, is the order RxJS gives too.
//
// Left out:
//   - "should extend Subject": a class hierarchy.
func TestSpecReplaySubject(t *testing.T) {
	t.Run("should add the observer before running subscription code", func(t *testing.T) {
		streamtest.Run(t, func(h *streamtest.H) {
			subject := streams.NewReplaySubject(0, 0)
			subject.Next(1)

			results := streams.Pipe(subject.Observable(), streams.Map(func(value int) int {
				if value < 3 {
					subject.Next(value + 1)
				}
				return value
			}))

			h.Expect(results).ToBe("(123)", map[string]any{"1": 1, "2": 2, "3": 3})
		})
	})

	t.Run("should replay values upon subscription", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewReplaySubject(0, 0)
			var results subjectLog
			subject.Next(1)
			subject.Next(2)
			subject.Next(3)
			i := 0
			streams.Subscribe(t.Context(), subject.Observable(), streams.Observer{
				Next: func(x any) {
					results.add(x)
					if i++; i == 3 {
						subject.Complete()
					}
				},
				Error:    func(error) { results.add("E") },
				Complete: func() { results.add("C") },
			})

			require.Equal(t, []any{1, 2, 3, "C"}, results.events())
		})
	})

	t.Run("should replay values and complete", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewReplaySubject(0, 0)
			subject.Next(1)
			subject.Next(2)
			subject.Next(3)
			subject.Complete()
			var results subjectLog
			results.subscribe(t, subject.Observable())

			require.Equal(t, []any{1, 2, 3, "C"}, results.events())
		})
	})

	t.Run("should replay values and error", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			fooey := errors.New("fooey")
			subject := streams.NewReplaySubject(0, 0)
			subject.Next(1)
			subject.Next(2)
			subject.Next(3)
			subject.Error(fooey)
			var results subjectLog
			streams.Subscribe(t.Context(), subject.Observable(), streams.Observer{
				Next:  results.add,
				Error: func(err error) { results.add(err) },
			})

			require.Equal(t, []any{1, 2, 3, fooey}, results.events())
		})
	})

	t.Run("should only replay values within its buffer size", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewReplaySubject(2, 0)
			var results subjectLog
			subject.Next(1)
			subject.Next(2)
			subject.Next(3)
			i := 0
			streams.Subscribe(t.Context(), subject.Observable(), streams.Observer{
				Next: func(x any) {
					results.add(x)
					if i++; i == 2 {
						subject.Complete()
					}
				},
				Error:    func(error) { results.add("E") },
				Complete: func() { results.add("C") },
			})

			require.Equal(t, []any{2, 3, "C"}, results.events())
		})
	})

	// replayMarbles is the marble cases' pattern: the subject fed by the
	// source template, and subscribers joining it through hot triggers.
	replayMarbles := func(h *streamtest.H, replaySubject *streams.ReplaySubject, sourceTemplate string) func(trigger string) rxgo.Observable {
		h.Expect(feedInto(h.Hot(sourceTemplate, nil), replaySubject)).ToBe(sourceTemplate, nil)
		mergeMapTo := streams.MergeMap(func(string) rxgo.Observable { return replaySubject.Observable() }, 0)
		return func(trigger string) rxgo.Observable {
			return streams.Pipe(h.Hot(trigger, nil), mergeMapTo)
		}
	}

	t.Run("with bufferSize=2", func(t *testing.T) {
		t.Run("should replay 2 previous values when subscribed", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				replaySubject := streams.NewReplaySubject(2, 0)
				subscriber := replayMarbles(h, replaySubject, " -1-2-3----4------5-6---7--8----9--|")

				subscriber1 := subscriber("------(a|)                         ")
				unsub1 := "         ---------------------!             "
				expected1 := "      ------(23)4------5-6--             "
				subscriber2 := subscriber("------------(b|)                   ")
				unsub2 := "         -------------------------!         "
				expected2 := "      ------------(34)-5-6---7--         "
				subscriber3 := subscriber("---------------------------(c|)    ")
				expected3 := "      ---------------------------(78)9--|"

				h.Expect(subscriber1, unsub1).ToBe(expected1, nil)
				h.Expect(subscriber2, unsub2).ToBe(expected2, nil)
				h.Expect(subscriber3).ToBe(expected3, nil)
			})
		})

		t.Run("should replay 2 last values for when subscribed after completed", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				replaySubject := streams.NewReplaySubject(2, 0)
				subscriber := replayMarbles(h, replaySubject, " -1-2-3--4--|")

				subscriber1 := subscriber("---------------(a|) ")
				expected1 := "      ---------------(34|)"

				h.Expect(subscriber1).ToBe(expected1, nil)
			})
		})

		t.Run("should handle subscribers that arrive and leave at different times, subject does not complete", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				subject := streams.NewReplaySubject(2, 0)
				var results1, results2, results3 subjectLog

				subject.Next(1)
				subject.Next(2)
				subject.Next(3)
				subject.Next(4)

				subscription1 := results1.subscribe(t, subject.Observable())

				subject.Next(5)

				subscription2 := results2.subscribe(t, subject.Observable())

				subject.Next(6)
				subject.Next(7)

				unsubscribe(subscription1)

				subject.Next(8)

				unsubscribe(subscription2)

				subject.Next(9)
				subject.Next(10)

				subscription3 := results3.subscribe(t, subject.Observable())

				subject.Next(11)

				unsubscribe(subscription3)

				require.Equal(t, []any{3, 4, 5, 6, 7}, results1.events())
				require.Equal(t, []any{4, 5, 6, 7, 8}, results2.events())
				require.Equal(t, []any{9, 10, 11}, results3.events())

				subject.Complete()
			})
		})
	})

	t.Run("with windowTime=4", func(t *testing.T) {
		t.Run("should replay previous values since 4 time units ago when subscribed", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				replaySubject := streams.NewReplaySubject(0, h.Frames(4))
				subscriber := replayMarbles(h, replaySubject, " -1-2-3----4------5-6----7-8----9--|")

				subscriber1 := subscriber("------(a|)                         ")
				unsub1 := "         ---------------------!             "
				expected1 := "      ------(23)4------5-6--             "
				subscriber2 := subscriber("------------(b|)                   ")
				unsub2 := "         -------------------------!         "
				expected2 := "      ------------4----5-6----7-         "
				subscriber3 := subscriber("---------------------------(c|)    ")
				expected3 := "      ---------------------------(78)9--|"

				h.Expect(subscriber1, unsub1).ToBe(expected1, nil)
				h.Expect(subscriber2, unsub2).ToBe(expected2, nil)
				h.Expect(subscriber3).ToBe(expected3, nil)
			})
		})

		t.Run("should replay last values since 4 time units ago when subscribed", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				replaySubject := streams.NewReplaySubject(0, h.Frames(4))
				subscriber := replayMarbles(h, replaySubject, " -1-2-3----4|")

				subscriber1 := subscriber("-------------(a|)")
				expected1 := "      -------------(4|)"

				h.Expect(subscriber1).ToBe(expected1, nil)
			})
		})

		t.Run("should only replay bufferSize items when 4 time units ago more were emitted", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				replaySubject := streams.NewReplaySubject(2, h.Frames(4))
				subscriber := replayMarbles(h, replaySubject, " 1234-------|")

				subscriber1 := subscriber("----(a|)")
				expected1 := "      ----(34)---|"

				h.Expect(subscriber1).ToBe(expected1, nil)
			})
		})
	})

	t.Run("should be an Observer which can be given to Observable.subscribe", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			source := streams.Of(1, 2, 3, 4, 5)
			subject := streams.NewReplaySubject(3, 0)
			var results subjectLog
			streams.Subscribe(t.Context(), subject.Observable(), streams.Observer{Next: results.add, Complete: func() { results.add("done") }})

			streams.Subscribe(t.Context(), source, observerOf(subject))

			require.Equal(t, []any{1, 2, 3, 4, 5, "done"}, results.events())

			var later subjectLog
			streams.Subscribe(t.Context(), subject.Observable(), streams.Observer{Next: later.add, Complete: func() { later.add("done") }})

			require.Equal(t, []any{3, 4, 5, "done"}, later.events())
		})
	})

	t.Run("should not buffer nexted values after complete", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var results subjectLog
			subject := streams.NewReplaySubject(0, 0)
			subject.Next(1)
			subject.Next(2)
			subject.Complete()
			subject.Next(3)
			results.subscribe(t, subject.Observable())
			require.Equal(t, []any{1, 2, "C"}, results.events())
		})
	})

	t.Run("should not buffer nexted values after error", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var results subjectLog
			subject := streams.NewReplaySubject(0, 0)
			subject.Next(1)
			subject.Next(2)
			subject.Error(errors.New("Boom!"))
			subject.Next(3)
			results.subscribe(t, subject.Observable())
			require.Equal(t, []any{1, 2, "E"}, results.events())
		})
	})
}
