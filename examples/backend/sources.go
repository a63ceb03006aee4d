package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"time"
)

// tick offers an event to the intake at every tick, until ctx ends or the
// intake refuses one.
func tick(ctx context.Context, every time.Duration, in *intake) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := in.admit("ticker"); err != nil {
				return
			}
		}
	}
}

// partner plays an outside system that calls the webhook at start-up and
// then at every interval, until ctx ends. Its failures are its own: the
// backend answers every call, and a refused event is simply not taken.
func partner(ctx context.Context, every time.Duration, url string, client *http.Client) {
	post := func() {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(`{"kind":"order.created"}`))
		if err != nil {
			return
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}
	post()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			post()
		}
	}
}
