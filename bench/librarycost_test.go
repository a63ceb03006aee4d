package bench_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// instantTransport answers every request at once with overheadBody, so
// that what a request costs is the client's own work.
type instantTransport struct{}

func (instantTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(overheadBody)),
		ContentLength: int64(len(overheadBody)),
		Request:       req,
	}, nil
}

// BenchmarkLibraryCost is BenchmarkOverhead's four ways over a transport
// that answers at once, one request at a time: with no network, server or
// scheduler in the way, the difference from raw is the library's own time
// and allocations per request.
func BenchmarkLibraryCost(b *testing.B) {
	const url = "http://api.invalid/resource"
	client := &http.Client{Transport: instantTransport{}}
	session := auth.NewSession(auth.OAuth2Refresh("http://api.invalid/token", auth.WithHTTPClient(client)),
		auth.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	b.Cleanup(func() { session.Close() })
	const token = "a-valid-token"
	if err := session.SignIn(auth.TokenPair{AccessToken: token, RefreshToken: "unused"}); err != nil {
		b.Fatal(err)
	}
	viaTransport := &http.Client{Transport: session.Transport(instantTransport{})}
	readAll := func(b *testing.B, resp *http.Response, err error) {
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || len(body) != len(overheadBody) {
			b.Fatalf("%d bytes, %v", len(body), err)
		}
	}
	ctx := context.Background()
	for _, w := range []struct {
		name string
		get  func(b *testing.B)
	}{
		{"raw", func(b *testing.B) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := client.Do(req)
			readAll(b, resp, err)
		}},
		{"httpobs", func(b *testing.B) {
			if err := checkResponse(streams.Collect(ctx, httpobs.Get(url, httpobs.WithClient(client), httpobs.WithHeader("Authorization", "Bearer "+token)))); err != nil {
				b.Fatal(err)
			}
		}},
		{"Reauth", func(b *testing.B) {
			if err := checkResponse(streams.Collect(ctx, streams.Pipe(httpobs.Get(url, httpobs.WithClient(client)), session.Reauth()))); err != nil {
				b.Fatal(err)
			}
		}},
		{"Transport", func(b *testing.B) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				b.Fatal(err)
			}
			resp, err := viaTransport.Do(req)
			readAll(b, resp, err)
		}},
	} {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w.get(b)
			}
		})
	}
}
