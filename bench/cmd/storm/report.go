package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/rxepic/rxepic/bench"
)

// condition is one table: a scenario with a working or failing refresh.
type condition struct {
	Scenario    bench.Scenario
	FailRefresh bool
}

func (c condition) title() string {
	outcome := "the refresh succeeds"
	if c.FailRefresh {
		outcome = "the refresh fails (400 invalid_grant)"
	}
	return fmt.Sprintf("%s token, %s", c.Scenario, outcome)
}

// cell is one row of a table: one contender at one N.
type cell struct {
	condition
	N         int
	Contender string
}

// storms holds every storm's result by cell, and each run's recovery time
// so that each run's ratio to the limit uses that run's limit.
type storms struct {
	results  map[cell][]bench.Result
	recovery map[cell]map[int]time.Duration // by run
}

func newStorms() *storms {
	return &storms{results: make(map[cell][]bench.Result), recovery: make(map[cell]map[int]time.Duration)}
}

func (s *storms) add(run int, r bench.Result) {
	c := cell{condition{r.Config.Scenario, r.Config.FailRefresh}, r.Config.N, r.Contender}
	s.results[c] = append(s.results[c], r)
	if s.recovery[c] == nil {
		s.recovery[c] = make(map[int]time.Duration)
	}
	s.recovery[c][run] = r.Recovery
}

// ratios returns, for every run that measured both c and the limit named
// limit, c's recovery time over the limit's.
func (s *storms) ratios(c cell, limit string) []float64 {
	lc := c
	lc.Contender = limit
	var out []float64
	for run, d := range s.recovery[c] {
		if l, ok := s.recovery[lc][run]; ok && l > 0 {
			out = append(out, float64(d)/float64(l))
		}
	}
	return out
}

// medianRecovery returns c's median recovery time in milliseconds, and
// false if c was not measured.
func (s *storms) medianRecovery(c cell) (float64, bool) {
	rs := s.results[c]
	if len(rs) == 0 {
		return 0, false
	}
	return median(collect(rs, func(r bench.Result) float64 { return float64(r.Recovery) / 1e6 })), true
}

// medianSuccesses returns the median count of successful requests of c.
func (s *storms) medianSuccesses(c cell) float64 {
	return median(collect(s.results[c], func(r bench.Result) float64 { return float64(r.Successes) }))
}

func collect(rs []bench.Result, f func(bench.Result) float64) []float64 {
	xs := make([]float64, len(rs))
	for i, r := range rs {
		xs[i] = f(r)
	}
	return xs
}

// writeTable writes the markdown table of one condition.
func (s *storms) writeTable(w io.Writer, cond condition, ns []int, contenders []string) {
	timeHeader := "recovery (ms)"
	if cond.FailRefresh {
		timeHeader = "all failed (ms)"
	}
	limits := []string{bench.NameLimit}
	if cond.Scenario == bench.Expired {
		limits = append(limits, bench.NameKnownExpiryLimit)
	}
	fmt.Fprintf(w, "| N | client | refresh calls | reuse detections | successes | failures | 401s | new conns | %s |", timeHeader)
	for _, l := range limits {
		fmt.Fprintf(w, " × %s |", l)
	}
	fmt.Fprint(w, "\n| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for range limits {
		fmt.Fprint(w, " ---: |")
	}
	fmt.Fprintln(w)
	for _, n := range ns {
		for _, name := range contenders {
			c := cell{cond, n, name}
			rs := s.results[c]
			if len(rs) == 0 {
				continue
			}
			ms, _ := s.medianRecovery(c)
			var ratios []string
			for _, l := range limits {
				ratio := "—"
				if name != l {
					if rr := s.ratios(c, l); len(rr) > 0 {
						ratio = fmt.Sprintf("%.2f", median(rr))
					}
				}
				ratios = append(ratios, ratio)
			}
			timedOut := 0
			for _, r := range rs {
				if r.TimedOut {
					timedOut++
				}
			}
			recovery := millis(ms)
			if timedOut > 0 {
				recovery += fmt.Sprintf(" (%d of %d runs timed out)", timedOut, len(rs))
			}
			fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", n, name,
				countCell(collect(rs, func(r bench.Result) float64 { return float64(r.RefreshCalls) })),
				countCell(collect(rs, func(r bench.Result) float64 { return float64(r.ReuseDetections) })),
				countCell(collect(rs, func(r bench.Result) float64 { return float64(r.Successes) })),
				countCell(collect(rs, func(r bench.Result) float64 { return float64(r.Failures) })),
				countCell(collect(rs, func(r bench.Result) float64 { return float64(r.Rejected) })),
				countCell(collect(rs, func(r bench.Result) float64 { return float64(r.NewConns) })),
				recovery, strings.Join(ratios, " | "))
		}
	}
}

