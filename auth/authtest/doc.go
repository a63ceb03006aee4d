// Package authtest is a reference OAuth 2.0 authorization and resource
// server for tests, examples and benchmarks of the token-refresh flow.
//
// A [Server] issues HS256 JWT access tokens and opaque, single-use, rotating
// refresh tokens, answers the refresh grant on POST /token (RFC 6749 §6) and
// guards a protected resource under /resource (RFC 6750). Everything a
// refresh client can meet in the field can be injected on either endpoint
// while the server runs: error statuses, hangs, garbage bodies, slow bodies,
// connection resets, lost responses and tokens revoked before they expire.
// Counters ([Server.Stats]) and a callback ([Server.OnEvent]) tell a test
// exactly what the server saw.
//
// # Two ways to run
//
// [New] serves on a loopback TCP socket through net/http/httptest. [NewInMemory]
// serves the same handler over in-memory connections (net.Pipe) and hands out
// an [*http.Client] that dials them; nothing touches the network, so it works
// inside a testing/synctest bubble, where access-token expiry, latencies,
// hangs and client timeouts all run on virtual time. In both modes
// [Server.Close] stops the server and returns only when every handler and
// connection goroutine it started has ended. [Server.Handler] serves the
// same endpoints from a server of your own.
//
// # Tokens
//
// [Server.SignIn] starts a token family directly, without HTTP. Each
// successful refresh rotates the family: the presented refresh token is spent
// and a new access token and refresh token are issued, one generation later.
// Presenting a spent refresh token again is reuse: the server counts it and
// revokes the whole family, every access and refresh token in it, as RFC 9700
// §4.14.2 recommends. There is no grace period. Presentations of one refresh
// token are serialised: the first to reach the server rotates it and every
// later one, however close behind, is reuse, so a hundred concurrent refreshes
// with one token give one success and ninety-nine reuse detections, and the
// winner's new tokens are revoked along with the rest of the family.
//
// Access tokens are verified with jwt.WithValidMethods([]string{"HS256"}),
// an expiry that must be present, and the server's record of the token, so
// "alg": "none", tokens signed with another algorithm or key, expired tokens
// and revoked tokens are all answered 401 invalid_token. The server enforces
// the access-token TTL exactly; the exp claim and expires_in carry whole
// seconds and are rounded up, so with a TTL that is not a whole number of
// seconds a token can be refused up to a second before its exp claim says, as
// a token revoked early would be.
//
// # Secrets
//
// No token ever appears in [Stats], [Event], an error or the printed form of
// a [TokenPair]; they carry a [Fingerprint] instead, a short hash that lets a
// test or a timeline tell tokens apart.
//
// # Faults and net/http retries
//
// net/http's Transport resends an idempotent request (GET, HEAD) once when a
// reused connection is closed before any byte of the answer arrives. A
// [Reset] injected on /resource for a single call can therefore be absorbed
// by the client; inject it with [Faults.Always] or for two calls when a GET
// must see the error. POST /token is never resent.
package authtest
