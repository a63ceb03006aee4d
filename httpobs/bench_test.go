package httpobs_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// benchBody is what the benchmark server answers: a small JSON document,
// the common case for an API call.
var benchBody = []byte(`{"id":42,"name":"Ada Lovelace","email":"ada@example.com","roles":["admin","dev"],"active":true}`)

// BenchmarkGet compares one GET through httpobs (a new source per request,
// subscribed with streams.Collect) with the same GET through net/http
// alone (NewRequestWithContext, Do, ReadAll, Close), over one client and
// transport, against a loopback server, with GOMAXPROCS requests in
// flight. req/s is throughput; B/op and allocs/op are per request and
// include the server's share, which is the same for both.
//
// cpu-ns/req is the process's CPU time (user and system, client and
// server) per request: with client and server in one process throughput
// is bound by it, and unlike wall time it is barely moved by other
// processes on the machine.
//
// "paired" alternates the two on every goroutine, so that both see the
// same machine load, and reports httpobs's throughput as a fraction of
// raw's: the ratio of their median latencies at the same concurrency.
func BenchmarkGet(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(benchBody)
	}))
	defer srv.Close()
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}

	raw := func(b *testing.B) {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL, nil)
		if err != nil {
			b.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, 10<<20))
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || len(body) != len(benchBody) {
			b.Fatalf("status %d, %d bytes, %v", resp.StatusCode, len(body), err)
		}
	}
	observed := func(b *testing.B) {
		values, err := streams.Collect(context.Background(), httpobs.Get(srv.URL, httpobs.WithClient(client)))
		if err != nil {
			b.Fatal(err)
		}
		if resp := values[0].(*httpobs.Response); resp.StatusCode != http.StatusOK || len(resp.Body) != len(benchBody) {
			b.Fatalf("status %d, %d bytes", resp.StatusCode, len(resp.Body))
		}
	}

	for _, bench := range []struct {
		name string
		get  func(*testing.B)
	}{{"raw", raw}, {"httpobs", observed}} {
		b.Run(bench.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					bench.get(b)
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
			if cpu >= 0 {
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/req")
			}
		})
	}

	b.Run("paired", func(b *testing.B) {
		var mu sync.Mutex
		var latencies [2][]time.Duration // raw, httpobs
		b.RunParallel(func(pb *testing.PB) {
			var mine [2][]time.Duration
			for i := 0; pb.Next(); i++ {
				which := i % 2
				start := time.Now()
				if which == 0 {
					raw(b)
				} else {
					observed(b)
				}
				mine[which] = append(mine[which], time.Since(start))
			}
			mu.Lock()
			defer mu.Unlock()
			latencies[0] = append(latencies[0], mine[0]...)
			latencies[1] = append(latencies[1], mine[1]...)
		})
		if len(latencies[0]) == 0 || len(latencies[1]) == 0 {
			return // too short a run to pair
		}
		b.ReportMetric(float64(median(latencies[0]))/float64(median(latencies[1])), "httpobs/raw")
	})
}

func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}
