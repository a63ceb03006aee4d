package bench_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/rxepic/rxepic/bench"
)

// memoryAPI is a resource and a token endpoint in memory: the resource
// answers 200 to the current access token and 401 to any other, and holds
// its first gate requests until all have arrived, so that every request of
// a storm is rejected at once; the token endpoint rotates both tokens, its
// first answer held until those gate 401s are out, so that every request
// handles its 401 while the refresh is in flight.
type memoryAPI struct {
	gate int

	mu       sync.Mutex
	gen      int
	arrived  int
	opened   chan struct{}
	rejected int
	answered chan struct{}
	refreshs int
	reuses   int
}

func newMemoryAPI(gate int) *memoryAPI {
	return &memoryAPI{gate: gate, gen: 1, opened: make(chan struct{}), answered: make(chan struct{})}
}

func (m *memoryAPI) tokens() bench.Tokens {
	return bench.Tokens{Access: "stale", Refresh: "r1"}
}

func (m *memoryAPI) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	if req.URL.Path == "/token" {
		return m.refresh(req)
	}
	m.mu.Lock()
	m.arrived++
	if m.arrived == m.gate {
		close(m.opened)
	}
	m.mu.Unlock()
	select {
	case <-m.opened:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	m.mu.Lock()
	ok := req.Header.Get("Authorization") == "Bearer a"+strconv.Itoa(m.gen)
	if !ok {
		m.rejected++
		if m.rejected == m.gate {
			close(m.answered)
		}
	}
	m.mu.Unlock()
	if !ok {
		return answer(req, http.StatusUnauthorized, `{"error":"invalid_token"}`), nil
	}
	return answer(req, http.StatusOK, `{"ok":true}`), nil
}

func (m *memoryAPI) refresh(req *http.Request) (*http.Response, error) {
	if err := req.ParseForm(); err != nil {
		return nil, err
	}
	select {
	case <-m.answered:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if req.PostForm.Get("refresh_token") != "r"+strconv.Itoa(m.gen) {
		m.reuses++
		return answer(req, http.StatusBadRequest, `{"error":"invalid_grant"}`), nil
	}
	m.gen++
	m.refreshs++
	return answer(req, http.StatusOK, fmt.Sprintf(`{"access_token":"a%d","refresh_token":"r%d","token_type":"Bearer","expires_in":3600}`, m.gen, m.gen)), nil
}

func answer(req *http.Request, code int, body string) *http.Response {
	return &http.Response{
		StatusCode:    code,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader([]byte(body))),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// BenchmarkStormCost is one revoked-token storm of stormCostN concurrent
// requests per op, over memoryAPI: no network, server or latency in the
// way, so ns/op and allocs/op are a contender's own cost of recovering,
// which in bench/cmd/storm competes with the server for the same cores.
// The mutex pattern may refresh twice and fail requests (see mutexClient):
// it is reported, not refused.
func BenchmarkStormCost(b *testing.B) {
	const stormCostN = 1000
	for _, name := range []string{bench.NameReauth, bench.NameTransport, bench.NameMutex} {
		b.Run(name, func(b *testing.B) {
			c := contender(b, name)
			b.ReportAllocs()
			refreshes, failures := 0, 0
			for b.Loop() {
				api := newMemoryAPI(stormCostN)
				client, err := c.New(bench.Setup{
					ResourceURL: "http://api.invalid/resource",
					TokenURL:    "http://api.invalid/token",
					HTTP:        &http.Client{Transport: api},
					Tokens:      api.tokens(),
				})
				if err != nil {
					b.Fatal(err)
				}
				errs := make([]error, stormCostN)
				var wg sync.WaitGroup
				for i := range stormCostN {
					wg.Go(func() { errs[i] = client.Get(context.Background()) })
				}
				wg.Wait()
				client.Close()
				failed := 0
				for _, err := range errs {
					if err != nil {
						failed++
					}
				}
				if name != bench.NameMutex && (failed != 0 || api.refreshs != 1) {
					b.Fatalf("%s: %d failed, %d refreshes", name, failed, api.refreshs)
				}
				if api.reuses != 0 {
					b.Fatalf("%s: %d refresh-token reuses", name, api.reuses)
				}
				refreshes += api.refreshs
				failures += failed
			}
			b.ReportMetric(float64(refreshes)/float64(b.N), "refreshes/op")
			b.ReportMetric(float64(failures)/float64(b.N), "failed/op")
		})
	}
}
