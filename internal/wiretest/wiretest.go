// Package wiretest is the wire-test harness of the gateway packages,
// imported by their tests only, with the checks of what a gateway package
// declares: its endpoints (Endpoints, CheckDeclared, Coverage) and the
// API-docs link of every service method (CheckDocLinks). A Mock is a gateway double on
// jarcoal/httpmock, with no socket: one httpmock responder per declared
// endpoint (its route template as a regular expression) records each
// request with the operation it was for, and answers with the next queued
// reply or the test's fallback. A Coverage, shared by a package's tests,
// collects the operations requested, so that TestMain can fail the run
// when a declared endpoint was exercised by no wire test.
//
// Tests of what only a real connection shows (retries after a dropped
// connection, httptrace, connection reuse) keep real sockets.
package wiretest

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/paykit-kr/paykit/internal/transport"
)

// Request is one request as the mock received it.
type Request struct {
	Op       string // the declared endpoint it matched; "" for none
	Method   string
	Path     string // decoded path, base path included
	RawPath  string // escaped path as sent (URL.EscapedPath)
	RawQuery string
	Query    url.Values
	Header   http.Header
	Body     []byte
}

// Coverage collects which declared endpoints the wire tests of one
// package requested.
type Coverage struct {
	endpoints []*transport.Endpoint
	mu        sync.Mutex
	seen      map[string]bool
}

// NewCoverage returns a coverage of endpoints, typically every endpoint
// the package declares.
func NewCoverage(endpoints ...*transport.Endpoint) *Coverage {
	return &Coverage{endpoints: endpoints, seen: make(map[string]bool)}
}

func (c *Coverage) mark(op string) {
	c.mu.Lock()
	c.seen[op] = true
	c.mu.Unlock()
}

// Missing returns the operations of the endpoints no request was for,
// sorted.
func (c *Coverage) Missing() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var missing []string
	for _, ep := range c.endpoints {
		if !c.seen[ep.Op] {
			missing = append(missing, ep.Op)
		}
	}
	sort.Strings(missing)
	return missing
}

// Run is a package's TestMain: it runs the tests and then, when they
// passed and ran in full (no -run, -skip or -fuzz narrowing them, no
// -short), fails the run on every declared endpoint no wire test
// requested.
func (c *Coverage) Run(m *testing.M) int {
	code := m.Run()
	if code != 0 || narrowed() {
		return code
	}
	if missing := c.Missing(); len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: declared endpoints that no wire test exercises: %s\n", strings.Join(missing, ", "))
		return 1
	}
	return code
}

// narrowed reports a test run that does not run every test.
func narrowed() bool {
	if testing.Short() {
		return true
	}
	for _, name := range []string{"test.run", "test.skip", "test.fuzz", "test.list"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return true
		}
	}
	return false
}

// Mock is a gateway double for one test.
type Mock struct {
	// URL is the base URL to give the client (WithBaseURL).
	URL string
	// Client is the HTTP client to give the client (WithHTTPClient): its
	// transport is the mock.
	Client *http.Client

	fallback httpmock.Responder
	mu       sync.Mutex
	reqs     []Request
	queue    []httpmock.Responder
}

// New returns a mock of a gateway whose API lives at baseURL (scheme,
// host and base path, e.g. "https://bootpay.test/v2"). Every endpoint of
// cov gets a responder; a request for none of them is answered too (and
// recorded without an operation), with 418 when it misses the base path.
// A request is answered by the next reply queued with Then or ThenFunc,
// else by fallback.
func New(t testing.TB, cov *Coverage, baseURL string, fallback httpmock.Responder) *Mock {
	t.Helper()
	u, err := url.Parse(baseURL)
	if err != nil {
		t.Fatalf("wiretest: base URL %q: %v", baseURL, err)
	}
	mt := httpmock.NewMockTransport()
	m := &Mock{URL: baseURL, Client: &http.Client{Transport: mt}, fallback: fallback}
	origin := regexp.QuoteMeta(u.Scheme + "://" + u.Host + strings.TrimSuffix(u.Path, "/"))
	eps := append([]*transport.Endpoint(nil), cov.endpoints...)
	// A literal segment wins over a placeholder: /billing-keys/confirm
	// before /billing-keys/{billingKey}.
	sort.SliceStable(eps, func(i, j int) bool { return literals(eps[i]) > literals(eps[j]) })
	for _, ep := range eps {
		rx := regexp.MustCompile(`^` + origin + routePattern(ep.Route) + `(\?.*)?$`)
		mt.RegisterRegexpResponder(ep.Method, rx, m.respond(cov, ep.Op))
	}
	inBase := u.Path
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		if !strings.HasPrefix(r.URL.Path, inBase) {
			m.record(r, "")
			return httpmock.NewStringResponse(http.StatusTeapot, ""), nil
		}
		return m.respond(cov, "")(r)
	})
	return m
}

