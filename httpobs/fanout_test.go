package httpobs_test

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inFlight counts the requests being served at once, and the most seen.
type inFlight struct {
	mu       sync.Mutex
	now, max int
}

func (f *inFlight) enter() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now++
	f.max = max(f.max, f.now)
}

func (f *inFlight) leave() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now--
}

func TestFanOutLimitsConcurrency(t *testing.T) {
	tests := []struct {
		limit       int
		wantMax     int
		wantElapsed time.Duration
	}{
		{limit: 1, wantMax: 1, wantElapsed: 6 * time.Second},
		{limit: 2, wantMax: 2, wantElapsed: 3 * time.Second},
		{limit: 4, wantMax: 4, wantElapsed: 2 * time.Second},
		{limit: 0, wantMax: 6, wantElapsed: time.Second},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("limit %d", tt.limit), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				flight := &inFlight{}
				client := newPipeServer(t, func(w http.ResponseWriter, r *http.Request) {
					flight.enter()
					defer flight.leave()
					time.Sleep(time.Second)
					w.Write([]byte(r.URL.Path))
				})
				var sources []rxgo.Observable
				for _, p := range []string{"/a", "/b", "/c", "/d", "/e", "/f"} {
					sources = append(sources, httpobs.Get(pipeURL+p, httpobs.WithClient(client)))
				}
				start := time.Now()

				values, err := streams.Collect(t.Context(), httpobs.FanOut(tt.limit, sources...))
				require.NoError(t, err)
				var paths []string
				for _, v := range values {
					paths = append(paths, string(v.(*httpobs.Response).Body))
				}
				sort.Strings(paths)
				assert.Equal(t, []string{"/a", "/b", "/c", "/d", "/e", "/f"}, paths)
				assert.Equal(t, tt.wantMax, flight.max)
				assert.Equal(t, tt.wantElapsed, time.Since(start))
			})
		})
	}
}

func TestFanOutFailsFastAndCancelsTheRest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		aborted := make(chan struct{}, 3)
		client := newPipeServer(t, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/bad" {
				time.Sleep(time.Second)
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			hang(aborted)(w, r)
		})
		start := time.Now()

		_, err := streams.Collect(t.Context(), httpobs.FanOut(0,
			httpobs.Get(pipeURL+"/slow1", httpobs.WithClient(client)),
			httpobs.Get(pipeURL+"/bad", httpobs.WithClient(client)),
			httpobs.Get(pipeURL+"/slow2", httpobs.WithClient(client)),
		))
		var se *httpobs.StatusError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, pipeURL+"/bad", se.URL)
		assert.Equal(t, time.Second, time.Since(start))
		<-aborted
		<-aborted
	})
}

func TestFanOutRejectsBadArguments(t *testing.T) {
	assert.Panics(t, func() { httpobs.FanOut(-1) })
	assert.PanicsWithValue(t, "httpobs.FanOut: nil source at index 1", func() { httpobs.FanOut(1, streams.Empty(), nil) })
}
