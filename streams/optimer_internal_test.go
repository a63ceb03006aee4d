package streams

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
)

// children returns s's children, newest first.
func (s *subscriber) children() []*subscriber {
	s.mu.Lock()
	defer s.mu.Unlock()
	var cs []*subscriber
	for c := s.first; c != nil; c = c.nextSib {
		cs = append(cs, c)
	}
	return cs
}

func (s *subscriber) isOver() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.over
}

// A time-based operator's timer is a child of its subscription: ending
// the subscription ends the timer's subscription, which stops its
// time.Timer (see Timer), before the unsubscription returns. No timer
// fires for a subscription that is gone, which no test from outside can
// see, since a subscription that is gone passes nothing on.
func TestTimedOperatorsEndTheirTimerWithTheSubscription(t *testing.T) {
	for name, op := range map[string]Operator{
		"DebounceTime": DebounceTime(time.Hour),
		"ThrottleTime": ThrottleTime(time.Hour),
		"AuditTime":    AuditTime(time.Hour),
		"SampleTime":   SampleTime(time.Hour),
		"Delay":        Delay(time.Hour),
		"Timeout":      Timeout(time.Hour),
		"BufferTime":   BufferTime(time.Hour),
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src := NewSubject()
				root := newRoot(t.Context(), funcs{onNext: func(any) {}, onFail: func(error) {}, onDone: func() {}})
				start(root, op(src.Observable()))
				src.Next(1)
				kids := root.children()
				require.Len(t, kids, 2, "the source's subscription and the timer's")
				root.end()
				require.Empty(t, root.children())
				for _, c := range kids {
					require.True(t, c.isOver())
				}
			})
		})
	}
}
