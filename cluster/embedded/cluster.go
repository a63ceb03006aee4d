package embedded

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Cluster is a cluster of embedded servers on loopback, each with its own
// storage under one temporary directory: for replicated streams, and for
// what a stream does when its leader goes away.
type Cluster struct {
	nodes []*Server
	root  string
}

// StartCluster starts n servers (n ≥ 3 for a replicated stream to survive
// one stopping), named n0, n1… and routed to each other, and waits until
// JetStream's meta leader sees every node online, so that a replicated
// stream can be placed at once.
func StartCluster(n int) (*Cluster, error) {
	if n < 1 {
		return nil, fmt.Errorf("embedded: a cluster of %d servers", n)
	}
	root, err := os.MkdirTemp("", "rxepic-nats-cluster-*")
	if err != nil {
		return nil, fmt.Errorf("embedded: making the storage directory: %w", err)
	}
	c := &Cluster{root: root}
	ports, err := freePorts(2 * n)
	if err != nil {
		c.Shutdown()
		return nil, err
	}
	routes := make([]string, n)
	for i := range n {
		routes[i] = fmt.Sprintf("nats-route://127.0.0.1:%d", ports[n+i])
	}
	for i := range n {
		s, err := Start(Options{
			Name:    fmt.Sprintf("n%d", i),
			Dir:     filepath.Join(root, fmt.Sprintf("n%d", i)),
			Port:    ports[i],
			Cluster: &ClusterOptions{Name: "rxepic", Port: ports[n+i], Routes: routes},
		})
		if err != nil {
			c.Shutdown()
			return nil, err
		}
		c.nodes = append(c.nodes, s)
	}
	if err := c.waitForLeader(10 * time.Second); err != nil {
		c.Shutdown()
		return nil, err
	}
	return c, nil
}

// URL is the client URL of every node, comma-separated, as nats.Connect
// takes it: a client moves to another node when its own stops.
func (c *Cluster) URL() string {
	urls := make([]string, len(c.nodes))
	for i, s := range c.nodes {
		urls[i] = s.URL()
	}
	return strings.Join(urls, ",")
}

// Node returns the node named name (n0, n1…), or nil.
func (c *Cluster) Node(name string) *Server {
	for _, s := range c.nodes {
		if s.Name() == name {
			return s
		}
	}
	return nil
}

// Restart starts the node named name again after its Stop, on the same
// ports and storage.
func (c *Cluster) Restart(name string) error {
	for i, s := range c.nodes {
		if s.Name() == name {
			r, err := s.Restart()
			if err != nil {
				return err
			}
			c.nodes[i] = r
			return nil
		}
	}
	return fmt.Errorf("embedded: no node named %q", name)
}

// Shutdown stops every node and removes their storage.
func (c *Cluster) Shutdown() {
	for _, s := range c.nodes {
		s.Stop()
	}
	os.RemoveAll(c.root)
}

// waitForLeader waits until some node is JetStream's meta leader and sees
// every node online. Servers give no signal for it, so it looks every few
// milliseconds.
func (c *Cluster) waitForLeader(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		for _, s := range c.nodes {
			if s.ns.JetStreamIsLeader() && len(s.ns.JetStreamClusterPeers()) == len(c.nodes) {
				return nil
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return errors.New("embedded: the cluster's JetStream leader did not see every node within " + limit.String())
}

// freePorts returns n ports free on 127.0.0.1 a moment ago: routes must
// be known before the servers that listen on them start.
func freePorts(n int) ([]int, error) {
	ports := make([]int, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("embedded: finding a free port: %w", err)
		}
		defer l.Close()
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports, nil
}
