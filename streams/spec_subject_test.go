package streams_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/streams"
	"github.com/rxepic/rxepic/streams/streamtest"
	"github.com/stretchr/testify/require"
)

// RxJS 7.8.1 spec/Subject-spec.ts, describe('Subject'), case by case.
//
// How the cases are written here:
//   - Each plain case runs in a synctest bubble. A subscription is
//     Subscribe with a subjectLog, which records values, then "E" or "C";
//     Subscribe calls its observer on a goroutine of its own, so the log
//     is read, and a subscription ended, once the bubble has settled.
//   - Giving a subject to Observable.subscribe is Subscribe with an
//     Observer made of the subject's Next, Error and Complete.
//   - In asObservable, the marble cases subscribe to a Subject's
//     Observable, the subject fed by a hot marble source (feedInto), as
//     RxJS's hot observables are subjects themselves.
//   - "should pump values to multiple subscribers" checks what both
//     subscribers see; the count of observers it also checks is not
//     exposed.
//   - "error thrown scenario": config.onUnhandledError is the Error
//     function of the subscriber whose Next panicked, which is handed the
//     panic as a *PanicError.
//
// Left out:
//   - "should allow empty next when created with void type": TypeScript
//     typing.
//   - "should disallow new subscriber once subject has been disposed",
//     "should not allow values to be nexted after it is unsubscribed",
//     "should throw ObjectUnsubscribedError when emit after
//     unsubscribed": a Subject here cannot be disposed (no unsubscribe,
//     no ObjectUnsubscribedError).
//   - "should clean out unsubscribed subscribers", "should expose observed
//     status": the subscribers are not exposed (no observers, no
//     observed).
//   - "should have a static create function that works", "... also to
//     raise errors": Subject.create.
//   - asObservable "should hide subject" (the observable's class) and
//     "should work with inherited subject" (AsyncSubject).
//   - The describe blocks 'AnonymousSubject' (Subject.create) and
//     'useDeprecatedSynchronousErrorHandling' (a deprecated global mode).
func TestSpecSubject(t *testing.T) {
	t.Run("should allow next with undefined or any when created with no type", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewSubject()
			var results subjectLog
			results.subscribe(t, subject.Observable())

			var data any
			subject.Next(nil)
			subject.Next(data)
			subject.Complete()

			require.Equal(t, []any{nil, nil, "C"}, results.events())
		})
	})

	t.Run("should pump values right on through itself", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewSubject()
			var results subjectLog
			results.subscribe(t, subject.Observable())

			subject.Next("foo")
			subject.Next("bar")
			subject.Complete()

			require.Equal(t, []any{"foo", "bar", "C"}, results.events())
		})
	})

	t.Run("should pump values to multiple subscribers", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewSubject()
			var results1, results2 subjectLog
			results1.subscribe(t, subject.Observable())
			results2.subscribe(t, subject.Observable())

			subject.Next("foo")
			subject.Next("bar")
			subject.Complete()

			require.Equal(t, []any{"foo", "bar", "C"}, results1.events())
			require.Equal(t, []any{"foo", "bar", "C"}, results2.events())
		})
	})

	t.Run("should handle subscribers that arrive and leave at different times, subject does not complete", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewSubject()
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

			require.Equal(t, []any{5, 6, 7}, results1.events())
			require.Equal(t, []any{6, 7, 8}, results2.events())
			require.Equal(t, []any{11}, results3.events())
		})
	})

	t.Run("should handle subscribers that arrive and leave at different times, subject completes", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewSubject()
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

			subject.Complete()

			unsubscribe(subscription2)

			subscription3 := results3.subscribe(t, subject.Observable())

			unsubscribe(subscription3)

			require.Equal(t, []any{5, 6, 7}, results1.events())
			require.Equal(t, []any{6, 7, "C"}, results2.events())
			require.Equal(t, []any{"C"}, results3.events())
		})
	})

	t.Run("should handle subscribers that arrive and leave at different times, subject terminates with an error", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewSubject()
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

			subject.Error(errors.New("err"))

			unsubscribe(subscription2)

			subscription3 := results3.subscribe(t, subject.Observable())

			unsubscribe(subscription3)

			require.Equal(t, []any{5, 6, 7}, results1.events())
			require.Equal(t, []any{6, 7, "E"}, results2.events())
			require.Equal(t, []any{"E"}, results3.events())
		})
	})

	t.Run("should handle subscribers that arrive and leave at different times, subject completes before nexting any value", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewSubject()
			var results1, results2, results3 subjectLog

			subscription1 := results1.subscribe(t, subject.Observable())
			subscription2 := results2.subscribe(t, subject.Observable())

			unsubscribe(subscription1)

			subject.Complete()

			unsubscribe(subscription2)

			subscription3 := results3.subscribe(t, subject.Observable())

			unsubscribe(subscription3)

			require.Empty(t, results1.events())
			require.Equal(t, []any{"C"}, results2.events())
			require.Equal(t, []any{"C"}, results3.events())
		})
	})

	t.Run("should be an Observer which can be given to Observable.subscribe", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			source := streams.Of(1, 2, 3, 4, 5)
			subject := streams.NewSubject()
			var results subjectLog
			results.subscribe(t, subject.Observable())

			streams.Subscribe(t.Context(), source, observerOf(subject))

			require.Equal(t, []any{1, 2, 3, 4, 5, "C"}, results.events())
		})
	})

	t.Run("should be usable as an Observer of a finite delayed Observable", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			source := streams.Pipe(streams.Of(1, 2, 3), streams.Delay(50*time.Millisecond))
			subject := streams.NewSubject()
			var results subjectLog
			results.subscribe(t, subject.Observable())

			streams.Subscribe(t.Context(), source, observerOf(subject)).Wait()

			require.Equal(t, []any{1, 2, 3, "C"}, results.events())
		})
	})

	t.Run("should not next after completed", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			subject := streams.NewSubject()
			var results subjectLog
			results.subscribe(t, subject.Observable())
			subject.Next("a")
			subject.Complete()
			subject.Next("b")
			require.Equal(t, []any{"a", "C"}, results.events())
		})
	})

	t.Run("should not next after error", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			err := errors.New("wut?")
			subject := streams.NewSubject()
			var results subjectLog
			streams.Subscribe(t.Context(), subject.Observable(), streams.Observer{Next: results.add, Error: func(err error) { results.add(err) }})
			subject.Next("a")
			subject.Error(err)
			subject.Next("b")
			require.Equal(t, []any{"a", err}, results.events())
		})
	})

	t.Run("asObservable", func(t *testing.T) {
		t.Run("should handle subject never emits", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				subject := streams.NewSubject()
				h.Expect(feedInto(h.Hot("-", nil), subject)).ToBe("-", nil)
				observable := subject.Observable()

				h.Expect(observable).ToBe("-", nil)
			})
		})

		t.Run("should handle subject completes without emits", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				subject := streams.NewSubject()
				h.Expect(feedInto(h.Hot("--^--|", nil), subject)).ToBe("---|", nil)
				observable := subject.Observable()
				expected := "---|"

				h.Expect(observable).ToBe(expected, nil)
			})
		})

		t.Run("should handle subject throws", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				subject := streams.NewSubject()
				h.Expect(feedInto(h.Hot("--^--#", nil), subject)).ToBe("---#", nil)
				observable := subject.Observable()
				expected := "---#"

				h.Expect(observable).ToBe(expected, nil)
			})
		})

		t.Run("should handle subject emits", func(t *testing.T) {
			streamtest.Run(t, func(h *streamtest.H) {
				subject := streams.NewSubject()
				h.Expect(feedInto(h.Hot("--^--x--|", nil), subject)).ToBe("---x--|", nil)
				observable := subject.Observable()
				expected := "---x--|"

				h.Expect(observable).ToBe(expected, nil)
			})
		})
	})

	t.Run("error thrown scenario", func(t *testing.T) {
		t.Run("should not synchronously error when nexted into", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var unhandled error
				source := streams.NewSubject()
				var results1, results3 subjectLog
				results1.subscribe(t, source.Observable())
				streams.Subscribe(t.Context(), source.Observable(), streams.Observer{
					Next:  func(any) { panic(errors.New("Boom!")) },
					Error: func(err error) { unhandled = err },
				})
				results3.subscribe(t, source.Observable())

				require.NotPanics(t, func() { source.Next(42) })

				require.Equal(t, []any{42}, results1.events())
				require.Equal(t, []any{42}, results3.events())
				var pe *streams.PanicError
				require.ErrorAs(t, unhandled, &pe)
				require.EqualError(t, pe.Unwrap(), "Boom!")
			})
		})
	})
}