// routePattern is a route template as a regular expression: a
// placeholder matches one non-empty escaped path segment.
func routePattern(route string) string {
	var b strings.Builder
	for _, seg := range strings.Split(route, "/")[1:] {
		b.WriteString("/")
		if strings.HasPrefix(seg, "{") {
			b.WriteString(`[^/?#]+`)
		} else {
			b.WriteString(regexp.QuoteMeta(seg))
		}
	}
	return b.String()
}

func literals(ep *transport.Endpoint) int {
	return strings.Count(ep.Route, "/") - len(ep.Placeholders())
}

// respond records a request for op and answers it.
func (m *Mock) respond(cov *Coverage, op string) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		if op != "" {
			cov.mark(op)
		}
		m.record(r, op)
		m.mu.Lock()
		reply := m.fallback
		if len(m.queue) > 0 {
			reply, m.queue = m.queue[0], m.queue[1:]
		}
		m.mu.Unlock()
		if reply == nil {
			return httpmock.NewStringResponse(http.StatusOK, "{}"), nil
		}
		return reply(r)
	}
}

// record reads the request's body, keeps a copy of the request and puts
// the body back for the responder.
func (m *Mock) record(r *http.Request, op string) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	m.mu.Lock()
	m.reqs = append(m.reqs, Request{
		Op: op, Method: r.Method, Path: r.URL.Path, RawPath: r.URL.EscapedPath(),
		RawQuery: r.URL.RawQuery, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body,
	})
	m.mu.Unlock()
}

// Then queues a JSON reply with status and body (and header, if given)
// for the next request.
func (m *Mock) Then(status int, body string, header ...http.Header) {
	m.ThenFunc(func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		for _, h := range header {
			for k, vs := range h {
				resp.Header[k] = vs
			}
		}
		return resp, nil
	})
}

// ThenFunc queues a responder for the next request.
func (m *Mock) ThenFunc(reply httpmock.Responder) {
	m.mu.Lock()
	m.queue = append(m.queue, reply)
	m.mu.Unlock()
}

// Requests returns a copy of the requests received so far.
func (m *Mock) Requests() []Request {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Request(nil), m.reqs...)
}

// JSON is a responder that answers status with body as JSON.
func JSON(status int, body []byte) *http.Response {
	resp := httpmock.NewBytesResponse(status, body)
	resp.Header.Set("Content-Type", "application/json")
	return resp
}

// Endpoints flattens a package's endpoint declarations: each table is a
// pointer to a struct whose fields are all transport.Endpoint (read by
// reflection, unexported or not, so that an endpoint added to a table is
// covered without being listed again), or a *transport.Endpoint.
func Endpoints(tables ...any) []*transport.Endpoint {
	var eps []*transport.Endpoint
	for _, table := range tables {
		if ep, ok := table.(*transport.Endpoint); ok {
			eps = append(eps, ep)
			continue
		}
		v := reflect.ValueOf(table).Elem()
		for i := range v.NumField() {
			f := v.Field(i)
			if f.Type() != reflect.TypeFor[transport.Endpoint]() {
				panic(fmt.Sprintf("wiretest: field %s of an endpoint table is a %s", v.Type().Field(i).Name, f.Type()))
			}
			eps = append(eps, (*transport.Endpoint)(f.Addr().UnsafePointer()))
		}
	}
	return eps
}

// Endpoints returns the endpoints the coverage is of.
func (c *Coverage) Endpoints() []*transport.Endpoint { return c.endpoints }

// CheckDeclared fails t for an endpoint that cannot work
// (transport.Endpoint.Check) or whose operation name is declared twice.
func CheckDeclared(t testing.TB, eps []*transport.Endpoint) {
	t.Helper()
	if len(eps) == 0 {
		t.Fatal("wiretest: no endpoints declared")
	}
	ops := map[string]bool{}
	for _, ep := range eps {
		if err := ep.Check(); err != nil {
			t.Error(err)
		}
		if ops[ep.Op] {
			t.Errorf("operation %q is declared twice", ep.Op)
		}
		ops[ep.Op] = true
	}
}

// CheckDocLinks fails t for every exported method of a service type (a
// type whose name ends in "Service") in the package in the current
// directory whose doc comment does not cite the gateway's public API docs,
// a URL starting with docsURL.
func CheckDocLinks(t testing.TB, docsURL string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("wiretest: no Go files: %v", err)
	}
	fset := token.NewFileSet()
	methods := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() || !strings.HasSuffix(receiverName(fn), "Service") {
				continue
			}
			methods++
			if fn.Doc == nil || !strings.Contains(fn.Doc.Text(), docsURL) {
				t.Errorf("%s: %s.%s does not cite %s…", fset.Position(fn.Pos()), receiverName(fn), fn.Name.Name, docsURL)
			}
		}
	}
	if methods == 0 {
		t.Error("wiretest: no service methods found")
	}
}

func receiverName(fn *ast.FuncDecl) string {
	t := fn.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
