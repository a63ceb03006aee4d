package httpobs_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// A single request: nothing is sent until the source is subscribed, and
// each subscription sends one request.
func ExampleGet() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello from %s", r.URL.Path)
	}))
	defer srv.Close()

	hello := httpobs.Get(srv.URL+"/greeting", httpobs.WithClient(srv.Client()))

	values, err := streams.Collect(context.Background(), hello)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	resp := values[0].(*httpobs.Response)
	fmt.Println(resp.StatusCode, string(resp.Body))
	// Output: 200 hello from /greeting
}

// A typed JSON request, and what a failure looks like.
func ExampleGetJSON() {
	type User struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/users/1" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `{"id": 1, "name": "Ada"}`)
	}))
	defer srv.Close()

	values, err := streams.Collect(context.Background(), httpobs.GetJSON[User](srv.URL+"/users/1", httpobs.WithClient(srv.Client())))
	fmt.Printf("%+v %v\n", values[0], err)

	_, err = streams.Collect(context.Background(), httpobs.GetJSON[User](srv.URL+"/users/2?token=secret", httpobs.WithClient(srv.Client())))
	fmt.Println(strings.Replace(err.Error(), srv.URL, "http://server", 1))
	// Output:
	// {ID:1 Name:Ada} <nil>
	// httpobs: GET http://server/users/2?REDACTED: status 404 Not Found
}

// A fan-out pipeline: fetch many users, at most two at a time, each
// request with its own timeout and retried on server errors.
func ExampleFanOut() {
	type User struct {
		Name string `json:"name"`
	}
	names := map[string]string{"1": "Ada", "2": "Grace", "3": "Barbara", "4": "Edsger"}
	var failedOnce atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/users/")
		if id == "3" && failedOnce.CompareAndSwap(false, true) {
			w.WriteHeader(http.StatusServiceUnavailable) // retried
			return
		}
		fmt.Fprintf(w, `{"name": %q}`, names[id])
	}))
	defer srv.Close()

	var requests []rxgo.Observable
	for _, id := range []string{"1", "2", "3", "4"} {
		requests = append(requests, streams.Pipe(
			httpobs.GetJSON[User](srv.URL+"/users/"+id, httpobs.WithClient(srv.Client())),
			httpobs.Timeout(5*time.Second),
			httpobs.Retry(httpobs.RetryBackoff(10*time.Millisecond, time.Second)),
		))
	}

	values, err := streams.Collect(context.Background(), httpobs.FanOut(2, requests...))
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	var got []string
	for _, v := range values {
		got = append(got, v.(User).Name)
	}
	slices.Sort(got) // results arrive in completion order
	fmt.Println(got)
	// Output: [Ada Barbara Edsger Grace]
}

// An operator that stamps every request its source makes — each retry
// too — with a header, whatever source it wraps.
func ExampleContextWithDecorator() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Header.Get("X-Tenant"))
	}))
	defer srv.Close()

	forTenant := func(tenant string) streams.Operator {
		return streams.DeriveContext(func(ctx context.Context) context.Context {
			return httpobs.ContextWithDecorator(ctx, func(r *http.Request) error {
				r.Header.Set("X-Tenant", tenant)
				return nil
			})
		})
	}
	get := httpobs.Get(srv.URL, httpobs.WithClient(srv.Client()))
	values, err := streams.Collect(context.Background(), streams.Pipe(get, forTenant("acme")))
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(string(values[0].(*httpobs.Response).Body))
	// Output: acme
}

// A RoundTripper that sends requests itself describes an error answer as
// the sources do, and still hands the whole response on.
func ExampleNewStatusError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, "slow down")
	}))
	defer srv.Close()

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/items?key=secret", nil)
	resp, err := srv.Client().Do(req)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	defer resp.Body.Close()
	se := httpobs.NewStatusError(req, resp)
	fmt.Println(strings.Replace(se.Error(), srv.URL, "SERVER", 1))
	fmt.Println(string(se.Body))
	// Output:
	// httpobs: GET SERVER/items?REDACTED: status 429 Too Many Requests
	// slow down
}
