package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
)

// newSession returns a signed-in auth.Session that refreshes through the
// raw client, with the library's default options except a silent logger.
func newSession(s Setup) (*auth.Session, error) {
	session := auth.NewSession(
		auth.OAuth2Refresh(s.TokenURL, auth.WithHTTPClient(s.HTTP)),
		auth.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
	)
	err := session.SignIn(auth.TokenPair{
		AccessToken:  auth.Token(s.Tokens.Access),
		RefreshToken: auth.Token(s.Tokens.Refresh),
		Expiry:       s.Tokens.Expiry,
	})
	if err != nil {
		session.Close()
		return nil, err
	}
	return session, nil
}

// reauthClient sends each request as an httpobs source piped through the
// session's Reauth operator and collected with streams.Collect: the
// caller's goroutine is the request.
type reauthClient struct {
	setup   Setup
	session *auth.Session
}

// NewReauthClient returns a client of rxepic's Reauth operator over a new
// Session.
func NewReauthClient(s Setup) (Client, error) {
	session, err := newSession(s)
	if err != nil {
		return nil, err
	}
	return &reauthClient{setup: s, session: session}, nil
}

func (c *reauthClient) Get(ctx context.Context) error {
	src := streams.Pipe(httpobs.Get(c.setup.ResourceURL, httpobs.WithClient(c.setup.HTTP)), c.session.Reauth())
	values, err := streams.Collect(ctx, src)
	if err != nil {
		return err
	}
	if len(values) != 1 {
		return fmt.Errorf("bench: Reauth emitted %d values, want 1", len(values))
	}
	if code := values[0].(*httpobs.Response).StatusCode; code != http.StatusOK {
		return &StatusError{StatusCode: code}
	}
	return nil
}

func (c *reauthClient) Close() error { return c.session.Close() }

// transportClient sends each request through an http.Client whose
// transport is the session's Transport over the shared one.
type transportClient struct {
	setup   Setup
	session *auth.Session
	http    *http.Client
}

// NewTransportClient returns a client of rxepic's Transport over a new
// Session.
func NewTransportClient(s Setup) (Client, error) {
	session, err := newSession(s)
	if err != nil {
		return nil, err
	}
	return &transportClient{setup: s, session: session, http: &http.Client{Transport: session.Transport(s.HTTP.Transport)}}, nil
}

func (c *transportClient) Get(ctx context.Context) error {
	return getResource(ctx, c.http, c.setup.ResourceURL, "")
}

func (c *transportClient) Close() error { return c.session.Close() }
