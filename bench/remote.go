package bench

import (
	"errors"
	"fmt"
	"io"
	"net/rpc"
	"os"
	"os/exec"
	"sync"

	"github.com/rxepic/rxepic/auth/authtest"
)

// childEnv marks a process started by RemoteHost: it serves instead of
// running what it was built for.
const childEnv = "RXEPIC_BENCH_SERVER_HOST"

// IsServerHost reports whether this process was started by a RemoteHost
// and must call ServeHost instead of doing its own work. A program using
// RemoteHost calls it first thing in main (or TestMain).
func IsServerHost() bool { return os.Getenv(childEnv) == "1" }

// ServeHost serves a RemoteHost's calls on standard input and output until
// standard input closes, then closes every server it started. Nothing else
// may write to standard output meanwhile.
func ServeHost() error {
	svc := &HostService{servers: make(map[int]*localServer)}
	srv := rpc.NewServer()
	if err := srv.Register(svc); err != nil {
		return err
	}
	srv.ServeConn(stdio{})
	svc.closeAll()
	return nil
}

type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { return os.Stdin.Close() }

// RemoteHost starts servers in a child process: this program run again
// with childEnv set. Each process has its own limit on open files, so a
// storm of N concurrent requests needs N file descriptors in each process
// instead of 2N in one, and the client's goroutines and memory are not
// mixed with the server's.
type RemoteHost struct {
	cmd    *exec.Cmd
	client *rpc.Client
}

// NewRemoteHost starts the child process. Close it when done.
func NewRemoteHost() (*RemoteHost, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("bench: finding this program to start the server host: %w", err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: starting the server host: %w", err)
	}
	return &RemoteHost{cmd: cmd, client: rpc.NewClient(pipes{stdout, stdin})}, nil
}

type pipes struct {
	io.ReadCloser
	w io.WriteCloser
}

func (p pipes) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p pipes) Close() error                { return errors.Join(p.w.Close(), p.ReadCloser.Close()) }

// NewServer starts a server in the child process.
func (h *RemoteHost) NewServer(cfg ServerConfig) (Server, error) {
	var reply NewReply
	if err := h.client.Call("HostService.New", cfg, &reply); err != nil {
		return nil, fmt.Errorf("bench: starting a server in the server host: %w", err)
	}
	return &remoteServer{client: h.client, id: reply.ID, resourceURL: reply.ResourceURL, tokenURL: reply.TokenURL}, nil
}

// Close ends the child process, which closes its servers, and waits for it.
func (h *RemoteHost) Close() error {
	err := h.client.Close()
	return errors.Join(err, h.cmd.Wait())
}

type remoteServer struct {
	client                *rpc.Client
	id                    int
	resourceURL, tokenURL string
}

func (s *remoteServer) call(method string, args Args, reply any) error {
	args.ID = s.id
	if err := s.client.Call("HostService."+method, args, reply); err != nil {
		return fmt.Errorf("bench: server host: %s: %w", method, err)
	}
	return nil
}

func (s *remoteServer) ResourceURL() string { return s.resourceURL }
func (s *remoteServer) TokenURL() string    { return s.tokenURL }

func (s *remoteServer) SignIn() (authtest.TokenPair, error) {
	var p authtest.TokenPair
	err := s.call("SignIn", Args{}, &p)
	return p, err
}

func (s *remoteServer) RevokeAccessToken(token string) error {
	return s.call("RevokeAccessToken", Args{Token: token}, new(bool))
}

func (s *remoteServer) FailRefresh() error { return s.call("FailRefresh", Args{}, new(bool)) }

func (s *remoteServer) HoldResource(n int) error {
	return s.call("HoldResource", Args{N: n}, new(bool))
}

func (s *remoteServer) Stats() (authtest.Stats, error) {
	var st authtest.Stats
	err := s.call("Stats", Args{}, &st)
	return st, err
}

func (s *remoteServer) Close() error { return s.call("Close", Args{}, new(bool)) }

// HostService is the child process's side of a RemoteHost, exported for
// net/rpc only.
type HostService struct {
	mu      sync.Mutex
	next    int
	servers map[int]*localServer
}

// NewReply answers HostService.New.
type NewReply struct {
	ID                    int
	ResourceURL, TokenURL string
}

// Args names a server of the host and carries a call's arguments.
type Args struct {
	ID    int
	Token string
	N     int
}

// New starts a server.
func (h *HostService) New(cfg ServerConfig, reply *NewReply) error {
	s := newLocalServer(cfg)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	h.servers[h.next] = s
	*reply = NewReply{ID: h.next, ResourceURL: s.ResourceURL(), TokenURL: s.TokenURL()}
	return nil
}

func (h *HostService) server(id int) (*localServer, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.servers[id]
	if !ok {
		return nil, fmt.Errorf("no server %d", id)
	}
	return s, nil
}

// SignIn starts a token family on a server.
func (h *HostService) SignIn(args Args, reply *authtest.TokenPair) error {
	s, err := h.server(args.ID)
	if err != nil {
		return err
	}
	*reply, err = s.SignIn()
	return err
}

// RevokeAccessToken revokes an access token on a server.
func (h *HostService) RevokeAccessToken(args Args, _ *bool) error {
	s, err := h.server(args.ID)
	if err != nil {
		return err
	}
	return s.RevokeAccessToken(args.Token)
}

// FailRefresh makes a server's token endpoint fail.
func (h *HostService) FailRefresh(args Args, _ *bool) error {
	s, err := h.server(args.ID)
	if err != nil {
		return err
	}
	return s.FailRefresh()
}

// HoldResource holds a server's next args.N resource requests.
func (h *HostService) HoldResource(args Args, _ *bool) error {
	s, err := h.server(args.ID)
	if err != nil {
		return err
	}
	return s.HoldResource(args.N)
}

// Stats returns a server's counters.
func (h *HostService) Stats(args Args, reply *authtest.Stats) error {
	s, err := h.server(args.ID)
	if err != nil {
		return err
	}
	*reply, err = s.Stats()
	return err
}

// Close closes a server.
func (h *HostService) Close(args Args, _ *bool) error {
	s, err := h.server(args.ID)
	if err != nil {
		return err
	}
	h.mu.Lock()
	delete(h.servers, args.ID)
	h.mu.Unlock()
	return s.Close()
}

func (h *HostService) closeAll() {
	h.mu.Lock()
	servers := h.servers
	h.servers = nil
	h.mu.Unlock()
	for _, s := range servers {
		s.Close()
	}
}
