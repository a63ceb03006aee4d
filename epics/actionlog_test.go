package epics_test

import (
	"log/slog"
	"testing"

	"github.com/rxepic/rxepic/epics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// login carries a secret that must never reach a log.
type login struct {
	User     string
	Password string
}

func TestActionLogShowsTypesNotValues(t *testing.T) {
	var buf syncBuffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	store := epics.NewStore(record, nil, any(nil), epics.WithLogger(logger), epics.WithActionLog(slog.LevelDebug, nil))
	defer store.Close()
	require.NoError(t, store.Dispatch(login{User: "ann", Password: "hunter2"}))
	require.NoError(t, store.Dispatch(A{T: "PING"}))
	out := buf.String()
	assert.Contains(t, out, `level=DEBUG msg="epics: action" type=epics_test.login`)
	assert.Contains(t, out, `type=PING`)
	assert.NotContains(t, out, "hunter2")
	assert.NotContains(t, out, "ann")
}

func TestActionLogRedacts(t *testing.T) {
	var buf syncBuffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	redact := func(action any) any {
		if l, ok := action.(login); ok {
			return slog.GroupValue(slog.String("user", l.User))
		}
		panic("cannot redact")
	}
	store := epics.NewStore(record, nil, any(nil), epics.WithLogger(logger), epics.WithActionLog(slog.LevelInfo, redact))
	defer store.Close()
	require.NoError(t, store.Dispatch(login{User: "ann", Password: "hunter2"}))
	require.NoError(t, store.Dispatch(A{T: "PING"}))
	out := buf.String()
	assert.Contains(t, out, `type=epics_test.login action.user=ann`)
	assert.NotContains(t, out, "hunter2")
	assert.Contains(t, out, `msg="epics: logging an action panicked" type=PING panic="cannot redact"`)
	assert.Len(t, store.State(), 2, "a panic in redact loses the log line, not the action")
}

func TestActionLogBelowTheLoggersLevelIsSkipped(t *testing.T) {
	var buf syncBuffer
	calls := 0
	logger := slog.New(slog.NewTextHandler(&buf, nil)) // Info and above
	store := epics.NewStore(record, nil, any(nil), epics.WithLogger(logger),
		epics.WithActionLog(slog.LevelDebug, func(a any) any { calls++; return a }))
	defer store.Close()
	require.NoError(t, store.Dispatch(A{T: "PING"}))
	assert.Empty(t, buf.String())
	assert.Zero(t, calls, "redact is not called when nothing is logged")
}
