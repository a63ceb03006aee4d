package authtest_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/rxepic/rxepic/auth/authtest"
)

// The server's own cost per request, to set beside client-side figures.

func BenchmarkResource(b *testing.B) {
	modesB(b, func(b *testing.B, srv *authtest.Server) {
		pair := srv.SignIn("alice")
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			req := resourceRequest(context.Background(), srv, "/resource", pair.AccessToken)
			for pb.Next() {
				if a, err := trySend(srv.Client(), req); err != nil || a.status != http.StatusOK {
					b.Errorf("resource: %v, status %d", err, a.status)
					return
				}
			}
		})
	})
}

func BenchmarkRefresh(b *testing.B) {
	modesB(b, func(b *testing.B, srv *authtest.Server) {
		refreshToken := srv.SignIn("alice").RefreshToken
		b.ReportAllocs()
		for b.Loop() {
			a, err := trySend(srv.Client(), refreshRequest(context.Background(), srv, refreshToken))
			if err != nil || a.status != http.StatusOK {
				b.Fatalf("refresh: %v, status %d", err, a.status)
			}
			refreshToken = decodeTokens(b, a).RefreshToken
		}
	})
}

func modesB(b *testing.B, bench func(b *testing.B, srv *authtest.Server)) {
	for _, m := range []struct {
		name string
		new  func(...authtest.Option) *authtest.Server
	}{{"loopback", authtest.New}, {"in-memory", authtest.NewInMemory}} {
		b.Run(m.name, func(b *testing.B) {
			srv := m.new()
			defer srv.Close()
			bench(b, srv)
		})
	}
}
