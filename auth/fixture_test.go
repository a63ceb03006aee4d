package auth_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"testing"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// fixture is a signed-in Session against an in-memory authtest server, so
// that it runs inside a synctest bubble.
type fixture struct {
	t        *testing.T
	server   *authtest.Server
	session  *auth.Session
	client   *http.Client
	mu       sync.Mutex
	signOuts []error
	saved    []auth.TokenPair
}

func newFixture(t *testing.T, serverOpts []authtest.Option, opts ...auth.Option) *fixture {
	t.Helper()
	f := &fixture{t: t, server: authtest.NewInMemory(serverOpts...)}
	f.client = f.server.Client()
	opts = append([]auth.Option{
		auth.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		auth.OnSignOut(func(reason error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.signOuts = append(f.signOuts, reason)
		}),
		auth.OnTokens(func(p auth.TokenPair) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.saved = append(f.saved, p)
		}),
	}, opts...)
	f.session = auth.NewSession(auth.OAuth2Refresh(f.server.TokenURL(), auth.WithHTTPClient(f.client)), opts...)
	t.Cleanup(func() {
		require.NoError(t, f.session.Close())
		f.server.Close()
		f.client.CloseIdleConnections()
	})
	pair := f.server.SignIn("alice")
	require.NoError(t, f.session.SignIn(auth.TokenPair{
		AccessToken:  auth.Token(pair.AccessToken),
		RefreshToken: auth.Token(pair.RefreshToken),
		Expiry:       pair.Expiry,
	}))
	return f
}

// get is one authenticated request for the resource.
func (f *fixture) get() rxgo.Observable {
	return streams.Pipe(httpobs.Get(f.server.ResourceURL(), httpobs.WithClient(f.client)), f.session.Reauth())
}

// fire sends n requests at once and returns each one's error.
func (f *fixture) fire(ctx context.Context, n int) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = f.one(ctx) })
	}
	wg.Wait()
	return errs
}

// one sends one request and checks that a success is one 200 response.
func (f *fixture) one(ctx context.Context) error {
	values, err := streams.Collect(ctx, f.get())
	if err != nil {
		return err
	}
	require.Len(f.t, values, 1)
	require.Equal(f.t, http.StatusOK, values[0].(*httpobs.Response).StatusCode)
	return nil
}

func (f *fixture) signOutReasons() []error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]error(nil), f.signOuts...)
}

func (f *fixture) savedTokens() []auth.TokenPair {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]auth.TokenPair(nil), f.saved...)
}

func requireAllOK(t *testing.T, errs []error) {
	t.Helper()
	for i, err := range errs {
		require.NoError(t, err, "request %d", i)
	}
}
