package bench

import "context"

// mutexClient is the mutex pattern of the RTK Query reauth wrappers: every
// request first waits for the lock to be free; on a 401, a request that
// finds the lock free takes it, refreshes, resends itself and only then
// releases it, while a request that finds it taken waits for the release
// and resends.
//
// Nothing tells a 401 for the old token from one for the new token: a 401
// that arrives after the lock was released takes it again and refreshes
// again.
type mutexClient struct {
	setup  Setup
	tokens *tokenStore
	lock   asyncMutex
}

// NewMutexClient returns a client of the mutex pattern. A failed refresh
// signs it out (drops both tokens) and the request fails with the 401 it
// had; requests that waited resend without a token and fail too.
func NewMutexClient(s Setup) (Client, error) {
	return &mutexClient{setup: s, tokens: newTokenStore(s.Tokens)}, nil
}

func (c *mutexClient) Get(ctx context.Context) error {
	if err := c.lock.waitForUnlock(ctx); err != nil {
		return err
	}
	result := c.send(ctx)
	if !isUnauthorized(result) {
		return result
	}
	release := c.lock.acquireIfUnlocked()
	if release == nil {
		if err := c.lock.waitForUnlock(ctx); err != nil {
			return err
		}
		return c.send(ctx)
	}
	defer release()
	refresh := c.tokens.refreshToken()
	if refresh == "" {
		c.tokens.clear()
		return result
	}
	t, err := refreshGrant(ctx, c.setup.HTTP, c.setup.TokenURL, refresh)
	if err != nil {
		c.tokens.clear()
		return result
	}
	c.tokens.set(t)
	return c.send(ctx)
}

func (c *mutexClient) send(ctx context.Context) error {
	return getResource(ctx, c.setup.HTTP, c.setup.ResourceURL, c.tokens.accessToken())
}

func (c *mutexClient) Close() error { return nil }
