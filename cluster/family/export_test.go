package family

// Step is a point of a refresh between two writes.
type Step = step

const (
	StepLeased       = stepLeased
	StepWrittenAhead = stepWrittenAhead
	StepCalled       = stepCalled
	StepWritten      = stepWritten
)

// WithHook calls h at each step of a refresh this replica makes, on the
// goroutine making it: a test stops the replica there as a crash would.
func WithHook(h func(Step)) Option {
	return func(c *config) error { c.hook = h; return nil }
}

func (s Step) String() string {
	return [...]string{"", "after the lease", "after the write-ahead", "after the call", "after the result"}[s]
}
