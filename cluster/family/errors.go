package family

import (
	"errors"

	"github.com/rxepic/rxepic/auth"
)

var (
	// ErrUnreachable is the cause of a refresh that could not be made
	// because NATS could not be reached: the replica never refreshes
	// alone. It matches auth.ErrUnavailable, so the session stays signed
	// in and a later request tries again.
	ErrUnreachable error = &unavailable{"family: NATS could not be reached"}
	// ErrNoResult is the cause of a refresh that waited for another
	// replica's and saw it neither end nor fail within the refresh
	// timeout. It matches auth.ErrUnavailable.
	ErrNoResult error = &unavailable{"family: no replica's refresh came to an end in time"}
	// ErrNoRecord is the cause of a refresh failure when the family has no
	// tokens record: nothing to refresh, and no refresh is made.
	ErrNoRecord = errors.New("family: the family has no tokens record")
)

// unavailable is a cause after which the session stays signed in.
type unavailable struct{ msg string }

func (e *unavailable) Error() string { return e.msg }

func (e *unavailable) Is(target error) bool { return target == auth.ErrUnavailable }

// SignOutError is why a replica signed out when another replica, or the
// family's record, decided it: Reason is that replica's error text.
// Failed says it followed a failed refresh; it then matches
// auth.ErrRefreshFailed.
type SignOutError struct {
	Family, Replica, Reason string
	Failed                  bool
}

func (e *SignOutError) Error() string {
	msg := "family " + e.Family + ": signed out"
	if e.Replica != "" {
		msg += " by replica " + e.Replica
	}
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

func (e *SignOutError) Is(target error) bool { return e.Failed && target == auth.ErrRefreshFailed }
