package sandbox

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"sync"
	"time"
)

// A Handler runs one operation of a sandbox on a request whose body has been read: it checks
// credentials and input, changes the sandbox's state and returns the answer. Path wildcards are
// read with r.PathValue.
type Handler func(r *http.Request, body []byte) Response

// An Admit hook runs as soon as a request arrives, before its body is read and before a [Delay]
// fault holds it, with the fault the request is served under. It returns the request the [Handler]
// receives (usually r with a value in its context) and, when not nil, a function called once the
// request has been served, with whether the handler ran. PortOne's sandbox reserves a request's
// Idempotency-Key here, so that a duplicate arriving during the delay sees the first in flight.
type Admit func(r *http.Request, f Fault) (*http.Request, func(applied bool))

// A Route declares one endpoint of a sandbox: the net/http ServeMux pattern it is served on, the
// operation it is logged, counted and faulted as, and the code that serves it.
type Route[Op ~string] struct {
	// Pattern is a ServeMux pattern with a method, such as "POST /payments/{paymentId}/cancel".
	Pattern string
	// Op names the operation for [Server.Inject], the request log and the request counts.
	Op Op
	// Handle serves the operation.
	Handle Handler
	// Admit, when set, runs before the body is read; see [Admit].
	Admit Admit
}

// Config configures a [Server].
type Config struct {
	// Now is the sandbox's clock, which timestamps the request log; nil means time.Now.
	Now func() time.Time
	// NotFound is the answer to a request for a path no route serves, and to a path that is not in
	// its clean form (such as "//payments/x" or "/a/../b"), which the sandbox never redirects.
	NotFound Response
	// MethodNotAllowed is the answer to a request for a served path with a method no route takes;
	// the Server adds an Allow header listing the methods served there, such as "GET, DELETE".
	MethodNotAllowed Response
	// Listener, when set, is where the server serves instead of a new loopback listener on an
	// ephemeral port: a sandbox run as a local server for other programs listens on a fixed
	// address. The server owns it from then on and closes it on Close.
	Listener net.Listener
}

// A Server is the HTTP side of a sandbox: an httptest server that routes each request to its
// [Route], serves it under the fault queued for its operation, and records it. Op is the sandbox's
// operation type. Create it with [NewServer]; all its methods are safe for concurrent use.
type Server[Op ~string] struct {
	cfg    Config
	ts     *httptest.Server
	mux    *http.ServeMux
	faults Injector
	log    *Log
	runner *Runner

	mu     sync.Mutex
	active int           // requests being served
	idle   chan struct{} // closed while active == 0

	closeOnce sync.Once
}

// NewServer starts a server on a loopback port that serves routes. It panics, like a failed test
// setup, if a pattern is invalid or two routes conflict.
func NewServer[Op ~string](cfg Config, routes []Route[Op]) *Server[Op] {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server[Op]{cfg: cfg, mux: http.NewServeMux(), idle: make(chan struct{})}
	close(s.idle)
	s.log = NewLog(cfg.Now)
	s.runner = NewRunner(s.log, 0)
	for _, rt := range routes {
		s.mux.Handle(rt.Pattern, s.endpoint(rt))
	}
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	if cfg.Listener != nil {
		s.ts.Listener.Close() // the ephemeral one httptest opened; never served
		s.ts.Listener = cfg.Listener
	}
	// Dropped and truncated connections are the point; keep the server's own complaints quiet.
	s.ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.ts.Start()
	return s
}

// URL returns the server's base URL, such as "http://127.0.0.1:4567".
func (s *Server[Op]) URL() string { return s.ts.URL }

// Client returns an *http.Client configured for the server; its transport is closed by Close.
func (s *Server[Op]) Client() *http.Client { return s.ts.Client() }

// Close shuts the server down: requests waiting in a [Delay] fault are abandoned without being
// applied, and Close returns once every other request has been served. Close is idempotent.
func (s *Server[Op]) Close() {
	s.closeOnce.Do(func() {
		s.runner.Shutdown()
		s.ts.Close()
	})
}

// Now returns the time by the server's clock.
func (s *Server[Op]) Now() time.Time { return s.cfg.Now() }

// Inject serves the next n requests to op under f; see [Injector.Inject].
func (s *Server[Op]) Inject(op Op, f Fault, n int) { s.faults.Inject(string(op), f, n) }

// ClearFaults removes every fault still queued, for every operation.
func (s *Server[Op]) ClearFaults() { s.faults.Clear() }

