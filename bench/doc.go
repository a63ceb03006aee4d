// Package bench measures rxepic side by side with the patterns people use
// instead, in the same run, against the same reference auth server
// (auth/authtest) and with the same HTTP transport settings.
//
// The contenders, each a [Client]:
//
//   - rxepic's Reauth operator (an httpobs request piped through a
//     Session's Reauth, collected with streams.Collect) and its Transport
//     (an http.Client over a Session's Transport);
//   - a naive client that refreshes on every 401;
//   - the mutex pattern: wait for the lock before sending, and on a 401
//     either take the lock and refresh, or wait for it and resend;
//   - the shared-promise interceptor: on a 401, join the refresh in flight
//     or start one, then resend;
//   - golang.org/x/oauth2's Transport, which refreshes when it knows the
//     token has expired and never on a 401.
//
// Beside them, the limits are the references a client's time is measured
// against, orchestrated with no library in the way: [NewLimit] is one burst
// of requests answered 401, one refresh round trip and one burst of
// successful requests; [NewKnownExpiryLimit] skips the 401s, as a client
// that knows the token has expired can. They are references, not floors:
// a client may overlap its refresh with the 401s still coming back.
//
// [Storm] runs one contender against N concurrent requests and reports what
// the server saw and how long recovery took; [MeasureWaiting] reports the
// goroutines and memory each request costs while it waits for a refresh.
// The storm tool (cmd/storm) runs them all and prints the tables of
// BENCHMARKS.md; overhead_test.go holds the steady-state benchmarks.
package bench
