package bench

import (
	"context"
	"net/http"

	"golang.org/x/oauth2"
)

// oauth2Client is golang.org/x/oauth2's Transport over a Config's token
// source: it refreshes before sending when it knows the token has expired
// (Expiry, less 10 s), one caller at a time, and passes a 401 on as it is —
// it never refreshes because of one.
type oauth2Client struct {
	setup  Setup
	http   *http.Client
	cancel context.CancelFunc
}

// NewOAuth2Client returns a client built the documented way:
// oauth2.Config.TokenSource with the starting token, and oauth2.NewClient,
// both given the raw client through the oauth2.HTTPClient context value so
// that refreshes and requests use the shared transport.
func NewOAuth2Client(s Setup) (Client, error) {
	conf := &oauth2.Config{
		ClientID: "bench",
		Endpoint: oauth2.Endpoint{TokenURL: s.TokenURL, AuthStyle: oauth2.AuthStyleInParams},
	}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), oauth2.HTTPClient, s.HTTP))
	src := conf.TokenSource(ctx, &oauth2.Token{
		AccessToken:  s.Tokens.Access,
		RefreshToken: s.Tokens.Refresh,
		TokenType:    "Bearer",
		Expiry:       s.Tokens.Expiry,
	})
	return &oauth2Client{setup: s, http: oauth2.NewClient(ctx, src), cancel: cancel}, nil
}

func (c *oauth2Client) Get(ctx context.Context) error {
	return getResource(ctx, c.http, c.setup.ResourceURL, "")
}

func (c *oauth2Client) Close() error {
	c.cancel()
	return nil
}
