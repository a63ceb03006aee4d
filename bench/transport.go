package bench

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// NewHTTPTransport returns a transport with the settings every contender
// shares: HTTP/1.1 without proxy or compression, keep-alive connections of
// which up to idle per host stay open between requests, and no cap on
// connections per host, so that a burst of n requests can run on n warm
// connections. dials, if not nil, counts the connections it opens.
func NewHTTPTransport(idle int, dials *atomic.Int64) *http.Transport {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := dialer.DialContext(ctx, network, addr)
			if err == nil && dials != nil {
				dials.Add(1)
			}
			return conn, err
		},
		MaxIdleConns:        0, // no global cap
		MaxIdleConnsPerHost: idle,
		MaxConnsPerHost:     0, // no cap
		IdleConnTimeout:     5 * time.Minute,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
}
