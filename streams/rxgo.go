package streams

import (
	"context"
	"time"

	"github.com/cenkalti/backoff/v4"
	"github.com/reactivex/rxgo/v2"
)

// The rxgo.Observable methods of our observables: each hands the call to
// rx(), so that rxgo's operators get a cold observable whose every
// observation is a subscription of ours.

// rx returns a cold rxgo observable equivalent to o.
func (o *observable) rx() rxgo.Observable {
	return rxgo.Defer([]rxgo.Producer{func(ctx context.Context, next chan<- rxgo.Item) {
		items := newItemBuffer()
		root := newRoot(ctx, items)
		defer root.end()
		start(root, o)
		items.drain(ctx, next)
	}})
}

func (o *observable) All(predicate rxgo.Predicate, opts ...rxgo.Option) rxgo.Single {
	return o.rx().All(predicate, opts...)
}

func (o *observable) AverageFloat32(opts ...rxgo.Option) rxgo.Single {
	return o.rx().AverageFloat32(opts...)
}

func (o *observable) AverageFloat64(opts ...rxgo.Option) rxgo.Single {
	return o.rx().AverageFloat64(opts...)
}

func (o *observable) AverageInt(opts ...rxgo.Option) rxgo.Single {
	return o.rx().AverageInt(opts...)
}

func (o *observable) AverageInt8(opts ...rxgo.Option) rxgo.Single {
	return o.rx().AverageInt8(opts...)
}

func (o *observable) AverageInt16(opts ...rxgo.Option) rxgo.Single {
	return o.rx().AverageInt16(opts...)
}

func (o *observable) AverageInt32(opts ...rxgo.Option) rxgo.Single {
	return o.rx().AverageInt32(opts...)
}

func (o *observable) AverageInt64(opts ...rxgo.Option) rxgo.Single {
	return o.rx().AverageInt64(opts...)
}

func (o *observable) BackOffRetry(backOffCfg backoff.BackOff, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().BackOffRetry(backOffCfg, opts...)
}

func (o *observable) BufferWithCount(count int, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().BufferWithCount(count, opts...)
}

func (o *observable) BufferWithTime(timespan rxgo.Duration, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().BufferWithTime(timespan, opts...)
}

func (o *observable) BufferWithTimeOrCount(timespan rxgo.Duration, count int, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().BufferWithTimeOrCount(timespan, count, opts...)
}

func (o *observable) Connect(ctx context.Context) (context.Context, rxgo.Disposable) {
	return o.rx().Connect(ctx)
}

func (o *observable) Contains(equal rxgo.Predicate, opts ...rxgo.Option) rxgo.Single {
	return o.rx().Contains(equal, opts...)
}

func (o *observable) Count(opts ...rxgo.Option) rxgo.Single {
	return o.rx().Count(opts...)
}

func (o *observable) Debounce(timespan rxgo.Duration, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Debounce(timespan, opts...)
}

func (o *observable) DefaultIfEmpty(defaultValue any, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().DefaultIfEmpty(defaultValue, opts...)
}

func (o *observable) Distinct(apply rxgo.Func, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Distinct(apply, opts...)
}

func (o *observable) DistinctUntilChanged(apply rxgo.Func, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().DistinctUntilChanged(apply, opts...)
}

func (o *observable) DoOnCompleted(completedFunc rxgo.CompletedFunc, opts ...rxgo.Option) rxgo.Disposed {
	return o.rx().DoOnCompleted(completedFunc, opts...)
}

func (o *observable) DoOnError(errFunc rxgo.ErrFunc, opts ...rxgo.Option) rxgo.Disposed {
	return o.rx().DoOnError(errFunc, opts...)
}

func (o *observable) DoOnNext(nextFunc rxgo.NextFunc, opts ...rxgo.Option) rxgo.Disposed {
	return o.rx().DoOnNext(nextFunc, opts...)
}

func (o *observable) ElementAt(index uint, opts ...rxgo.Option) rxgo.Single {
	return o.rx().ElementAt(index, opts...)
}

func (o *observable) Error(opts ...rxgo.Option) error {
	return o.rx().Error(opts...)
}

func (o *observable) Errors(opts ...rxgo.Option) []error {
	return o.rx().Errors(opts...)
}

func (o *observable) Filter(apply rxgo.Predicate, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Filter(apply, opts...)
}

func (o *observable) Find(find rxgo.Predicate, opts ...rxgo.Option) rxgo.OptionalSingle {
	return o.rx().Find(find, opts...)
}

func (o *observable) First(opts ...rxgo.Option) rxgo.OptionalSingle {
	return o.rx().First(opts...)
}

func (o *observable) FirstOrDefault(defaultValue any, opts ...rxgo.Option) rxgo.Single {
	return o.rx().FirstOrDefault(defaultValue, opts...)
}

func (o *observable) FlatMap(apply rxgo.ItemToObservable, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().FlatMap(apply, opts...)
}

func (o *observable) ForEach(nextFunc rxgo.NextFunc, errFunc rxgo.ErrFunc, completedFunc rxgo.CompletedFunc, opts ...rxgo.Option) rxgo.Disposed {
	return o.rx().ForEach(nextFunc, errFunc, completedFunc, opts...)
}

func (o *observable) GroupBy(length int, distribution func(rxgo.Item) int, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().GroupBy(length, distribution, opts...)
}

func (o *observable) GroupByDynamic(distribution func(rxgo.Item) string, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().GroupByDynamic(distribution, opts...)
}

