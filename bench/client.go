package bench

import (
	"context"
	"net/http"
	"time"
)

// Tokens is a token pair as a client holds it at the start of a storm.
type Tokens struct {
	Access  string
	Refresh string
	// Expiry is when the client believes the access token expires, as a
	// token response's expires_in or a JWT's exp would tell it; zero when
	// unknown.
	Expiry time.Time
}

// Setup is everything a client needs to reach its server.
type Setup struct {
	ResourceURL string
	TokenURL    string
	// HTTP is a raw client, with the transport settings every contender
	// shares. A contender sends its requests and refreshes through it (or
	// through its Transport), never through anything slower or faster.
	HTTP *http.Client
	// Tokens are the tokens the client starts with.
	Tokens Tokens
}

// A Client sends authenticated GETs for one protected resource and
// recovers from a rejected token the way its pattern does. It is safe for
// concurrent use.
type Client interface {
	// Get fetches the resource once, refreshing the token if its pattern
	// calls for it, and returns nil only if it ended with a 200 answer.
	Get(ctx context.Context) error
	// Close releases what the client holds. Calls of Get must have
	// returned.
	Close() error
}

// A Contender is a named way of building a Client.
type Contender struct {
	Name string
	New  func(Setup) (Client, error)
}

// Contender names, as they appear in tables and plots.
const (
	NameReauth        = "rxepic Reauth"
	NameTransport     = "rxepic Transport"
	NameNaive         = "naive"
	NameMutex         = "mutex"
	NameSharedPromise = "shared promise"
	NameOAuth2        = "x/oauth2"
	NameLimit         = "limit"
	// NameKnownExpiryLimit is the limit of a client that knows the token
	// has expired: it applies to the Expired scenario only.
	NameKnownExpiryLimit = "limit, expiry known"
)

// Contenders returns every contender in the order tables show them: the
// limits first, rxepic next, then the anchors.
func Contenders() []Contender {
	return []Contender{
		{NameLimit, NewLimit},
		{NameKnownExpiryLimit, NewKnownExpiryLimit},
		{NameReauth, NewReauthClient},
		{NameTransport, NewTransportClient},
		{NameNaive, NewNaiveClient},
		{NameMutex, NewMutexClient},
		{NameSharedPromise, NewSharedPromiseClient},
		{NameOAuth2, NewOAuth2Client},
	}
}
