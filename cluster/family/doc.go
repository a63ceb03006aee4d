// Package family keeps one refresh per token-family generation across the
// replicas of a service, on a NATS JetStream KV bucket: however many
// replicas meet an expired token at once, one of them calls the token
// endpoint and every other takes its result.
//
// NewSession returns a Session: an auth.Session (Reauth, Transport) whose
// refresher is the family's. A family has two keys in the bucket:
// NAME.tokens, a JSON record of the family generation, the tokens, their
// expiry, a status (signed-in, refreshing, signed-out, unavailable), the
// attempt, the holder and a sign-out's reason; and NAME.lease, taken with
// a TTL by the replica refreshing. A local ask to refresh:
//
//  1. reads the record: tokens of a later generation than the local one
//     are taken with no call; a signed-out family signs out;
//  2. takes the lease (Create with a TTL), or, held, waits for the record
//     to move on, taking the lease over if it expires first;
//  3. writes ahead: the record, by compare-and-swap, says refreshing, by
//     whom, with the attempt counted; a lost swap reads again (step 1);
//  4. calls the token endpoint, raw, with the record's refresh token;
//  5. writes the result by compare-and-swap, with a message id, so that a
//     resend after a lost answer is known for the first write: the next
//     generation; a sign-out (the endpoint refused the token, or may have
//     taken it without its answer arriving); or unavailable (it cannot
//     have taken it: the family stays signed in, the next ask tries again);
//  6. releases the lease.
//
// Every replica watches the record and takes the new tokens and the
// sign-outs of the family; SignIn and SignOut write them. Generations of
// the auth.State are local counters; the family's are its own.
//
// A refresh token is presented twice only after a takeover of a holder
// that died after calling the endpoint and before writing the result. Token
// endpoints with a rotation grace window (Okta, Auth0, Cognito, Hydra)
// absorb it; others see a reuse, revoke the family, and every replica
// signs out.
//
// It fails closed: a replica that cannot reach NATS never refreshes alone.
// Its requests that need a refresh fail after the refresh timeout with an
// error matching auth.ErrRefreshFailed, auth.ErrUnavailable and
// ErrUnreachable, and the session stays signed in.
//
// With WithKey the tokens are sealed with AES-256-GCM in the record, bound
// to the family, the field and the generation; without it they are stored
// in the clear, and anyone who can read the bucket can read them. The
// reason text of a sign-out has the tokens replaced by their fingerprints.
//
// Tokens are written to the subject $KV.BUCKET.NAME.tokens, the KV
// bucket's own: a JetStream domain or API prefix is not supported.
package family
