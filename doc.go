// Package rxepic is redux-observable for Go: epics turn a stream of
// actions into streams of effects, and the flagship effect is an
// authenticated HTTP request that survives token expiry.
//
// The library is a set of small packages, each with one job:
//
//   - streams: hot sources, Subjects and operators with RxJS semantics over
//     rxgo v2 (Take, TakeUntil, CatchError with caught, MergeMap, SwitchMap,
//     ExhaustMap, Share, Retry…), leak-free; streams/streamtest draws and
//     checks their timelines as marble diagrams on virtual time.
//   - epics: the store — reducer, action$, state$, Epic, Combine, Run — with
//     error isolation and a lifecycle; epics/epictest runs one epic in a
//     test.
//   - httpobs: deferred HTTP sources, one real request per subscription, and
//     request pipelines (fan-out, timeouts, retries with backoff).
//   - auth: the 401 flow — however many requests fail at once, exactly one
//     refresh happens, every waiting request is retried with the new token,
//     and a failed refresh fails every waiter and signs out — as an operator
//     (Reauth) for request observables and as an http.RoundTripper
//     (Transport) for any http.Client; auth/authtest is a reference auth
//     server for tests.
//
// This package itself holds no code: start with the README and the
// runnable programs under examples/.
package rxepic
