package httpobs_test

import (
	"net/http"
	"testing"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/stretchr/testify/assert"
)

func closeDefaultClientIdle(t *testing.T) {
	t.Helper()
	httpobs.DefaultClient.CloseIdleConnections()
}

func TestDefaultClientBoundsPhasesNotTheWhole(t *testing.T) {
	c := httpobs.DefaultClient
	assert.Zero(t, c.Timeout, "an overall timeout would cut long bodies")
	tr := c.Transport.(*http.Transport)
	assert.Positive(t, tr.TLSHandshakeTimeout)
	assert.Positive(t, tr.ResponseHeaderTimeout)
	assert.Positive(t, tr.IdleConnTimeout)
	assert.NotNil(t, tr.DialContext)
	assert.NotNil(t, c.CheckRedirect)
}
