package epictest

import (
	"fmt"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/epics"
)

// Option configures Run and Start.
type Option func(*config)

type config struct {
	state   any // an S, or nil for the zero state
	deps    any // a D, or nil for the zero dependencies
	reducer any // an epics.Reducer[S], or nil to keep the state as given
	states  rxgo.Observable
	actions []any
	timeout time.Duration
	restart epics.RestartPolicy
}

// DefaultTimeout is how long Run, Expect, Next and Finish wait for the
// epic by default.
const DefaultTimeout = 5 * time.Second

// newConfig applies opts for op; a nil option panics, naming its index,
// as the epics options do.
func newConfig(op string, opts []Option) config {
	cfg := config{timeout: DefaultTimeout, restart: epics.NeverRestart()}
	for i, opt := range opts {
		if opt == nil {
			panic(fmt.Sprintf("epictest.%s: nil option at index %d", op, i))
		}
		opt(&cfg)
	}
	return cfg
}

// State sets the state the epic sees on state$; it must be of the epic's
// state type. The default is the zero state.
func State[S any](state S) Option { return func(c *config) { c.state = state } }

// Deps sets the dependencies the epic is called with; they must be of the
// epic's dependency type. The default is the zero value.
func Deps[D any](deps D) Option { return func(c *config) { c.deps = deps } }

// Reducer makes the actions the test dispatches change the state, as they
// would in the store; the epic's own output never reaches it. Without it
// the state stays as given.
func Reducer[S any](reducer epics.Reducer[S]) Option {
	return func(c *config) { c.reducer = reducer }
}

// States makes state$ follow states, a stream of the epic's state type,
// for Play: a hot marble source, as a rule. Run and Start fail the test
// when given it.
func States(states rxgo.Observable) Option { return func(c *config) { c.states = states } }

// Actions sets the actions Run dispatches, in order, once the epic has
// subscribed. Start dispatches them too, before it returns.
func Actions(actions ...any) Option {
	return func(c *config) { c.actions = append(c.actions, actions...) }
}

// Timeout sets how long to wait for the epic before failing the test; the
// default is DefaultTimeout. Inside a synctest bubble it is virtual time.
// A d that is not positive panics.
func Timeout(d time.Duration) Option {
	if d <= 0 {
		panic(fmt.Sprintf("epictest.Timeout: duration %v is not positive", d))
	}
	return func(c *config) { c.timeout = d }
}

// Restart sets the restart policy for the epic when it fails. The default
// is epics.NeverRestart: a test sees the failure in Errors and the epic
// stays stopped.
func Restart(policy epics.RestartPolicy) Option { return func(c *config) { c.restart = policy } }
