package httpobs

// DefaultClient is the client of sources built without WithClient, for
// the tests to inspect and to close its idle connections.
var DefaultClient = defaultClient
