package bench_test

import (
	"context"
	"testing"
	"time"

	"github.com/rxepic/rxepic/bench"
	"github.com/stretchr/testify/require"
)

// The storm tool runs its servers in a child process; a storm there shows
// the same as one here.
func TestRemoteHost(t *testing.T) {
	host, err := bench.NewRemoteHost()
	require.NoError(t, err)
	defer func() { require.NoError(t, host.Close()) }()

	cfg := testConfig(bench.Revoked, false)
	for name, w := range map[string]want{
		bench.NameLimit:  {1, 0, testN, testN},
		bench.NameReauth: {1, 0, testN, -1},
	} {
		r, err := bench.Storm(context.Background(), host, contender(t, name), cfg)
		require.NoError(t, err)
		check(t, r, w)
		require.EqualValues(t, testN, r.WarmConns, "the warm-up opens one connection per request")
		require.Zero(t, r.NewConns, "the storm runs on warm connections")
	}

	srv, err := host.NewServer(bench.ServerConfig{TokenLatency: time.Millisecond, SigningKey: make([]byte, 32)})
	require.NoError(t, err)
	require.NoError(t, srv.FailRefresh())
	require.Error(t, srv.HoldResource(0))
	require.Error(t, srv.RevokeAccessToken("not a token"))
	st, err := srv.Stats()
	require.NoError(t, err)
	require.Zero(t, st.RefreshCalls)
	require.NoError(t, srv.Close())
	require.Error(t, srv.Close(), "closed servers are forgotten")
}
