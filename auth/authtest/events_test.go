package authtest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxepic/rxepic/auth/authtest"
)

// The events of a refresh story, in order, with virtual times, enough to
// draw its timeline.
func TestEventsTellTheStory(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var log eventLog
		srv := authtest.NewInMemory(
			authtest.WithAccessTTL(time.Second),
			authtest.WithTokenLatency(50*time.Millisecond),
			authtest.WithResourceLatency(10*time.Millisecond),
		)
		defer srv.Close()
		srv.OnEvent(log.add)
		t0 := time.Now()

		first := srv.SignIn("alice")
		time.Sleep(time.Second)
		access(t, srv, "/resource/a", first.AccessToken)               // 401 expired, at 1.01 s
		second := decodeTokens(t, refresh(t, srv, first.RefreshToken)) // at 1.06 s
		access(t, srv, "/resource/a", second.AccessToken)              // 200, at 1.07 s
		refresh(t, srv, first.RefreshToken)                            // reuse, at 1.12 s
		srv.TokenFaults().Next(authtest.Respond(503, nil, ""), 1)
		refresh(t, srv, second.RefreshToken) // fault, at 1.17 s
		require.NoError(t, srv.RevokeFamily(second.AccessToken))
		srv.OnEvent(nil)
		access(t, srv, "/resource", second.AccessToken) // not reported

		events := log.all()
		require.Len(t, events, 7)
		fam := events[0].Family
		assert.Len(t, fam, 8)
		ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
		want := []authtest.Event{
			{Kind: authtest.EventSignIn, Start: ms(0), Time: ms(0), Subject: "alice", Family: fam, Generation: 1,
				Issued: authtest.Fingerprint(first.AccessToken)},
			{Kind: authtest.EventResourceDenied, Start: ms(1000), Time: ms(1010), Path: "/resource/a", Status: 401,
				Subject: "alice", Family: fam, Generation: 1, Token: authtest.Fingerprint(first.AccessToken),
				Detail: "invalid_token: token expired"},
			{Kind: authtest.EventRefresh, Start: ms(1010), Time: ms(1060), Path: "/token", Status: 200,
				Subject: "alice", Family: fam, Generation: 2, Token: authtest.Fingerprint(first.RefreshToken),
				Issued: authtest.Fingerprint(second.AccessToken)},
			{Kind: authtest.EventResourceOK, Start: ms(1060), Time: ms(1070), Path: "/resource/a", Status: 200,
				Subject: "alice", Family: fam, Generation: 2, Token: authtest.Fingerprint(second.AccessToken)},
			{Kind: authtest.EventReuse, Start: ms(1070), Time: ms(1120), Path: "/token", Status: 400,
				Subject: "alice", Family: fam, Generation: 1, Token: authtest.Fingerprint(first.RefreshToken),
				Detail: "invalid_grant: refresh token already used; token family revoked"},
			{Kind: authtest.EventFault, Start: ms(1120), Time: ms(1170), Path: "/token", Status: 503, Fault: "status 503"},
			{Kind: authtest.EventRevoke, Start: ms(1170), Time: ms(1170), Subject: "alice", Family: fam, Generation: 2,
				Token: authtest.Fingerprint(second.AccessToken), Detail: "family revoked"},
		}
		assert.Equal(t, want, events)
	})
}

func TestEventKindNames(t *testing.T) {
	assert.Equal(t, "refresh", authtest.EventRefresh.String())
	assert.Equal(t, "reuse", authtest.EventReuse.String())
	assert.Equal(t, "EventKind(99)", authtest.EventKind(99).String())
	e := authtest.Event{Kind: authtest.EventResourceOK, Time: time.Date(2000, 1, 1, 0, 0, 1, 5e6, time.UTC),
		Path: "/resource", Status: 200, Subject: "alice", Family: "ABCDEFGH", Generation: 2, Token: "0123abcd"}
	assert.Equal(t, "00:00:01.005 resource-ok path=/resource status=200 sub=alice fam=ABCDEFGH gen=2 token=0123abcd", e.String())
}

// No token reaches a printed TokenPair, Stats, an event, an error, or a log
// line about any of them.
func TestTokensNeverPrinted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var log eventLog
		srv := authtest.NewInMemory(authtest.WithAccessTTL(time.Second), authtest.WithSigningKey(testKey))
		defer srv.Close()
		srv.OnEvent(log.add)

		pair := srv.SignIn("alice")
		next := decodeTokens(t, refresh(t, srv, pair.RefreshToken))
		refresh(t, srv, pair.RefreshToken) // reuse
		access(t, srv, "/resource", next.AccessToken)
		access(t, srv, "/resource", "forged."+pair.AccessToken)
		time.Sleep(2 * time.Second)
		access(t, srv, "/resource", pair.AccessToken)
		srv.ResourceFaults().Next(authtest.SlowBody(0), 1)
		access(t, srv, "/resource", next.AccessToken)
		require.NoError(t, srv.RevokeAccessToken(next.AccessToken))
		srv.RevokeAccessTokens()
		errs := []error{
			srv.RevokeFamily("x" + pair.RefreshToken),
			srv.RevokeAccessToken(pair.RefreshToken),
		}

		var out bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&out, nil))
		logger.Info("pair", "pair", pair, "stats", srv.Stats())
		slog.New(slog.NewTextHandler(&out, nil)).Info("pair", "pair", pair)
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3v"} {
			fmt.Fprintf(&out, verb+"\n", pair)
			fmt.Fprintf(&out, verb+"\n", &pair)
			fmt.Fprintf(&out, verb+"\n", []authtest.TokenPair{pair})
		}
		fmt.Fprintf(&out, "%+v\n", srv.Stats())
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%d"} {
			fmt.Fprintf(&out, verb+"\n", srv)
		}
		logger.Info("server", "server", srv)
		require.Contains(t, out.String(), "authtest.Server(http://authtest.invalid)")
		for _, e := range log.all() {
			fmt.Fprintf(&out, "%v %+v %#v\n", e, e, e)
		}
		for _, err := range errs {
			require.Error(t, err)
			fmt.Fprintf(&out, "%v %+v\n", err, errors.Unwrap(err))
		}
		printed := out.String()
		require.Contains(t, printed, authtest.Fingerprint(pair.AccessToken), "fingerprints are shown instead")
		for _, secret := range []string{pair.AccessToken, pair.RefreshToken, next.AccessToken, next.RefreshToken, string(testKey)} {
			assert.NotContains(t, printed, secret)
			// Nor any long piece of one, such as a JWT's payload.
			for _, part := range strings.Split(secret, ".") {
				if len(part) >= 16 {
					assert.NotContains(t, printed, part)
				}
			}
		}
	})
}

// OnEvent may be set while requests run; -race checks it.
func TestOnEventConcurrentlyReplaced(t *testing.T) {
	srv := authtest.New()
	defer srv.Close()
	pair := srv.SignIn("alice")
	var a, b eventLog
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			if i%2 == 0 {
				srv.OnEvent(a.add)
			} else {
				srv.OnEvent(b.add)
			}
		}
	}()
	for range 50 {
		_, err := trySend(srv.Client(), resourceRequest(context.Background(), srv, "/resource", pair.AccessToken))
		require.NoError(t, err)
	}
	<-done
	srv.OnEvent(nil)
	assert.LessOrEqual(t, len(a.all())+len(b.all()), 50)
	assert.Equal(t, int64(50), srv.Stats().ResourceOK)
}
