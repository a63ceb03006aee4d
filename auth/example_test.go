package auth_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// Three requests meet a revoked access token at once: one refresh, and
// every request succeeds with the new token.
func ExampleSession_Reauth() {
	server := authtest.New(authtest.WithResourceLatency(20 * time.Millisecond))
	defer server.Close()
	session := auth.NewSession(auth.OAuth2Refresh(server.TokenURL()), auth.WithLogger(slog.New(slog.DiscardHandler)))
	defer session.Close()
	pair := server.SignIn("alice")
	session.SignIn(auth.TokenPair{AccessToken: auth.Token(pair.AccessToken), RefreshToken: auth.Token(pair.RefreshToken)})
	server.RevokeAccessTokens()

	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			get := streams.Pipe(httpobs.Get(server.ResourceURL()), session.Reauth())
			if _, err := streams.Collect(context.Background(), get); err != nil {
				fmt.Println(err)
			}
		})
	}
	wg.Wait()

	st := server.Stats()
	fmt.Printf("%d refresh, %d×200\n", st.RefreshCalls, st.ResourceOK)
	// Output: 1 refresh, 3×200
}

// Any http.Client gets the same flow through Transport. A failed refresh
// is an error that names its cause.
func ExampleAuthenticator_Transport() {
	server := authtest.New()
	defer server.Close()
	session := auth.NewSession(auth.OAuth2Refresh(server.TokenURL()), auth.WithLogger(slog.New(slog.DiscardHandler)))
	defer session.Close()
	pair := server.SignIn("alice")
	session.SignIn(auth.TokenPair{AccessToken: auth.Token(pair.AccessToken), RefreshToken: auth.Token(pair.RefreshToken)})
	client := &http.Client{Transport: session.Transport(nil)}
	defer client.CloseIdleConnections()

	resp, err := client.Get(server.ResourceURL())
	if err != nil {
		fmt.Println(err)
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	fmt.Println(resp.Status)

	server.RevokeAccessTokens()
	server.TokenFaults().Always(authtest.OAuthError(http.StatusBadRequest, "invalid_grant", "refresh token revoked"))
	_, err = client.Get(server.ResourceURL())
	var oe *auth.OAuthError
	fmt.Println(errors.Is(err, auth.ErrRefreshFailed), errors.As(err, &oe) && oe.Code == "invalid_grant")
	fmt.Println(session.State().Status)
	// Output:
	// 200 OK
	// true true
	// signed out
}
