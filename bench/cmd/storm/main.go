// Command storm measures how each client recovers when N concurrent
// requests meet a rejected access token, side by side with the limit, and
// what requests cost while they wait for a refresh. It prints markdown
// tables of medians over several runs, and can draw recovery time against
// N as an SVG.
//
// From the bench module:
//
//	go run ./cmd/storm -n 1,10,100,1000,10000 -runs 5 -svg storm.svg
//
// Every client gets its own authtest server, on loopback, in a child
// process (this program run again), so that N connections take N file
// descriptors in each process rather than 2N in one, and so that the
// memory and goroutines measured are the client's alone.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rxepic/rxepic/bench"
)

func main() {
	if bench.IsServerHost() {
		if err := bench.ServeHost(); err != nil {
			fmt.Fprintln(os.Stderr, "storm: server host:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "storm:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	ns              []int
	runs            int
	resourceLatency time.Duration
	tokenLatency    time.Duration
	timeout         time.Duration
	scenarios       []bench.Scenario
	measures        []string
	contenders      []bench.Contender
	svg             string
	local           bool
	memoryN         int
	memoryRuns      int
	memoryLatency   time.Duration
	cpuProfile      string
	memProfile      string
	trace           string
	jsonPath        string
}

var allMeasures = []string{"storm", "fail", "memory"}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("storm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	ns := fs.String("n", "1,10,100,1000,10000", "storm sizes: comma-separated numbers of concurrent requests")
	fs.IntVar(&o.runs, "runs", 5, "runs of every storm; tables show medians")
	fs.DurationVar(&o.resourceLatency, "resource-latency", 2*time.Millisecond, "latency of every resource answer")
	fs.DurationVar(&o.tokenLatency, "token-latency", 5*time.Millisecond, "latency of every token endpoint answer")
	fs.DurationVar(&o.timeout, "timeout", 2*time.Minute, "bound on one storm; requests still out then fail")
	scenarios := fs.String("scenarios", "expired,revoked", "what is wrong with the starting token: expired, revoked")
	measures := fs.String("measures", strings.Join(allMeasures, ","), "what to measure: storm (refresh succeeds), fail (refresh fails), memory (waiting requests)")
	contenders := fs.String("clients", "", "clients to run, comma-separated (default all; the limits always run)")
	fs.StringVar(&o.svg, "svg", "", "write a plot of recovery time against N to this file")
	fs.StringVar(&o.jsonPath, "json", "", "write every run's raw result to this file, one JSON object a line")
	fs.BoolVar(&o.local, "local", false, "run the servers in this process (N is then limited by open files to about half as much)")
	fs.IntVar(&o.memoryN, "memory-n", 10000, "waiting requests of the memory measure")
	fs.IntVar(&o.memoryRuns, "memory-runs", 3, "runs of the memory measure; the table shows medians")
	fs.DurationVar(&o.memoryLatency, "memory-token-latency", 5*time.Second, "token endpoint latency of the memory measure: requests wait this long")
	fs.StringVar(&o.memProfile, "memprofile", "", "write a heap profile of every memory measure, taken while the requests wait, into this directory")
	fs.StringVar(&o.trace, "trace", "", "write an execution trace of every storm (this process) into this directory, for go tool trace")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of every storm (this process: the clients' side, set-up excluded) into this directory")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var err error
	if o.ns, err = parseInts(*ns); err != nil {
		return o, fmt.Errorf("-n: %w", err)
	}
	if o.runs < 1 || o.memoryRuns < 1 {
		return o, errors.New("-runs and -memory-runs must be at least 1")
	}
	for _, name := range splitList(*scenarios) {
		sc, err := bench.ParseScenario(name)
		if err != nil {
			return o, fmt.Errorf("-scenarios: %w", err)
		}
		o.scenarios = append(o.scenarios, sc)
	}
	for _, m := range splitList(*measures) {
		if !slices.Contains(allMeasures, m) {
			return o, fmt.Errorf("-measures: unknown measure %q (want %s)", m, strings.Join(allMeasures, ", "))
		}
		o.measures = append(o.measures, m)
	}
	if o.contenders, err = pickContenders(splitList(*contenders)); err != nil {
		return o, fmt.Errorf("-clients: %w", err)
	}
	return o, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range splitList(s) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive number", f)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, errors.New("no sizes")
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func pickContenders(names []string) ([]bench.Contender, error) {
	all := bench.Contenders()
	if len(names) == 0 {
		return all, nil
	}
	var out []bench.Contender
	for _, c := range all {
		if isLimit(c.Name) || slices.Contains(names, c.Name) {
			out = append(out, c)
		}
	}
	for _, n := range names {
		if !slices.ContainsFunc(all, func(c bench.Contender) bool { return c.Name == n }) {
			var known []string
			for _, c := range all {
				known = append(known, c.Name)
			}
			return nil, fmt.Errorf("unknown client %q (known: %s)", n, strings.Join(known, ", "))
		}
	}
	return out, nil
}

func isLimit(name string) bool {
	return name == bench.NameLimit || name == bench.NameKnownExpiryLimit
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	files := raiseOpenFileLimit()
	var host bench.Host = bench.LocalHost{}
	if !o.local {
		h, err := bench.NewRemoteHost()
		if err != nil {
			return err
		}
		defer h.Close()
		host = h
	}

	out := bufio.NewWriter(stdout)
	defer out.Flush()
	raw := io.Discard
	if o.jsonPath != "" {
		f, err := os.Create(o.jsonPath)
		if err != nil {
			return err
		}
		defer f.Close()
		raw = f
	}
	enc := json.NewEncoder(raw)
	h := newHeader(args, o, files)
	if err := enc.Encode(rawRecord{Header: &h}); err != nil {
		return err
	}
	h.write(out)

	var conds []condition
	for _, m := range o.measures {
		for _, sc := range o.scenarios {
			switch m {
			case "storm":
				conds = append(conds, condition{sc, false})
			case "fail":
				conds = append(conds, condition{sc, true})
			}
		}
	}
	names := make([]string, len(o.contenders))
	for i, c := range o.contenders {
		names[i] = c.Name
	}
	results := newStorms()
	for run := range o.runs {
		for _, n := range o.ns {
			for _, cond := range conds {
				// Rotate the order every run so that no client always
				// runs right after the same one.
				var order []bench.Contender
				for _, c := range o.contenders {
					if c.Name != bench.NameKnownExpiryLimit || cond.Scenario == bench.Expired {
						order = append(order, c)
					}
				}
				k := (run + n) % len(order)
				order = append(order[k:], order[:k]...)
				for _, c := range order {
					cfg := bench.StormConfig{N: n, Scenario: cond.Scenario, FailRefresh: cond.FailRefresh,
						ResourceLatency: o.resourceLatency, TokenLatency: o.tokenLatency, Timeout: o.timeout}
					var profErr error
					name := fmt.Sprintf("%s-%s-fail=%v-N%d-run%d", strings.ReplaceAll(c.Name, " ", "_"), cond.Scenario, cond.FailRefresh, n, run+1)
					switch {
					case o.cpuProfile != "":
						cfg.Around = func(fire func()) { profErr = profile(filepath.Join(o.cpuProfile, name+".prof"), fire) }
					case o.trace != "":
						cfg.Around = func(fire func()) { profErr = traceTo(filepath.Join(o.trace, name+".trace"), fire) }
					}
					r, err := bench.Storm(ctx, host, c, cfg)
					if err == nil {
						err = profErr
					}
					if err != nil {
						return fmt.Errorf("run %d, N=%d, %s, %s: %w", run+1, n, cond.title(), c.Name, err)
					}
					fmt.Fprintf(stderr, "run %d/%d N=%d %s: %s: %v, refresh %d, ok %d, failed %d\n",
						run+1, o.runs, n, cond.title(), c.Name, r.Recovery.Round(time.Microsecond), r.RefreshCalls, r.Successes, r.Failures)
					results.add(run, r)
					if err := enc.Encode(rawRecord{Run: run + 1, Storm: &r, Error: errString(r.FirstError)}); err != nil {
						return err
					}
				}
			}
		}
	}
	writeStorms(out, results, conds, o.ns, names)

	if slices.Contains(o.measures, "memory") {
		ws, err := measureMemory(ctx, host, o, stderr, enc)
		if err != nil {
			return err
		}
		ws.writeTables(out)
	}
	return plot(out, o.svg, results, conds, o.ns, names)
}

// plot draws the storms' plot to path, if there is one to draw.
func plot(out io.Writer, path string, results *storms, conds []condition, ns []int, names []string) error {
	if path == "" || len(conds) == 0 {
		return nil
	}
	if err := writePlot(path, results, conds, ns, names); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nPlot: %s\n", path)
	return nil
}

// writeStorms writes the tables of every condition.
func writeStorms(out io.Writer, results *storms, conds []condition, ns []int, names []string) {
	for _, cond := range conds {
		fmt.Fprintf(out, "\n### Storm: %s\n\n", cond.title())
		results.writeTable(out, cond, ns, names)
		maxN := ns[len(ns)-1]
		fmt.Fprintf(out, "\nWhere the time went at N=%d (ms from the burst's start, medians):\n\n", maxN)
		results.writeTimeline(out, cond, maxN, names)
		if errs := results.firstErrors(cond, ns, names); len(errs) > 0 {
			fmt.Fprintln(out, "\nWhat failed requests got (one example per client):")
			fmt.Fprintln(out)
			for _, name := range names {
				if err := errs[name]; err != nil {
					fmt.Fprintf(out, "- %s: `%v`\n", name, err)
				}
			}
		}
	}
}

// rawRecord is one line of the -json file: the header first, then one
// record per storm or waiting measure.
type rawRecord struct {
	Header  *header              `json:",omitempty"`
	Run     int                  `json:",omitempty"`
	Storm   *bench.Result        `json:",omitempty"`
	Waiting *bench.WaitingResult `json:",omitempty"`
	// Error is the storm's FirstError as text.
	Error string `json:",omitempty"`
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// profile runs fire under the CPU profiler, writing the profile to path.
// fire runs even if the profile cannot be written.
func profile(path string, fire func()) error {
	f, err := os.Create(path)
	if err != nil {
		fire()
		return err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		fire()
		return err
	}
	fire()
	pprof.StopCPUProfile()
	return f.Close()
}

// traceTo runs fire under the execution tracer, writing the trace to
// path. fire runs even if the trace cannot be written.
func traceTo(path string, fire func()) error {
	f, err := os.Create(path)
	if err != nil {
		fire()
		return err
	}
	if err := trace.Start(f); err != nil {
		f.Close()
		fire()
		return err
	}
	fire()
	trace.Stop()
	return f.Close()
}

// waitingContenders are the clients whose requests wait for a refresh,
// with the scenarios in which they do: x/oauth2 waits only for a refresh
// it knows is due, and the naive client never waits.
var waitingContenders = map[string][]bench.Scenario{
	bench.NameReauth:        {bench.Expired, bench.Revoked},
	bench.NameTransport:     {bench.Expired, bench.Revoked},
	bench.NameMutex:         {bench.Expired, bench.Revoked},
	bench.NameSharedPromise: {bench.Expired, bench.Revoked},
	bench.NameOAuth2:        {bench.Expired},
}

func measureMemory(ctx context.Context, host bench.Host, o options, stderr io.Writer, enc *json.Encoder) (*waits, error) {
	ws := &waits{}
	for run := range o.memoryRuns {
		for _, sc := range o.scenarios {
			for _, c := range o.contenders {
				if !slices.Contains(waitingContenders[c.Name], sc) {
					continue
				}
				cfg := bench.WaitingConfig{N: o.memoryN, Scenario: sc, ResourceLatency: o.resourceLatency, TokenLatency: o.memoryLatency}
				var f *os.File
				if o.memProfile != "" {
					name := fmt.Sprintf("%s-%s-run%d.heap", strings.ReplaceAll(c.Name, " ", "_"), sc, run+1)
					var err error
					if f, err = os.Create(filepath.Join(o.memProfile, name)); err != nil {
						return nil, err
					}
					cfg.HeapProfile = f
				}
				r, err := bench.MeasureWaiting(ctx, host, c, cfg)
				if f != nil {
					if cerr := f.Close(); err == nil {
						err = cerr
					}
				}
				if err != nil {
					return nil, fmt.Errorf("memory run %d, %s, %s: %w", run+1, sc, c.Name, err)
				}
				fmt.Fprintf(stderr, "memory run %d/%d %s %s: %.3f goroutines, %.0f heap B, %.0f stack B per waiter, ok %d\n",
					run+1, o.memoryRuns, sc, c.Name, r.Goroutines, r.Heap, r.Stack, r.Successes)
				ws.add(r)
				if err := enc.Encode(rawRecord{Run: run + 1, Waiting: &r}); err != nil {
					return nil, err
				}
			}
		}
	}
	return ws, nil
}

func writePlot(path string, results *storms, conds []condition, ns []int, names []string) error {
	var panels []panel
	for _, cond := range conds {
		p := panel{Title: cond.title()}
		for _, name := range names {
			s := series{Name: name}
			for _, n := range ns {
				c := cell{cond, n, name}
				if ms, ok := results.medianRecovery(c); ok {
					s.Points = append(s.Points, point{N: n, Ms: ms, Failed: results.medianSuccesses(c) < float64(n)})
				}
			}
			if len(s.Points) > 0 {
				p.Series = append(p.Series, s)
			}
		}
		panels = append(panels, p)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := writeSVG(f, panels, names); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// header describes a run: the command, the machine and the settings.
type header struct {
	Command         string
	CPUs            int
	CPU             string
	GOMAXPROCS      int
	OS, Arch, Go    string
	Date            time.Time
	ServersInChild  bool
	ResourceLatency time.Duration
	TokenLatency    time.Duration
	OpenFiles       uint64
	Runs            int
}

func newHeader(args []string, o options, files uint64) header {
	return header{
		Command: "go run ./cmd/storm " + strings.Join(args, " "),
		CPUs:    runtime.NumCPU(), CPU: cpuModel(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		OS: runtime.GOOS, Arch: runtime.GOARCH, Go: runtime.Version(),
		Date:            time.Now().UTC(),
		ServersInChild:  !o.local,
		ResourceLatency: o.resourceLatency, TokenLatency: o.tokenLatency,
		OpenFiles: files, Runs: o.runs,
	}
}

func (h header) write(w io.Writer) {
	fmt.Fprintf(w, "Command: `%s` (from bench/)\n\n", strings.TrimSpace(h.Command))
	fmt.Fprintf(w, "- machine: %d CPUs (%s), GOMAXPROCS %d, %s/%s\n", h.CPUs, h.CPU, h.GOMAXPROCS, h.OS, h.Arch)
	fmt.Fprintf(w, "- Go: %s; date: %s\n", h.Go, h.Date.Format("2006-01-02 15:04 MST"))
	where := "a child process (loopback)"
	if !h.ServersInChild {
		where = "this process (loopback)"
	}
	fmt.Fprintf(w, "- servers: one authtest server per client and storm, in %s; resource latency %v, token endpoint latency %v\n", where, h.ResourceLatency, h.TokenLatency)
	fmt.Fprintf(w, "- open-file limit: %d; every client warms N keep-alive connections before its storm\n", h.OpenFiles)
	fmt.Fprintf(w, "- runs: %d; counts are medians (range when runs differ), times are medians, × limit is the median of each run's ratio to the limit of the same run\n", h.Runs)
}

// cpuModel reads the CPU's name from /proc/cpuinfo, where there is one.
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "CPU model unknown"
	}
	for line := range strings.Lines(string(data)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "CPU model unknown"
}
