package authtest

import "sync/atomic"

// Stats counts what the server has done since it started. Each field is
// read atomically; a snapshot taken while requests run may mix slightly
// different instants, one taken when they are done is exact.
type Stats struct {
	// SignIns counts calls of SignIn.
	SignIns int64

	// RefreshCalls counts every request that reached the token endpoint,
	// whatever its method, body or outcome, injected faults included. Each
	// also counts in exactly one of Refreshes, RefreshDenied,
	// ReuseDetections and TokenFaults, unless it was aborted (see
	// EventAborted).
	RefreshCalls int64
	// Refreshes counts refresh grants carried out: a refresh token spent and
	// a new pair issued, including under a SlowBody or LostResponse fault.
	Refreshes int64
	// RefreshDenied counts OAuth errors the endpoint answered other than
	// reuse (see EventRefreshDenied).
	RefreshDenied int64
	// ReuseDetections counts presentations of a spent refresh token; each
	// revoked (or re-revoked) its family.
	ReuseDetections int64
	// TokenFaults counts token endpoint requests answered by an injected
	// fault that does not process the request.
	TokenFaults int64

	// ResourceCalls counts every request that reached /resource or a path
	// under it. Each also counts in exactly one of the fields below.
	ResourceCalls int64
	// ResourceOK counts 200 answers to valid tokens.
	ResourceOK int64
	// ResourceUnauthorized counts 401 answers of the resource itself: no
	// token, or an invalid, expired or revoked one.
	ResourceUnauthorized int64
	// ResourceForbidden counts 403 insufficient_scope answers.
	ResourceForbidden int64
	// ResourceFaults counts requests answered by an injected fault that does
	// not process the request.
	ResourceFaults int64
	// ResourceOther counts the rest: methods other than GET and HEAD, and
	// aborted requests (see EventAborted).
	ResourceOther int64
}

type counters struct {
	signIns, refreshCalls, refreshes, refreshDenied, reuse, tokenFaults        atomic.Int64
	resourceCalls, resourceOK, resource401, resource403, resourceFaults, other atomic.Int64
}

// Stats returns the server's counters.
func (s *Server) Stats() Stats {
	c := &s.stats
	return Stats{
		SignIns:              c.signIns.Load(),
		RefreshCalls:         c.refreshCalls.Load(),
		Refreshes:            c.refreshes.Load(),
		RefreshDenied:        c.refreshDenied.Load(),
		ReuseDetections:      c.reuse.Load(),
		TokenFaults:          c.tokenFaults.Load(),
		ResourceCalls:        c.resourceCalls.Load(),
		ResourceOK:           c.resourceOK.Load(),
		ResourceUnauthorized: c.resource401.Load(),
		ResourceForbidden:    c.resource403.Load(),
		ResourceFaults:       c.resourceFaults.Load(),
		ResourceOther:        c.other.Load(),
	}
}
