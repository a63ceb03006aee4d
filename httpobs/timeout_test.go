package httpobs_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hang answers nothing until the client goes away, and counts that.
func hang(aborted chan<- struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		aborted <- struct{}{}
	}
}

// slowBody sends n chunks of "chunk", one every gap, flushing each.
func slowBody(n int, gap time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(n*len("chunk")))
		for i := range n {
			if i > 0 {
				select {
				case <-time.After(gap):
				case <-r.Context().Done():
					return
				}
			}
			io.WriteString(w, "chunk")
			http.NewResponseController(w).Flush()
		}
	}
}

func TestTimeoutAbortsAHangingRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		aborted := make(chan struct{}, 1)
		client := newPipeServer(t, hang(aborted))
		start := time.Now()

		_, err := streams.Collect(t.Context(), streams.Pipe(
			httpobs.Get(pipeURL+"/slow?k=v", httpobs.WithClient(client)),
			httpobs.Timeout(2*time.Second)))
		assert.Equal(t, 2*time.Second, time.Since(start))
		var re *httpobs.RequestError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, pipeURL+"/slow?REDACTED", re.URL)
		var te *httpobs.TimeoutError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, 2*time.Second, te.After)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, streams.ErrTimeout)
		<-aborted
	})
}

func TestSlowBodyIsReadWhole(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client := newPipeServer(t, slowBody(5, 10*time.Second))
		start := time.Now()

		values, err := streams.Collect(t.Context(), httpobs.Get(pipeURL, httpobs.WithClient(client)))
		require.NoError(t, err)
		assert.Equal(t, strings.Repeat("chunk", 5), string(values[0].(*httpobs.Response).Body))
		assert.Equal(t, 40*time.Second, time.Since(start), "no overall timeout cuts a slow body")
	})
}

func TestTimeoutCoversTheBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client := newPipeServer(t, slowBody(5, time.Second))
		start := time.Now()

		_, err := streams.Collect(t.Context(), streams.Pipe(
			httpobs.Get(pipeURL, httpobs.WithClient(client)),
			httpobs.Timeout(2500*time.Millisecond)))
		assert.ErrorIs(t, err, streams.ErrTimeout)
		var te *httpobs.TimeoutError
		assert.ErrorAs(t, err, &te)
		assert.Equal(t, 2500*time.Millisecond, time.Since(start))

		values, err := streams.Collect(t.Context(), streams.Pipe(
			httpobs.Get(pipeURL, httpobs.WithClient(client)),
			httpobs.Timeout(5*time.Second)))
		require.NoError(t, err)
		assert.Len(t, values[0].(*httpobs.Response).Body, 5*len("chunk"))
	})
}

func TestTimeoutAppliesToEachAttempt(t *testing.T) {
	for _, order := range []string{"Timeout then Retry", "Retry then Timeout"} {
		t.Run(order, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				aborted := make(chan struct{}, 2)
				s := &script{handlers: []http.HandlerFunc{hang(aborted), hang(aborted), status(200)}}
				client := newPipeServer(t, s.ServeHTTP)
				ops := []streams.Operator{httpobs.Timeout(time.Second), httpobs.Retry(httpobs.RetryBackoff(0, 0))}
				if order == "Retry then Timeout" {
					ops[0], ops[1] = ops[1], ops[0]
				}
				start := time.Now()

				values, err := streams.Collect(t.Context(), streams.Pipe(httpobs.Get(pipeURL, httpobs.WithClient(client)), ops...))
				require.NoError(t, err)
				assert.Len(t, values, 1)
				assert.Equal(t, 2*time.Second, time.Since(start))
				assert.Equal(t, 3, s.count())
			})
		})
	}
}

func TestNestedTimeoutsTheShortestApplies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		aborted := make(chan struct{}, 2)
		client := newPipeServer(t, hang(aborted))
		for _, ops := range [][]streams.Operator{
			{httpobs.Timeout(time.Second), httpobs.Timeout(time.Minute)},
			{httpobs.Timeout(time.Minute), httpobs.Timeout(time.Second)},
		} {
			start := time.Now()
			_, err := streams.Collect(t.Context(), streams.Pipe(httpobs.Get(pipeURL, httpobs.WithClient(client)), ops...))
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Equal(t, time.Second, time.Since(start))
		}
	})
}

func TestTimeoutRejectsNonPositiveDurations(t *testing.T) {
	assert.PanicsWithValue(t, "httpobs.Timeout: d = 0s, want > 0", func() { httpobs.Timeout(0) })
}