func (o *observable) IgnoreElements(opts ...rxgo.Option) rxgo.Observable {
	return o.rx().IgnoreElements(opts...)
}

func (o *observable) Join(joiner rxgo.Func2, right rxgo.Observable, timeExtractor func(any) time.Time, window rxgo.Duration, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Join(joiner, right, timeExtractor, window, opts...)
}

func (o *observable) Last(opts ...rxgo.Option) rxgo.OptionalSingle {
	return o.rx().Last(opts...)
}

func (o *observable) LastOrDefault(defaultValue any, opts ...rxgo.Option) rxgo.Single {
	return o.rx().LastOrDefault(defaultValue, opts...)
}

func (o *observable) Map(apply rxgo.Func, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Map(apply, opts...)
}

func (o *observable) Marshal(marshaller rxgo.Marshaller, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Marshal(marshaller, opts...)
}

func (o *observable) Max(comparator rxgo.Comparator, opts ...rxgo.Option) rxgo.OptionalSingle {
	return o.rx().Max(comparator, opts...)
}

func (o *observable) Min(comparator rxgo.Comparator, opts ...rxgo.Option) rxgo.OptionalSingle {
	return o.rx().Min(comparator, opts...)
}

func (o *observable) OnErrorResumeNext(resumeSequence rxgo.ErrorToObservable, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().OnErrorResumeNext(resumeSequence, opts...)
}

func (o *observable) OnErrorReturn(resumeFunc rxgo.ErrorFunc, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().OnErrorReturn(resumeFunc, opts...)
}

func (o *observable) OnErrorReturnItem(resume any, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().OnErrorReturnItem(resume, opts...)
}

func (o *observable) Reduce(apply rxgo.Func2, opts ...rxgo.Option) rxgo.OptionalSingle {
	return o.rx().Reduce(apply, opts...)
}

func (o *observable) Repeat(count int64, frequency rxgo.Duration, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Repeat(count, frequency, opts...)
}

func (o *observable) Retry(count int, shouldRetry func(error) bool, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Retry(count, shouldRetry, opts...)
}

func (o *observable) Run(opts ...rxgo.Option) rxgo.Disposed {
	return o.rx().Run(opts...)
}

func (o *observable) Sample(iterable rxgo.Iterable, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Sample(iterable, opts...)
}

func (o *observable) Scan(apply rxgo.Func2, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Scan(apply, opts...)
}

func (o *observable) SequenceEqual(iterable rxgo.Iterable, opts ...rxgo.Option) rxgo.Single {
	return o.rx().SequenceEqual(iterable, opts...)
}

func (o *observable) Send(output chan<- rxgo.Item, opts ...rxgo.Option) {
	o.rx().Send(output, opts...)
}

func (o *observable) Serialize(from int, identifier func(any) int, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Serialize(from, identifier, opts...)
}

func (o *observable) Skip(nth uint, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Skip(nth, opts...)
}

func (o *observable) SkipLast(nth uint, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().SkipLast(nth, opts...)
}

func (o *observable) SkipWhile(apply rxgo.Predicate, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().SkipWhile(apply, opts...)
}

func (o *observable) StartWith(iterable rxgo.Iterable, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().StartWith(iterable, opts...)
}

func (o *observable) SumFloat32(opts ...rxgo.Option) rxgo.OptionalSingle {
	return o.rx().SumFloat32(opts...)
}

func (o *observable) SumFloat64(opts ...rxgo.Option) rxgo.OptionalSingle {
	return o.rx().SumFloat64(opts...)
}

func (o *observable) SumInt64(opts ...rxgo.Option) rxgo.OptionalSingle {
	return o.rx().SumInt64(opts...)
}

func (o *observable) Take(nth uint, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Take(nth, opts...)
}

func (o *observable) TakeLast(nth uint, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().TakeLast(nth, opts...)
}

func (o *observable) TakeUntil(apply rxgo.Predicate, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().TakeUntil(apply, opts...)
}

func (o *observable) TakeWhile(apply rxgo.Predicate, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().TakeWhile(apply, opts...)
}

func (o *observable) TimeInterval(opts ...rxgo.Option) rxgo.Observable {
	return o.rx().TimeInterval(opts...)
}

func (o *observable) Timestamp(opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Timestamp(opts...)
}

func (o *observable) ToMap(keySelector rxgo.Func, opts ...rxgo.Option) rxgo.Single {
	return o.rx().ToMap(keySelector, opts...)
}

func (o *observable) ToMapWithValueSelector(keySelector, valueSelector rxgo.Func, opts ...rxgo.Option) rxgo.Single {
	return o.rx().ToMapWithValueSelector(keySelector, valueSelector, opts...)
}

func (o *observable) ToSlice(initialCapacity int, opts ...rxgo.Option) ([]any, error) {
	return o.rx().ToSlice(initialCapacity, opts...)
}

func (o *observable) Unmarshal(unmarshaller rxgo.Unmarshaller, factory func() any, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().Unmarshal(unmarshaller, factory, opts...)
}

func (o *observable) WindowWithCount(count int, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().WindowWithCount(count, opts...)
}

func (o *observable) WindowWithTime(timespan rxgo.Duration, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().WindowWithTime(timespan, opts...)
}

func (o *observable) WindowWithTimeOrCount(timespan rxgo.Duration, count int, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().WindowWithTimeOrCount(timespan, count, opts...)
}

func (o *observable) ZipFromIterable(iterable rxgo.Iterable, zipper rxgo.Func2, opts ...rxgo.Option) rxgo.Observable {
	return o.rx().ZipFromIterable(iterable, zipper, opts...)
}
