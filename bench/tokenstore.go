package bench

import "sync"

// tokenStore is where the anchors keep their tokens, as the browser's
// localStorage or a Redux store does for the patterns they port: every
// read sees the latest write, and nothing more is coordinated through it.
type tokenStore struct {
	mu      sync.Mutex
	access  string
	refresh string
}

func newTokenStore(t Tokens) *tokenStore {
	return &tokenStore{access: t.Access, refresh: t.Refresh}
}

func (s *tokenStore) accessToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.access
}

func (s *tokenStore) refreshToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refresh
}

func (s *tokenStore) set(t Tokens) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access, s.refresh = t.Access, t.Refresh
}

// clear is a logout: both tokens are dropped.
func (s *tokenStore) clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access, s.refresh = "", ""
}
