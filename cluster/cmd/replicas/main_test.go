package main

import (
	"bytes"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func testConfig(n int) config {
	return config{n: n, logger: slog.New(slog.DiscardHandler), count: 1, sizes: []int{30}}
}

// The demo's two summary lines: one refresh for every replica's
// requests, then one refresh after a takeover, which its timeline shows.
func TestDemo(t *testing.T) {
	var out bytes.Buffer
	if err := demo(t.Context(), &out, testConfig(20)); err != nil {
		t.Fatal(err)
	}
	t.Logf("output:\n%s", out.String())
	text := out.String()
	for _, want := range []string{
		`(?m)^3 replicas · 60 requests · 1 refresh · 60×200$`,
		`(?m)^ +\+\d+\.\d{3}s  ([abc]) +killed: its NATS connection closed, its call cut off$`,
		`(?m)^ +\+\d+\.\d{3}s  lease +expired: its holder never released it$`,
		`(?m)^ +\+\d+\.\d{3}s  record +generation 3 refreshing \(attempt 2, by [abc]\)$`,
		`(?m)^3 replicas, [abc] killed mid-refresh · 40 requests answered · 1 refresh · 40×200 · 2 calls to the token endpoint$`,
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("no line matches %s", want)
		}
	}
	// The takeover comes after the lease expired, never before.
	if strings.Index(text, "expired: its holder") > strings.Index(text, "(attempt 2,") {
		t.Error("the second attempt comes before the lease expired")
	}
}

// The benchmark's table: one refresh call a run, no reuse, every request
// answered, for each way.
func TestBench(t *testing.T) {
	var out bytes.Buffer
	if err := bench(t.Context(), &out, testConfig(0)); err != nil {
		t.Fatal(err)
	}
	t.Logf("output:\n%s", out.String())
	rows := regexp.MustCompile(`(?m)^ *(auth\.Session|family) +(-|1|3) +30 +1 +1 +0 +30/30 +\S+ +\S+ *$`).FindAllString(out.String(), -1)
	if len(rows) != 3 {
		t.Errorf("%d rows of one call, no reuse and 30 answers, want 3", len(rows))
	}
}
