package epics

import (
	"fmt"
	"log/slog"
	"reflect"
	"time"
)

// Option configures a store: pass options to NewStore.
type Option func(*config)

// config is what the options set; defaults come from newConfig.
type config struct {
	logger    *slog.Logger
	onError   func(epic string, err error) // nil: log with logger
	restart   RestartPolicy
	actionLog *actionLog   // nil: actions are not logged
	equal     any          // a func(a, b S) bool from WithEqual, or nil
	equalType reflect.Type // the S of equal
}

// actionLog is what WithActionLog asks for.
type actionLog struct {
	level  slog.Level
	redact func(action any) any // nil: log the type only
}

func newConfig(op string, opts []Option) config {
	cfg := config{
		logger:  slog.Default(),
		restart: ExponentialBackoff(10*time.Millisecond, 5*time.Second),
	}
	for i, opt := range opts {
		if opt == nil {
			panic(fmt.Sprintf("epics.%s: nil option at index %d", op, i))
		}
		opt(&cfg)
	}
	return cfg
}

// WithLogger sets the logger the store reports failed epics, restarts and
// (with WithActionLog) actions to. The default is slog.Default() at the
// time NewStore is called.
func WithLogger(logger *slog.Logger) Option {
	if logger == nil {
		panic("epics.WithLogger: nil logger")
	}
	return func(c *config) { c.logger = logger }
}

// WithOnError sets the function told about every failure of an epic, and
// every panic of the reducer; it replaces the default, which logs the
// failure at error level. For an epic, epic is its name and err an
// *EpicError naming it too. For the reducer, epic is empty and err wraps
// the *streams.PanicError. onError may be called from several goroutines
// at once; a panic in it is logged and otherwise ignored.
func WithOnError(onError func(epic string, err error)) Option {
	if onError == nil {
		panic("epics.WithOnError: nil function")
	}
	return func(c *config) { c.onError = onError }
}

// WithRestart sets the policy that decides whether, and after how long, a
// failed epic is started again. The default is ExponentialBackoff(10ms, 5s);
// NeverRestart leaves failed epics stopped.
func WithRestart(policy RestartPolicy) Option {
	if policy == nil {
		panic("epics.WithRestart: nil policy")
	}
	return func(c *config) { c.restart = policy }
}

// WithActionLog logs every action the store processes, at level, with
// its type: Type() for a Typed action, the Go type otherwise. Values are
// left out, since actions may carry tokens and secrets, unless redact is
// given: then redact(action) is logged too, and it must return only what
// is safe to log. Nothing is logged, nor redact called, when the logger
// does not log at level.
func WithActionLog(level slog.Level, redact func(action any) any) Option {
	return func(c *config) { c.actionLog = &actionLog{level: level, redact: redact} }
}

// WithEqual sets how state$ decides that the state has changed: it emits
// a new state only when equal(previous, next) is false. S must be the
// store's state type, or NewStore panics.
//
// The default compares with == when S is comparable (falling back to
// reflect.DeepEqual for values == cannot compare, such as interfaces
// holding slices) and with reflect.DeepEqual otherwise. DeepEqual stops
// early at slices and maps that share their storage, so reducers that
// copy only what changed keep it cheap.
func WithEqual[S any](equal func(a, b S) bool) Option {
	if equal == nil {
		panic("epics.WithEqual: nil function")
	}
	return func(c *config) { c.equal, c.equalType = equal, reflect.TypeFor[S]() }
}
