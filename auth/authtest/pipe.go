package authtest

import (
	"context"
	"fmt"
	"net"
	"sync"
)

// pipeListener is a net.Listener whose connections are net.Pipe pairs made
// by its dial method. Nothing in it touches the network or the OS, so every
// goroutine blocked on it is durably blocked in a testing/synctest bubble.
type pipeListener struct {
	conns     chan net.Conn
	closed    chan struct{}
	closeOnce sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

// Accept waits for the next dialled connection, or returns net.ErrClosed
// once the listener is closed.
func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

// Close stops Accept and every dial still waiting for it. It can be called
// more than once.
func (l *pipeListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return nil
}

// Addr returns the listener's address, which names no real endpoint.
func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

// dial hands the server end of a new pipe to Accept and returns the client
// end. It has the signature of http.Transport.DialContext; the address is
// ignored, since every connection reaches the one server.
func (l *pipeListener) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	server, client := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-ctx.Done():
		server.Close()
		client.Close()
		return nil, ctx.Err()
	case <-l.closed:
		server.Close()
		client.Close()
		return nil, fmt.Errorf("authtest: dial in-memory server: %w", net.ErrClosed)
	}
}

// inMemoryHost is the host of an in-memory server's URL. The .invalid
// top-level domain never resolves (RFC 2606), so a client that is not the
// server's own fails at once instead of reaching somewhere real.
const inMemoryHost = "authtest.invalid"

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return inMemoryHost }
