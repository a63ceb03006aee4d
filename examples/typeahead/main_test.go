package main

import (
	"bytes"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The demo, on virtual time: one answer for the burst, one for the query
// typed after the pause.
func TestRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out bytes.Buffer
		require.NoError(t, run(t.Context(), &out))
		require.Equal(t, "found for \"gos\": [docs:gossip]\nfound for \"gof\": [docs:gofmt]\n", out.String())
	})
}
