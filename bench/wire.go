package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxBody caps what the anchors read of an answer.
const maxBody = 1 << 20

// StatusError is a non-200 answer to a resource request.
type StatusError struct{ StatusCode int }

// Error names the status.
func (e *StatusError) Error() string {
	return fmt.Sprintf("bench: resource answered %d %s", e.StatusCode, http.StatusText(e.StatusCode))
}

// ErrRefresh matches every failed refresh of the anchors and the limit.
var ErrRefresh = errors.New("bench: refresh failed")

// getResource sends one GET for url with the access token (none if empty),
// reads the whole answer and returns nil for a 200, a *StatusError for
// another status, or the transport error.
func getResource(ctx context.Context, client *http.Client, url, access string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	if access != "" {
		req.Header.Set("Authorization", "Bearer "+access)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	return readAnswer(resp)
}

// readAnswer reads and closes resp's body, so its connection can be
// reused, and turns a status other than 200 into a *StatusError.
func readAnswer(resp *http.Response) error {
	_, err := io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return &StatusError{StatusCode: resp.StatusCode}
	}
	return nil
}

// isUnauthorized reports whether err is a 401 answer.
func isUnauthorized(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.StatusCode == http.StatusUnauthorized
}

// tokenAnswer is a token endpoint's answer, success or error (RFC 6749
// §5.1, §5.2).
type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int64  `json:"expires_in"`
	Error        string `json:"error"`
}

// refreshGrant makes one OAuth 2.0 refresh grant (RFC 6749 §6): a form
// POST of grant_type=refresh_token. A rotated refresh token replaces the
// old one; an answer without one keeps it. Errors match ErrRefresh.
func refreshGrant(ctx context.Context, client *http.Client, tokenURL, refresh string) (Tokens, error) {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return Tokens{}, fmt.Errorf("%w: %w", ErrRefresh, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return Tokens{}, fmt.Errorf("%w: %w", ErrRefresh, err)
	}
	defer resp.Body.Close()
	var ans tokenAnswer
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxBody)).Decode(&ans); err != nil {
		return Tokens{}, fmt.Errorf("%w: status %d, reading the answer: %w", ErrRefresh, resp.StatusCode, err)
	}
	io.Copy(io.Discard, resp.Body)
	switch {
	case resp.StatusCode != http.StatusOK:
		return Tokens{}, fmt.Errorf("%w: status %d, error %q", ErrRefresh, resp.StatusCode, ans.Error)
	case ans.AccessToken == "":
		return Tokens{}, fmt.Errorf("%w: answer without access_token", ErrRefresh)
	}
	t := Tokens{Access: ans.AccessToken, Refresh: ans.RefreshToken}
	if t.Refresh == "" {
		t.Refresh = refresh
	}
	if ans.ExpiresIn > 0 {
		t.Expiry = time.Now().Add(time.Duration(ans.ExpiresIn) * time.Second)
	}
	return t, nil
}
