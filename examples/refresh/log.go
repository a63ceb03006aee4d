package main

import (
	"io"
	"log/slog"
	"strconv"
)

// newLogger returns a logger that writes the session's logs to w, down to
// its debug lines, stamped with the time since the timeline began in the
// timeline's own milliseconds ("+80ms"), so that a log line can be set
// beside the exchange it belongs to. Lines logged before the timeline began
// carry no time. A nil w discards the logs.
func newLogger(w io.Writer, tl *timeline) *slog.Logger {
	if w == nil {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) > 0 || a.Key != slog.TimeKey {
				return a
			}
			d, ok := tl.since(a.Value.Time())
			if !ok {
				return slog.Attr{}
			}
			return slog.String(slog.TimeKey, "+"+strconv.FormatInt(d.Milliseconds(), 10)+"ms")
		},
	}))
}
