package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rxepic/rxepic/bench"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if bench.IsServerHost() { // started by TestRunRemote
		if err := bench.ServeHost(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	goleak.VerifyTestMain(m)
}

// A short run of every measure prints every table and draws the plot.
func TestRun(t *testing.T) {
	svg := filepath.Join(t.TempDir(), "storm.svg")
	raw := filepath.Join(t.TempDir(), "runs.jsonl")
	var out bytes.Buffer
	err := run(context.Background(), []string{
		"-local", "-n", "3,1", "-runs", "2", "-svg", svg, "-json", raw,
		"-memory-n", "5", "-memory-runs", "1", "-memory-token-latency", "1s",
		"-clients", "rxepic Reauth,mutex,x/oauth2",
	}, &out, io.Discard)
	require.NoError(t, err)
	text := out.String()
	for _, want := range []string{
		"### Storm: expired token, the refresh succeeds",
		"### Storm: revoked token, the refresh succeeds",
		"### Storm: expired token, the refresh fails (400 invalid_grant)",
		"### Storm: revoked token, the refresh fails (400 invalid_grant)",
		"| 1 | limit | 1 | 0 | 1 | 0 | 1 | 0 |",
		"| 3 | rxepic Reauth | 1 | 0 | 3 | 0 |",
		"× limit, expiry known |",
		"### Waiting requests: N=5",
		"| expired | rxepic Reauth | 1 |",
		"| expired | x/oauth2 | 1 |",
	} {
		require.Contains(t, text, want)
	}
	require.NotContains(t, text, "| revoked | x/oauth2 |", "x/oauth2 does not wait on a revoked token")
	require.NotContains(t, text, "shared promise", "only the clients asked for, and the limits")

	lines := readLines(t, raw)
	require.NotNil(t, lines[0].Header, "the raw results start with the header")
	require.Equal(t, 2, lines[0].Header.Runs)
	storms, waiting := 0, 0
	for _, l := range lines[1:] {
		switch {
		case l.Storm != nil:
			storms++
		case l.Waiting != nil:
			waiting++
		}
	}
	// 2 runs of 2 sizes: 4 conditions of 4 contenders (the known-expiry
	// limit only in the 2 of the expired token), and 5 waiting measures.
	require.Equal(t, 2*2*(4*4+2), storms)
	require.Equal(t, 5, waiting)

	data, err := os.ReadFile(svg)
	require.NoError(t, err)
	require.NoError(t, xml.Unmarshal(data, new(struct{})), "the plot is well-formed XML")
	// Three clients and the limit in every panel, and the limit with the
	// expiry known in the two of the expired token.
	require.Equal(t, 4*4+2, strings.Count(string(data), "<polyline"))
}

func readLines(t *testing.T, path string) []rawRecord {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []rawRecord
	dec := json.NewDecoder(f)
	for dec.More() {
		var r rawRecord
		require.NoError(t, dec.Decode(&r))
		out = append(out, r)
	}
	return out
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-n", "0"},
		{"-n", "ten"},
		{"-runs", "0"},
		{"-scenarios", "stale"},
		{"-measures", "speed"},
		{"-clients", "curl"},
		{"extra"},
	} {
		_, err := parseFlags(args, io.Discard)
		require.Error(t, err, "%q", args)
	}
	o, err := parseFlags([]string{"-n", "100,1,10,1"}, io.Discard)
	require.NoError(t, err)
	require.Equal(t, []int{1, 10, 100}, o.ns)
	require.Len(t, o.contenders, len(bench.Contenders()))
}
