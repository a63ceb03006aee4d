package main

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// slowFor is how long the slow endpoint takes to answer, unless its client
// gives up first.
const slowFor = 5 * time.Second

// flakyFailures is how many calls the flaky endpoint fails before it
// answers.
const flakyFailures = 2

type item struct {
	ID     int `json:"id"`
	Square int `json:"square"`
}

type user struct {
	ID     int    `json:"id"`
	Name   string `json:"name"`
	TeamID int    `json:"team_id"`
}

type team struct {
	ID      int    `json:"id"`
	Name    string `json:"name"`
	Members int    `json:"members"`
}

// api is the server the pipelines talk to. It records what it sees, so
// that the demo can show it: how many requests were in flight at once,
// and the status of each call to the flaky endpoint. It is safe for
// concurrent use.
type api struct {
	latency time.Duration // of each /items answer

	mu          sync.Mutex
	inFlight    int
	maxInFlight int
	flaky       []int // the status of each call to /flaky, in order
}

func newAPI(latency time.Duration) *api { return &api{latency: latency} }

func (a *api) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", a.item)
	mux.HandleFunc("GET /users/{id}", a.user)
	mux.HandleFunc("GET /teams/{id}", a.team)
	mux.HandleFunc("GET /flaky", a.flakyCall)
	mux.HandleFunc("GET /slow", a.slow)
	return mux
}

// item answers {"id": id, "square": id²} after the latency, counting the
// requests in flight meanwhile.
func (a *api) item(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, "id must be a number", http.StatusBadRequest)
		return
	}
	a.mu.Lock()
	a.inFlight++
	a.maxInFlight = max(a.maxInFlight, a.inFlight)
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.inFlight--
		a.mu.Unlock()
	}()
	if !wait(r, a.latency) {
		return
	}
	writeJSON(w, item{ID: id, Square: id * id})
}

// maxConcurrency is the most /items requests the server has had in flight
// at once.
func (a *api) maxConcurrency() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.maxInFlight
}

func (a *api) user(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("id") != "1" {
		http.NotFound(w, r)
		return
	}
	writeJSON(w, user{ID: 1, Name: "Ada Lovelace", TeamID: 7})
}

func (a *api) team(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("id") != "7" {
		http.NotFound(w, r)
		return
	}
	writeJSON(w, team{ID: 7, Name: "Analytical Engine", Members: 3})
}

// flakyCall fails the first flakyFailures calls with 503, then answers.
func (a *api) flakyCall(w http.ResponseWriter, _ *http.Request) {
	a.mu.Lock()
	status := http.StatusOK
	if len(a.flaky) < flakyFailures {
		status = http.StatusServiceUnavailable
	}
	a.flaky = append(a.flaky, status)
	a.mu.Unlock()
	if status != http.StatusOK {
		http.Error(w, "try again", status)
		return
	}
	writeJSON(w, map[string]string{"status": "ok"})
}

// flakyStatuses returns the status of each call to /flaky so far.
func (a *api) flakyStatuses() []int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]int(nil), a.flaky...)
}

// slow answers after slowFor, or not at all if the client goes first.
func (a *api) slow(w http.ResponseWriter, r *http.Request) {
	if wait(r, slowFor) {
		writeJSON(w, map[string]string{"status": "finally"})
	}
}

// wait waits for d, or until the client goes away; it reports whether the
// request should still be answered.
func wait(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
