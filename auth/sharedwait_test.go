package auth_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reactivex/rxgo/v2"
	"github.com/rxepic/rxepic/auth"
	"github.com/rxepic/rxepic/auth/authtest"
	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/require"
)

// ownStore is a store of the user's own holding the auth slice, with
// RefreshEpic started on it unless late is set.
type ownStore struct {
	server *authtest.Server
	client *http.Client
	store  *epics.Store[auth.State, struct{}]
	auth   *auth.Authenticator
	cancel context.CancelFunc
	epic   epics.Epic[auth.State, struct{}]
}

func newOwnStore(t *testing.T, reduce epics.Reducer[auth.State], late bool) *ownStore {
	o := &ownStore{server: authtest.NewInMemory(authtest.WithTokenLatency(20*time.Millisecond), authtest.WithResourceLatency(time.Millisecond))}
	o.client = o.server.Client()
	o.store = epics.NewStore(reduce, auth.State{}, struct{}{})
	o.auth = auth.NewAuthenticator(o.store, o.store.State)
	var ctx context.Context
	ctx, o.cancel = context.WithCancel(t.Context())
	o.epic = auth.RefreshEpic[auth.State, struct{}](func(s auth.State) auth.State { return s },
		auth.OAuth2Refresh(o.server.TokenURL(), auth.WithHTTPClient(o.client)))
	if !late {
		require.NoError(t, o.store.Start(ctx, o.epic))
	}
	t.Cleanup(func() {
		require.NoError(t, o.store.Close())
		o.cancel()
		o.store.Wait()
		o.server.Close()
		o.client.CloseIdleConnections()
	})
	return o
}

// signIn signs in with a new pair of the server's, whose access token the
// server then refuses.
func (o *ownStore) signInRevoked(t *testing.T) {
	pair := o.server.SignIn("alice")
	require.NoError(t, o.store.Dispatch(auth.SignedIn{Tokens: auth.TokenPair{AccessToken: auth.Token(pair.AccessToken), RefreshToken: auth.Token(pair.RefreshToken)}}))
	require.NoError(t, o.server.RevokeAccessToken(pair.AccessToken))
}

func (o *ownStore) get(ctx context.Context) error {
	_, err := streams.Collect(ctx, streams.Pipe(httpobs.Get(o.server.ResourceURL(), httpobs.WithClient(o.client)), o.auth.Reauth()))
	return err
}

// A storm of rejected requests on a store of the user's own: the waiters
// share one wait, and the store sees one RefreshRequested, not one per
// request, however many 401s come back while the refresh is under way.
func TestStormDispatchesOneRefreshRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		server := authtest.NewInMemory(authtest.WithTokenLatency(20*time.Millisecond), authtest.WithResourceLatency(time.Millisecond))
		defer server.Close()
		client := server.Client()
		defer client.CloseIdleConnections()

		store := epics.NewStore(auth.Reduce, auth.State{}, struct{}{})
		var requested atomic.Int64
		counting := streams.Subscribe(t.Context(), store.Actions(), streams.Observer{Next: func(a any) {
			if _, ok := a.(auth.RefreshRequested); ok {
				requested.Add(1)
			}
		}})
		ctx, cancel := context.WithCancel(t.Context())
		require.NoError(t, store.Start(ctx, auth.RefreshEpic[auth.State, struct{}](func(s auth.State) auth.State { return s },
			auth.OAuth2Refresh(server.TokenURL(), auth.WithHTTPClient(client)))))
		a := auth.NewAuthenticator(store, store.State)

		pair := server.SignIn("alice")
		require.NoError(t, store.Dispatch(auth.SignedIn{Tokens: auth.TokenPair{AccessToken: auth.Token(pair.AccessToken), RefreshToken: auth.Token(pair.RefreshToken)}}))
		require.NoError(t, server.RevokeAccessToken(pair.AccessToken))

		const n = 200
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				_, errs[i] = streams.Collect(t.Context(), streams.Pipe(httpobs.Get(server.ResourceURL(), httpobs.WithClient(client)), a.Reauth()))
			})
		}
		wg.Wait()
		requireAllOK(t, errs)

		require.EqualValues(t, 1, server.Stats().RefreshCalls)
		require.EqualValues(t, n, server.Stats().ResourceUnauthorized, "every request went out with the revoked token")
		require.EqualValues(t, 1, requested.Load(), "RefreshRequested dispatched")

		require.NoError(t, store.Close())
		cancel()
		store.Wait()
		counting.Wait()
	})
}

