package authtest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rxepic/rxepic/auth/authtest"
)

// A sign-in, a protected request, a refresh that rotates the refresh token,
// and the spent refresh token coming back: reuse, which revokes the family.
func Example() {
	srv := authtest.New(authtest.WithAccessTTL(5 * time.Minute))
	defer srv.Close()
	client := srv.Client()

	get := func(token string) string {
		req, _ := http.NewRequest(http.MethodGet, srv.ResourceURL()+"/profile", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return err.Error()
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(string(body)))
	}
	refresh := func(refreshToken string) (status int, tokens map[string]any) {
		form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
		resp, err := client.PostForm(srv.TokenURL(), form)
		if err != nil {
			return 0, nil
		}
		defer resp.Body.Close()
		_ = json.NewDecoder(resp.Body).Decode(&tokens)
		return resp.StatusCode, tokens
	}

	pair := srv.SignIn("alice")
	fmt.Println(get(pair.AccessToken))

	status, tokens := refresh(pair.RefreshToken)
	fmt.Println(status, tokens["token_type"], tokens["expires_in"], tokens["refresh_token"] != pair.RefreshToken)
	fmt.Println(get(tokens["access_token"].(string)))

	status, tokens = refresh(pair.RefreshToken)
	fmt.Println(status, tokens["error"])
	fmt.Println(get(pair.AccessToken))

	st := srv.Stats()
	fmt.Printf("refresh calls %d, refreshes %d, reuse detections %d\n", st.RefreshCalls, st.Refreshes, st.ReuseDetections)
	// Output:
	// 200 {"subject":"alice","path":"/resource/profile","generation":1}
	// 200 Bearer 300 true
	// 200 {"subject":"alice","path":"/resource/profile","generation":2}
	// 400 invalid_grant
	// 401 {"error":"invalid_token","error_description":"token family revoked"}
	// refresh calls 2, refreshes 1, reuse detections 1
}

// Faults are injected while the server runs: here the token endpoint
// answers the next call 503 with Retry-After, and then recovers.
func ExampleFaults() {
	srv := authtest.NewInMemory()
	defer srv.Close()
	pair := srv.SignIn("alice")
	srv.TokenFaults().Next(authtest.RetryLater(http.StatusServiceUnavailable, 2*time.Second), 1)

	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {pair.RefreshToken}}
	for range 2 {
		resp, err := srv.Client().PostForm(srv.TokenURL(), form)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Printf("%d Retry-After=%q\n", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	st := srv.Stats()
	fmt.Printf("refresh calls %d, faults %d, refreshes %d\n", st.RefreshCalls, st.TokenFaults, st.Refreshes)
	// Output:
	// 503 Retry-After="2"
	// 200 Retry-After=""
	// refresh calls 2, faults 1, refreshes 1
}

// Events describe each request by fingerprints, to draw a timeline.
func ExampleServer_OnEvent() {
	srv := authtest.NewInMemory()
	defer srv.Close()
	srv.OnEvent(func(e authtest.Event) {
		line := fmt.Sprintf("%s gen %d", e.Kind, e.Generation)
		if e.Path != "" {
			line += fmt.Sprintf(" %s %d", e.Path, e.Status)
		}
		if e.Detail != "" {
			line += ": " + e.Detail
		}
		fmt.Println(line)
	})
	pair := srv.SignIn("alice")
	req, _ := http.NewRequest(http.MethodGet, srv.ResourceURL(), nil)
	req.Header.Set("Authorization", "Bearer "+pair.AccessToken)
	if resp, err := srv.Client().Do(req); err == nil {
		resp.Body.Close()
	}
	_ = srv.RevokeAccessToken(pair.AccessToken)
	if resp, err := srv.Client().Do(req); err == nil {
		resp.Body.Close()
	}
	// Output:
	// sign-in gen 1
	// resource-ok gen 1 /resource 200
	// revoke gen 1: access token revoked
	// resource-denied gen 1 /resource 401: invalid_token: token revoked
}
