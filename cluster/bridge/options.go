package bridge

import (
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Option configures a bridge: pass options to Start. An option given a
// value it cannot take makes Start return an error naming it.
type Option func(*config) error

type config struct {
	consumer      jetstream.Consumer // nil: nothing comes in
	routes        []route
	maxInFlight   int
	progressEvery time.Duration // 0: a third of the consumer's AckWait
	settleTimeout time.Duration
	nakDelay      time.Duration
	pullExpiry    time.Duration
	logger        *slog.Logger
}

func newConfig(opts []Option) (config, error) {
	cfg := config{
		maxInFlight:   64,
		settleTimeout: 5 * time.Minute,
		nakDelay:      time.Second,
		pullExpiry:    time.Second,
		logger:        slog.Default(),
	}
	for i, opt := range opts {
		if opt == nil {
			return config{}, fmt.Errorf("bridge: nil option at index %d", i)
		}
		if err := opt(&cfg); err != nil {
			return config{}, err
		}
	}
	return cfg, nil
}

// Consume feeds the messages of cons into the store, each as the
// Received of its action's type. cons must be a pull consumer with
// explicit acks (the default of jetstream.ConsumerConfig).
func Consume(cons jetstream.Consumer) Option {
	return func(c *config) error {
		if cons == nil {
			return errors.New("bridge.Consume: nil consumer")
		}
		if c.consumer != nil {
			return errors.New("bridge.Consume given twice; start one bridge per consumer")
		}
		c.consumer = cons
		return nil
	}
}

// Publish publishes every action of type T that reaches action$ to the
// subject subject returns, with the message id msgID returns as its
// Nats-Msg-Id, so that JetStream stores a resend only once (within the
// stream's duplicate window). An empty id publishes without one. T must be
// registered in the codec, unless it is an interface type. The bridge's
// own actions (Received, Settled, Failed, PublishFailed) are never
// published.
func Publish[T any](subject func(action T) string, msgID func(action T) string) Option {
	typ := reflect.TypeFor[T]()
	return func(c *config) error {
		if subject == nil || msgID == nil {
			return fmt.Errorf("bridge.Publish[%v]: nil subject or msgID function", typ)
		}
		c.routes = append(c.routes, route{typ: typ, match: func(action any) (string, string, bool) {
			a, ok := action.(T)
			if !ok {
				return "", "", false
			}
			return subject(a), msgID(a), true
		}})
		return nil
	}
}

// WithMaxInFlight bounds the messages the bridge holds unsettled at once;
// it fetches more only as they settle. The default is 64.
func WithMaxInFlight(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("bridge.WithMaxInFlight: %d is less than 1", n)
		}
		c.maxInFlight = n
		return nil
	}
}

// WithProgressEvery sets how often the bridge tells JetStream that
// unsettled messages are still being worked on, which keeps them from
// being redelivered after the consumer's AckWait. The default is a third
// of the consumer's AckWait.
func WithProgressEvery(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("bridge.WithProgressEvery: %v is not positive", d)
		}
		c.progressEvery = d
		return nil
	}
}

// WithSettleTimeout bounds how long the bridge waits for a message to
// settle: past it, the message is nak'd and the timeout logged, so that a
// lost piece of work cannot hold a message forever. The default is five
// minutes.
func WithSettleTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("bridge.WithSettleTimeout: %v is not positive", d)
		}
		c.settleTimeout = d
		return nil
	}
}

// WithNakDelay sets how long JetStream waits before delivering a message
// again after Failed. The default is one second; 0 redelivers at once.
func WithNakDelay(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("bridge.WithNakDelay: %v is negative", d)
		}
		c.nakDelay = d
		return nil
	}
}

// WithPullExpiry sets how long one pull request waits for messages
// before the bridge makes the next; Shutdown waits for the one under way
// to run out, so that no message is handed to a request nobody reads.
// The default is one second; it must be at least 10ms.
func WithPullExpiry(d time.Duration) Option {
	return func(c *config) error {
		if d < 10*time.Millisecond {
			return fmt.Errorf("bridge.WithPullExpiry: %v is less than 10ms", d)
		}
		c.pullExpiry = d
		return nil
	}
}

// WithLogger sets the logger; the default is slog.Default() when Start is
// called. The happy path logs at Debug only.
func WithLogger(logger *slog.Logger) Option {
	return func(c *config) error {
		if logger == nil {
			return errors.New("bridge.WithLogger: nil logger")
		}
		c.logger = logger
		return nil
	}
}