// A refresh requested before RefreshEpic ran leaves the slice refreshing
// with nobody refreshing: the first request to wait asks again.
func TestRefreshRequestedBeforeTheEpicStarted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		o := newOwnStore(t, auth.Reduce, true)
		o.signInRevoked(t)
		require.NoError(t, o.store.Dispatch(auth.RefreshRequested{Generation: o.store.State().Generation}))
		require.Equal(t, auth.StatusRefreshing, o.store.State().Status)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		require.NoError(t, o.store.Start(ctx, o.epic))

		require.NoError(t, o.get(t.Context()))
		require.EqualValues(t, 1, o.server.Stats().RefreshCalls)
	})
}

// loggedOut is a user's own action whose reducer resets the auth slice to
// its zero value, generation included.
type loggedOut struct{}

// A store that resets the slice brings generations round again: a wait
// for an earlier sign-in's generation must not answer for this one's.
func TestGenerationsComingRoundAgain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		o := newOwnStore(t, func(s auth.State, a any) auth.State {
			if _, ok := a.(loggedOut); ok {
				return auth.State{}
			}
			return auth.Reduce(s, a)
		}, false)
		for round := range 3 {
			o.signInRevoked(t)
			require.EqualValues(t, 1, o.store.State().Generation)
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			require.NoError(t, o.get(ctx), "round %d: %v", round, o.store.State().Status)
			cancel()
			require.EqualValues(t, round+1, o.server.Stats().RefreshCalls)
			require.EqualValues(t, 2, o.store.State().Generation)
			require.NoError(t, o.store.Dispatch(loggedOut{}))
		}
	})
}

// neverEnding is a Store whose action$ never completes, closed or not,
// and whose refreshes never come.
type neverEnding struct{ actions *streams.Subject }

func (s neverEnding) Dispatch(any) error       { return nil }
func (s neverEnding) Actions() rxgo.Observable { return s.actions.Observable() }
func (s neverEnding) state() auth.State {
	return auth.State{Status: auth.StatusRefreshing, Generation: 1, AccessToken: "a", RefreshToken: "r"}
}

// Close ends the waits even when the store's action$ never does: a waiting
// request fails with ErrClosed instead of hanging, and nothing is left
// running.
func TestCloseEndsWaitsOfAStoreThatNeverEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := neverEnding{actions: streams.NewSubject()}
		a := auth.NewAuthenticator(store, store.state)
		done := make(chan error)
		go func() {
			// The state says a refresh is under way: the request waits.
			_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of("sent"), a.Reauth()))
			done <- err
		}()
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("the request did not wait: %v", err)
		default:
		}
		a.Close()
		require.ErrorIs(t, <-done, epics.ErrClosed)
		_, err := streams.Collect(t.Context(), streams.Pipe(streams.Of("sent"), a.Reauth()))
		require.ErrorIs(t, err, epics.ErrClosed, "a request after Close")
	})
}

// A request that an epic of the user's starts on RefreshRequested is
// subscribed inside the dispatch that asked for the refresh: it waits for
// that refresh like the others, and the store goes on handling actions.
func TestRequestStartedOnRefreshRequestedWaitsForIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := epics.NewStore(auth.Reduce, auth.State{}, struct{}{})
		a := auth.NewAuthenticator(store, store.State)
		answers := make(chan any, 1)
		onRequested := func(actions rxgo.Observable, _ *epics.StateObservable[auth.State], _ struct{}) rxgo.Observable {
			return streams.Pipe(actions,
				streams.Filter(func(act any) bool { _, ok := act.(auth.RefreshRequested); return ok }),
				streams.MergeMap(func(any) rxgo.Observable {
					return streams.Pipe(streams.Of("second"), a.Reauth(),
						streams.Tap(streams.TapObserver{Next: func(v any) { answers <- v }}), streams.IgnoreElements())
				}, 0))
		}
		ctx, cancel := context.WithCancel(t.Context())
		require.NoError(t, store.Start(ctx, onRequested))
		require.NoError(t, store.Dispatch(auth.SignedIn{Tokens: auth.TokenPair{AccessToken: "a1", RefreshToken: "r1"}}))

		sends := 0
		rejectedOnce := streams.Defer(func(context.Context) rxgo.Observable {
			if sends++; sends == 1 {
				return streams.Throw(&httpobs.StatusError{StatusCode: http.StatusUnauthorized})
			}
			return streams.Of("first")
		})
		first := make(chan error, 1)
		go func() {
			_, err := streams.Collect(t.Context(), streams.Pipe(rejectedOnce, a.Reauth()))
			first <- err
		}()
		synctest.Wait()
		require.Equal(t, auth.StatusRefreshing, store.State().Status)

		require.NoError(t, store.Dispatch(auth.RefreshSucceeded{Generation: 1, Tokens: auth.TokenPair{AccessToken: "a2", RefreshToken: "r2"}}))
		require.NoError(t, <-first)
		require.Equal(t, "second", <-answers)
		require.Equal(t, 2, sends)

		require.NoError(t, store.Close())
		cancel()
		store.Wait()
	})
}