// PendingFaults returns how many requests to op will still be served under an injected fault, or
// -1 when a fault applies to op forever.
func (s *Server[Op]) PendingFaults(op Op) int { return s.faults.Pending(string(op)) }

// Requests returns a copy of every request received so far, in arrival order.
func (s *Server[Op]) Requests() []Request[Op] {
	entries := s.log.Entries()
	out := make([]Request[Op], len(entries))
	for i, e := range entries {
		out[i] = Request[Op]{
			Time: e.Time, Op: Op(e.Op), Method: e.Method, Path: e.Path, RawQuery: e.RawQuery,
			Header: e.Header, Body: e.Body, Fault: e.Fault, StatusCode: e.StatusCode,
		}
	}
	return out
}

// RequestCounts returns a new map from operation to the number of requests received for it,
// whatever their outcome; requests to unknown routes count under "".
func (s *Server[Op]) RequestCounts() map[Op]int {
	counts := s.log.Counts()
	out := make(map[Op]int, len(counts))
	for op, n := range counts {
		out[Op(op)] = n
	}
	return out
}

// Settle waits until the server has finished serving every request it has received: a request
// held by a [Delay] fault has been applied (or abandoned by Close), and a request whose client gave
// up has been answered into the void. Then the sandbox's state is final, and a test can compare it
// with what its client reported. Settle returns ctx's error if ctx ends first.
func (s *Server[Op]) Settle(ctx context.Context) error {
	s.mu.Lock()
	idle := s.idle
	s.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// begin and end count the requests being served, for Settle.
func (s *Server[Op]) begin() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.active == 0 {
		s.idle = make(chan struct{})
	}
	s.active++
}

func (s *Server[Op]) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active--
	if s.active == 0 {
		close(s.idle)
	}
}

func (s *Server[Op]) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.begin()
	defer s.end()
	if p := r.URL.EscapedPath(); path.Clean(p) != p {
		s.unrouted(w, r, s.cfg.NotFound)
		return
	}
	if _, pattern := s.mux.Handler(r); pattern == "" {
		resp := s.cfg.NotFound
		if allow := s.allowed(r); allow != "" {
			resp = s.cfg.MethodNotAllowed
			resp.Header = resp.Header.Clone()
			if resp.Header == nil {
				resp.Header = http.Header{}
			}
			resp.Header.Set("Allow", allow)
		}
		s.unrouted(w, r, resp)
		return
	}
	s.mux.ServeHTTP(w, r) // sets the path values the route's handler reads
}

// endpoint serves the requests of one route: under the fault queued for its operation, through
// its Admit hook, recorded in the log.
func (s *Server[Op]) endpoint(rt Route[Op]) http.Handler {
	op := string(rt.Op)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, _ := s.faults.Take(op)
		var done func(applied bool)
		if rt.Admit != nil {
			r, done = rt.Admit(r, f)
		}
		out := s.runner.Perform(w, r, op, f, func(body []byte) Response { return rt.Handle(r, body) })
		if done != nil {
			done(out.Applied)
		}
	})
}

// unrouted answers a request no route takes; it is logged under the operation "" and never faulted.
func (s *Server[Op]) unrouted(w http.ResponseWriter, r *http.Request, resp Response) {
	s.runner.Perform(w, r, "", Fault{}, func([]byte) Response { return resp })
}

// allowed lists the methods some route serves r's path with, by asking the mux about each.
func (s *Server[Op]) allowed(r *http.Request) string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := s.mux.Handler(probe); pattern != "" {
			allow = append(allow, m)
		}
	}
	return strings.Join(allow, ", ")
}

// A Request is one HTTP request a sandbox received, as [Server.Requests] returns it. Op is the
// sandbox's operation type.
type Request[Op ~string] struct {
	// Time is when it arrived, by the sandbox's clock.
	Time time.Time
	// Op is the operation it was routed to, or "" for an unknown path or method.
	Op Op
	// Method, Path and RawQuery come from the request line.
	Method   string
	Path     string
	RawQuery string
	// Header holds the request headers, Authorization included.
	Header http.Header
	// Body is the request body, or nil if it was not read (under a CloseBeforeRead fault).
	Body []byte
	// Fault is the kind of fault it was served under, KindNone for none.
	Fault Kind
	// StatusCode is the HTTP status sent (also for a truncated response), or 0 while the request is
	// still being served and when the connection was closed without a response.
	StatusCode int
}