// subjectLog records what a subscription sees, as upstream's subject
// specs write it: each value, then "E" or "C". It is safe for concurrent
// use.
type subjectLog struct {
	mu  sync.Mutex
	got []any
}

func (l *subjectLog) add(v any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, v)
}

// subscribe subscribes l to obs until the test ends.
func (l *subjectLog) subscribe(t *testing.T, obs rxgo.Observable) *streams.Subscription {
	return streams.Subscribe(t.Context(), obs, streams.Observer{
		Next:     l.add,
		Error:    func(error) { l.add("E") },
		Complete: func() { l.add("C") },
	})
}

// events returns what l has recorded, once everything in the bubble has
// settled.
func (l *subjectLog) events() []any {
	synctest.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.got)
}

// unsubscribe ends sub once what it was handed has reached its observer,
// as a synchronous RxJS subscriber would have had it by then.
func unsubscribe(sub *streams.Subscription) {
	synctest.Wait()
	sub.Unsubscribe()
	sub.Wait()
}

// pushable is what the subjects share: the three ways to push into one.
type pushable interface {
	Next(v any)
	Error(err error)
	Complete()
}

// observerOf is the subject as an observer, to give to Subscribe.
func observerOf(s pushable) streams.Observer {
	return streams.Observer{Next: s.Next, Error: s.Error, Complete: s.Complete}
}

// feedInto is upstream's src.pipe(tap({next, error, complete})) feeding
// a subject: it mirrors src and pushes each of its events into s first.
func feedInto(src rxgo.Observable, s pushable) rxgo.Observable {
	return concatSources(
		streams.Pipe(src,
			streams.Map(func(v any) any {
				s.Next(v)
				return v
			}),
			streams.CatchError(func(err error, _ rxgo.Observable) rxgo.Observable {
				s.Error(err)
				return streams.Throw(err)
			}),
		),
		streams.Defer(func(context.Context) rxgo.Observable {
			s.Complete()
			return streams.Empty()
		}),
	)
}
