package bench

import (
	"context"
	"sync"
)

// sharedPromiseClient is the shared-promise interceptor of the axios
// guides: a request sends at once; on a 401 it joins the refresh in flight,
// or starts one if there is none, waits for its outcome, stores the tokens
// and resends. When a request is done with its resend it forgets the
// shared refresh, whoever started it, so a 401 that arrives after that
// starts a new one. The resend is made once, and a 401 to it signs the
// client out, as the pattern intends.
type sharedPromiseClient struct {
	setup  Setup
	tokens *tokenStore

	mu         sync.Mutex
	refreshing *refreshCall // the shared promise; nil when none

	ctx    context.Context // ends the refreshes when the client closes
	cancel context.CancelFunc
	calls  sync.WaitGroup
}

// refreshCall is one refresh in flight and, once done is closed, its
// outcome.
type refreshCall struct {
	done   chan struct{}
	tokens Tokens
	err    error
}

// NewSharedPromiseClient returns a client of the shared-promise pattern.
// A failed refresh signs it out (drops both tokens) and fails every
// request that waited for it; a request that then meets a 401 without a
// token fails at once.
func NewSharedPromiseClient(s Setup) (Client, error) {
	ctx, cancel := context.WithCancel(context.Background())
	return &sharedPromiseClient{setup: s, tokens: newTokenStore(s.Tokens), ctx: ctx, cancel: cancel}, nil
}

func (c *sharedPromiseClient) Get(ctx context.Context) error {
	err := getResource(ctx, c.setup.HTTP, c.setup.ResourceURL, c.tokens.accessToken())
	if !isUnauthorized(err) || c.tokens.accessToken() == "" {
		return err
	}
	defer c.forget()
	call := c.join()
	select {
	case <-call.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if call.err != nil {
		c.tokens.clear()
		return call.err
	}
	c.tokens.set(call.tokens)
	err = getResource(ctx, c.setup.HTTP, c.setup.ResourceURL, call.tokens.Access)
	if isUnauthorized(err) {
		// Rejected with the new token too: both tokens are bad.
		c.tokens.clear()
	}
	return err
}

// join returns the refresh in flight, starting one if there is none.
func (c *sharedPromiseClient) join() *refreshCall {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.refreshing == nil {
		call := &refreshCall{done: make(chan struct{})}
		refresh := c.tokens.refreshToken()
		c.calls.Add(1)
		go func() {
			defer c.calls.Done()
			defer close(call.done)
			call.tokens, call.err = refreshGrant(c.ctx, c.setup.HTTP, c.setup.TokenURL, refresh)
		}()
		c.refreshing = call
	}
	return c.refreshing
}

// forget drops the shared refresh, as the interceptor's finally does.
func (c *sharedPromiseClient) forget() {
	c.mu.Lock()
	c.refreshing = nil
	c.mu.Unlock()
}

// Close cancels a refresh still in flight and waits for it to end.
func (c *sharedPromiseClient) Close() error {
	c.cancel()
	c.calls.Wait()
	return nil
}
