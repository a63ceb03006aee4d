package bench_test

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/bench"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// overheadBody is what the overhead server answers: a small JSON document,
// the common case for an API call.
var overheadBody = []byte(`{"id":42,"name":"Ada Lovelace","email":"ada@example.com","roles":["admin","dev"],"active":true}`)

// way is one way of making an authenticated GET.
type way struct {
	name string
	get  func(ctx context.Context) error
}

// overheadWays returns the four ways, each over a transport of its own
// with the same settings, all with one valid token, against a loopback
// server that checks the token and answers overheadBody: raw net/http with
// the header set by hand, httpobs with the header as an option, Reauth
// over httpobs, and Transport. Separate transports keep one way's
// connection churn from costing the others dials.
//
// reset closes every way's idle connections and collects garbage: a way
// measured after another must not pay for the connections the other left
// open (each holds goroutines at both ends, which netpoll and the
// scheduler go on seeing), or the later ways of a run come out several
// per cent slower than the same code measured first.
func overheadWays(b *testing.B) (ways []way, reset func()) {
	token := rand.Text()
	want := []byte("Bearer " + token)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(overheadBody)
	}))
	b.Cleanup(srv.Close)
	var transports []*http.Transport
	newClient := func() *http.Client {
		tr := bench.NewHTTPTransport(256, nil)
		transports = append(transports, tr)
		b.Cleanup(tr.CloseIdleConnections)
		return &http.Client{Transport: tr}
	}
	rawClient, obsClient, reauthClient := newClient(), newClient(), newClient()
	session := auth.NewSession(auth.OAuth2Refresh(srv.URL+"/token", auth.WithHTTPClient(reauthClient)),
		auth.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	b.Cleanup(func() { session.Close() })
	if err := session.SignIn(auth.TokenPair{AccessToken: auth.Token(token), RefreshToken: "unused"}); err != nil {
		b.Fatal(err)
	}
	viaTransport := &http.Client{Transport: session.Transport(newClient().Transport)}

	readAll := func(resp *http.Response) error {
		body, err := io.ReadAll(io.LimitReader(resp.Body, 10<<20))
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || len(body) != len(overheadBody) {
			return fmt.Errorf("status %d, %d bytes, %v", resp.StatusCode, len(body), err)
		}
		return nil
	}
	reset = func() {
		for _, tr := range transports {
			tr.CloseIdleConnections()
		}
		runtime.GC()
	}
	return []way{
		{"raw", func(ctx context.Context) error {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
			if err != nil {
				return err
			}
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := rawClient.Do(req)
			if err != nil {
				return err
			}
			return readAll(resp)
		}},
		{"httpobs", func(ctx context.Context) error {
			return checkResponse(streams.Collect(ctx, httpobs.Get(srv.URL, httpobs.WithClient(obsClient), httpobs.WithHeader("Authorization", "Bearer "+token))))
		}},
		{"Reauth", func(ctx context.Context) error {
			return checkResponse(streams.Collect(ctx, streams.Pipe(httpobs.Get(srv.URL, httpobs.WithClient(reauthClient)), session.Reauth())))
		}},
		{"Transport", func(ctx context.Context) error {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
			if err != nil {
				return err
			}
			resp, err := viaTransport.Do(req)
			if err != nil {
				return err
			}
			return readAll(resp)
		}},
	}, reset
}

func checkResponse(values []any, err error) error {
	if err != nil {
		return err
	}
	if len(values) != 1 {
		return fmt.Errorf("%d values, want 1", len(values))
	}
	if resp := values[0].(*httpobs.Response); resp.StatusCode != http.StatusOK || len(resp.Body) != len(overheadBody) {
		return fmt.Errorf("status %d, %d bytes", resp.StatusCode, len(resp.Body))
	}
	return nil
}

var overheadFirst = flag.Int("overhead.first", 0, "the way BenchmarkOverhead measures first, from 0 (raw) to 3 (Transport)")

// BenchmarkOverhead measures one GET with a valid token through each way,
// GOMAXPROCS requests in flight, against a loopback server in the same
// process. req/s is throughput; B/op and allocs/op are per request and
// include the server's share, which is the same for every way, so the
// difference from raw is the way's own cost.
//
// "paired" runs the four ways in turn on every goroutine, so that all see
// the same machine load, and reports each one's throughput as a fraction
// of raw's (the ratio of their mean latencies at the same concurrency):
// the figure to read on a noisy machine.
//
// go test runs each sub-benchmark -count times in a row, so with -count 10
// each way is measured in one block of ten seconds or so, raw's first: a
// machine whose speed drifts over the minute a run takes favours or
// penalises whole ways. Run it with -count 1 in a loop instead, and with
// -overhead.first rotating which way starts (see BENCHMARKS.md): then the
// ways alternate every second or so, and each starts as often as the
// others.
func BenchmarkOverhead(b *testing.B) {
	ways, reset := overheadWays(b)
	if *overheadFirst < 0 || *overheadFirst >= len(ways) {
		b.Fatalf("-overhead.first=%d: want 0 to %d", *overheadFirst, len(ways)-1)
	}
	for i := range ways {
		w := ways[(*overheadFirst+i)%len(ways)]
		reset()
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				ctx := context.Background()
				for pb.Next() {
					if err := w.get(ctx); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
	reset()
	b.Run("paired", func(b *testing.B) {
		spent := make([]atomic.Int64, len(ways))
		count := make([]atomic.Int64, len(ways))
		b.RunParallel(func(pb *testing.PB) {
			ctx := context.Background()
			for i := 0; pb.Next(); i++ {
				k := i % len(ways)
				start := time.Now()
				if err := ways[k].get(ctx); err != nil {
					b.Error(err)
					return
				}
				spent[k].Add(int64(time.Since(start)))
				count[k].Add(1)
			}
		})
		mean := func(k int) float64 { return float64(spent[k].Load()) / float64(count[k].Load()) }
		for k := range ways {
			if count[k].Load() == 0 {
				return // too short a run to pair
			}
		}
		for k := 1; k < len(ways); k++ {
			b.ReportMetric(mean(0)/mean(k), ways[k].name+"/raw")
		}
	})
}
