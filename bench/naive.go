package bench

import "context"

// naiveClient refreshes on every 401 and resends once: the "no mutex"
// mistake of the RTK Query reauth guides. Concurrent 401s make concurrent
// refreshes with the same single-use refresh token.
type naiveClient struct {
	setup  Setup
	tokens *tokenStore
}

// NewNaiveClient returns the naive client: on a 401 it reads the stored
// refresh token, refreshes with it, stores what it gets and resends. A
// failed refresh signs it out and fails the request.
func NewNaiveClient(s Setup) (Client, error) {
	return &naiveClient{setup: s, tokens: newTokenStore(s.Tokens)}, nil
}

func (c *naiveClient) Get(ctx context.Context) error {
	err := c.send(ctx)
	if !isUnauthorized(err) {
		return err
	}
	t, err := refreshGrant(ctx, c.setup.HTTP, c.setup.TokenURL, c.tokens.refreshToken())
	if err != nil {
		c.tokens.clear()
		return err
	}
	c.tokens.set(t)
	return c.send(ctx)
}

func (c *naiveClient) send(ctx context.Context) error {
	return getResource(ctx, c.setup.HTTP, c.setup.ResourceURL, c.tokens.accessToken())
}

func (c *naiveClient) Close() error { return nil }
