// Package embedded runs a NATS server with JetStream inside the process:
// storage in a temporary directory of its own, writes synced to disk
// before they are acknowledged, listening on a free loopback port.
package embedded

import (
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is a running embedded NATS server.
type Server struct {
	ns   *server.Server
	opts Options // as started: Dir and Port filled in
	dir  string
	own  bool // dir was made by Start, and is removed by Shutdown
}

// Options configures Start. The zero value starts a lone server.
type Options struct {
	// Name names the server; empty for a generated one.
	Name string
	// Dir is where JetStream stores its data; empty for a temporary
	// directory removed at Shutdown. A restarted server given the same
	// Dir finds its streams again.
	Dir string
	// Port to listen on, on 127.0.0.1; 0 for a free one.
	Port int
	// Cluster, when set, makes the server one node of a cluster: its own
	// route port and the routes to the others.
	Cluster *ClusterOptions
}

// ClusterOptions are a node's part in a cluster of embedded servers.
type ClusterOptions struct {
	Name   string   // the cluster's name, the same on every node
	Port   int      // this node's route port
	Routes []string // nats-route://127.0.0.1:PORT of every node, this one's included
}

// Start starts a server and waits until it accepts connections. JetStream
// syncs every write before acknowledging it, so that an acknowledged write
// survives a crash of the process.
func Start(o Options) (*Server, error) {
	s := &Server{dir: o.Dir}
	if s.dir == "" {
		dir, err := os.MkdirTemp("", "rxepic-nats-*")
		if err != nil {
			return nil, fmt.Errorf("embedded: making the storage directory: %w", err)
		}
		s.dir, s.own = dir, true
	}
	port := o.Port
	if port == 0 {
		port = server.RANDOM_PORT
	}
	opts := &server.Options{
		ServerName: o.Name,
		Host:       "127.0.0.1",
		Port:       port,
		JetStream:  true,
		StoreDir:   s.dir,
		SyncAlways: true,
		NoLog:      true,
		NoSigs:     true,
	}
	if c := o.Cluster; c != nil {
		opts.Cluster = server.ClusterOpts{Name: c.Name, Host: "127.0.0.1", Port: c.Port}
		opts.Routes = server.RoutesFromStr(joinRoutes(c.Routes))
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		s.removeDir()
		return nil, fmt.Errorf("embedded: %w", err)
	}
	s.ns = ns
	ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		ns.WaitForShutdown()
		s.removeDir()
		return nil, errors.New("embedded: the server did not start within 10s")
	}
	s.opts = o
	s.opts.Dir, s.opts.Port = s.dir, ns.Addr().(*net.TCPAddr).Port
	return s, nil
}

// Restart starts a server stopped with Stop again, on the same port and
// storage, and returns it; Shutdown the returned server, not this one.
func (s *Server) Restart() (*Server, error) {
	r, err := Start(s.opts)
	if err != nil {
		return nil, err
	}
	r.own = s.own
	return r, nil
}

// Name is the server's name, as JetStream reports a stream's leader.
func (s *Server) Name() string { return s.ns.Name() }

// URL is the client URL to connect to the server with.
func (s *Server) URL() string { return s.ns.ClientURL() }

// Dir is where the server stores its data.
func (s *Server) Dir() string { return s.dir }

// Shutdown stops the server and waits until it has stopped; a temporary
// storage directory is removed.
func (s *Server) Shutdown() {
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
	s.removeDir()
}

// Stop stops the server like a crash would, and keeps its storage, so
// that Start with the same Dir brings it back.
func (s *Server) Stop() {
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
}

func (s *Server) removeDir() {
	if s.own {
		os.RemoveAll(s.dir)
	}
}

func joinRoutes(routes []string) string {
	out := ""
	for i, r := range routes {
		if i > 0 {
			out += ","
		}
		out += r
	}
	return out
}
