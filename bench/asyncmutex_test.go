package bench

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAsyncMutex(t *testing.T) {
	var m asyncMutex
	ctx := context.Background()
	require.NoError(t, m.waitForUnlock(ctx), "unlocked: no wait")

	release := m.acquireIfUnlocked()
	require.NotNil(t, release)
	require.Nil(t, m.acquireIfUnlocked(), "locked: not taken again")

	waited := make(chan error, 2)
	for range 2 {
		go func() { waited <- m.waitForUnlock(ctx) }()
	}
	select {
	case <-waited:
		t.Fatal("waitForUnlock returned while locked")
	case <-time.After(20 * time.Millisecond):
	}
	release()
	require.NoError(t, <-waited)
	require.NoError(t, <-waited)

	again := m.acquireIfUnlocked()
	require.NotNil(t, again, "released: can be taken again")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	require.ErrorIs(t, m.waitForUnlock(cancelled), context.Canceled)
	again()
}