// writeTimeline writes where the time went in the storms of one condition
// at one N: medians over runs of when the first refresh was sent and
// answered, and, when the refresh succeeds, when the last resource request
// was sent, from the burst's start.
func (s *storms) writeTimeline(w io.Writer, cond condition, n int, contenders []string) {
	if cond.FailRefresh {
		fmt.Fprintln(w, "| client | first refresh sent | its answer | refresh round trip | all failed |")
		fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: |")
	} else {
		fmt.Fprintln(w, "| client | first refresh sent | its answer | refresh round trip | last request sent | last sent − answer | all done |")
		fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	}
	for _, name := range contenders {
		rs := s.results[cell{cond, n, name}]
		if len(rs) == 0 {
			continue
		}
		ms := func(f func(bench.Result) time.Duration) string {
			return millis(median(collect(rs, func(r bench.Result) float64 { return float64(f(r)) / 1e6 })))
		}
		cols := []string{"—", "—", "—"}
		if rs[0].RefreshAnswered > 0 {
			cols = []string{
				ms(func(r bench.Result) time.Duration { return r.RefreshSent }),
				ms(func(r bench.Result) time.Duration { return r.RefreshAnswered }),
				ms(func(r bench.Result) time.Duration { return r.RefreshAnswered - r.RefreshSent }),
			}
		}
		if !cond.FailRefresh {
			after := "—"
			if rs[0].RefreshAnswered > 0 {
				after = ms(func(r bench.Result) time.Duration { return r.LastSent - r.RefreshAnswered })
			}
			cols = append(cols, ms(func(r bench.Result) time.Duration { return r.LastSent }), after)
		}
		cols = append(cols, ms(func(r bench.Result) time.Duration { return r.Recovery }))
		fmt.Fprintf(w, "| %s | %s |\n", name, strings.Join(cols, " | "))
	}
}

// firstErrors returns, per contender of a condition, one error a failed
// request got, to explain the failures column.
func (s *storms) firstErrors(cond condition, ns []int, contenders []string) map[string]error {
	out := make(map[string]error)
	for _, name := range contenders {
		for _, n := range ns {
			for _, r := range s.results[cell{cond, n, name}] {
				if r.FirstError != nil && out[name] == nil {
					out[name] = r.FirstError
				}
			}
		}
	}
	return out
}

// waits holds the waiting measures by contender and scenario, in the
// order they were first added.
type waits struct {
	results map[waitKey][]bench.WaitingResult
	order   []waitKey
}

type waitKey struct {
	Scenario  bench.Scenario
	Contender string
}

func (ws *waits) add(r bench.WaitingResult) {
	if ws.results == nil {
		ws.results = make(map[waitKey][]bench.WaitingResult)
	}
	k := waitKey{r.Config.Scenario, r.Contender}
	if _, ok := ws.results[k]; !ok {
		ws.order = append(ws.order, k)
	}
	ws.results[k] = append(ws.results[k], r)
}

// writeTables writes one table per N and token latency measured.
func (ws *waits) writeTables(w io.Writer) {
	type setting struct {
		n       int
		latency time.Duration
	}
	var settings []setting
	for _, k := range ws.order {
		cfg := ws.results[k][0].Config
		if st := (setting{cfg.N, cfg.TokenLatency}); !slices.Contains(settings, st) {
			settings = append(settings, st)
		}
	}
	for _, st := range settings {
		fmt.Fprintf(w, "\n### Waiting requests: N=%d, token endpoint latency %v\n\n", st.n, st.latency)
		fmt.Fprintln(w, "| scenario | client | runs | goroutines per waiter (beyond its caller) | heap bytes per waiter | stack growth per waiter | successes |")
		fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: |")
		for _, k := range ws.order {
			var rs []bench.WaitingResult
			for _, r := range ws.results[k] {
				if r.Config.N == st.n && r.Config.TokenLatency == st.latency {
					rs = append(rs, r)
				}
			}
			if len(rs) == 0 {
				continue
			}
			get := func(f func(bench.WaitingResult) float64) []float64 {
				xs := make([]float64, len(rs))
				for i, r := range rs {
					xs[i] = f(r)
				}
				return xs
			}
			fmt.Fprintf(w, "| %s | %s | %d | %.3f | %.0f | %.0f | %s |\n", k.Scenario, k.Contender, len(rs),
				median(get(func(r bench.WaitingResult) float64 { return r.Goroutines })),
				median(get(func(r bench.WaitingResult) float64 { return r.Heap })),
				median(get(func(r bench.WaitingResult) float64 { return r.Stack })),
				countCell(get(func(r bench.WaitingResult) float64 { return float64(r.Successes) })))
		}
	}
}
