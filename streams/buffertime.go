package streams

import (
	"slices"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/internal/serial"
)

// A BufferTimeOption configures [BufferTime].
type BufferTimeOption func(*bufferTimeConfig)

type bufferTimeConfig struct {
	span    time.Duration
	every   time.Duration // 0: a new slice when the last one is emitted
	maxSize int           // 0: no limit
}

// BufferTimeMaxSize emits a slice as soon as it holds n values, before
// its time is up, as RxJS's maxBufferSize. A size that is not positive
// panics.
func BufferTimeMaxSize(n int) BufferTimeOption {
	mustBePositive("BufferTimeMaxSize", "size", n)
	return func(c *bufferTimeConfig) { c.maxSize = n }
}

// BufferTimeEvery starts a new slice every d, each collecting for
// BufferTime's span, so slices overlap or leave gaps, as RxJS's
// bufferCreationInterval. A d that is not positive panics.
func BufferTimeEvery(d time.Duration) BufferTimeOption {
	mustBePositive("BufferTimeEvery", "interval", d)
	return func(c *bufferTimeConfig) { c.every = d }
}

// BufferTime emits the source's values in slices ([]any), each the
// values that came within span of its start, as RxJS's bufferTime(span):
// the first slice starts at subscription, and each next one when the one
// before is emitted, so slices, empty ones too, follow one another every
// span. When the source completes, the slices still filling are emitted,
// then the stream completes; an error drops them. Each slice emitted is
// the receiver's. A span that is not positive panics.
func BufferTime(span time.Duration, opts ...BufferTimeOption) Operator {
	mustBePositive("BufferTime", "duration", span)
	cfg := bufferTimeConfig{span: span}
	configure("BufferTime", &cfg, opts)
	return func(src rxgo.Observable) rxgo.Observable {
		mustNotBeNil("BufferTime", "source", src == nil)
		return newObservable(func(s *subscriber) {
			b := &timeBuffering{cfg: cfg, s: s}
			b.q = serial.New(b.handle)
			b.q.Push(event{from: fromSliceStart}) // the first slice, before any value
			if cfg.every > 0 {
				subscribe(s, TimerEvery(cfg.every, cfg.every), funcs{
					onNext: func(any) { b.q.Push(event{from: fromSliceStart}) },
					onFail: func(error) {},
					onDone: func() {},
				})
			}
			subscribe(s, src, input{q: b.q, from: fromSource})
		})
	}
}

// timeBuffering is one subscription of a BufferTime; only handle touches
// it. Its events: the source's, fromSliceStart to start a slice, fromTimer
// when a slice's time is up.
type timeBuffering struct {
	cfg  bufferTimeConfig
	s    *subscriber
	q    *serial.Queue[event]
	open []*timedSlice // oldest first
}

type timedSlice struct {
	values []any
	timer  opTimer // its time
}

func (b *timeBuffering) handle(e event) {
	switch {
	case b.s.isClosed():
	case e.from == fromSliceStart:
		b.start()
	case e.from == fromTimer:
		if i := slices.IndexFunc(b.open, func(sl *timedSlice) bool { return sl.timer.fired(e) }); i >= 0 {
			b.emit(i)
		}
	case e.kind == nextEvent:
		// Over the slices open now: one started by an emission here
		// begins with the next value.
		for _, sl := range slices.Clone(b.open) {
			sl.values = append(sl.values, e.v)
			if len(sl.values) == b.cfg.maxSize {
				b.emit(slices.Index(b.open, sl))
			}
		}
	case e.kind == failEvent:
		b.s.fail(e.err)
	default:
		for _, sl := range b.open {
			if b.s.isClosed() {
				return
			}
			b.s.next(sl.values)
		}
		b.s.done()
	}
}

// start opens a slice and its timer.
func (b *timeBuffering) start() {
	sl := &timedSlice{values: make([]any, 0, b.cfg.maxSize), timer: opTimer{s: b.s, q: b.q}}
	b.open = append(b.open, sl)
	sl.timer.start(b.cfg.span)
}

// emit passes on open slice i, and starts the next one unless slices
// start on their own schedule.
func (b *timeBuffering) emit(i int) {
	sl := b.open[i]
	b.open = slices.Delete(b.open, i, i+1)
	sl.timer.stop()
	b.s.next(sl.values)
	if b.cfg.every == 0 {
		b.start()
	}
}
