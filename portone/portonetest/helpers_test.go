package portonetest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

const secretAuth = "PortOne " + portonetest.APISecret

// result is a decoded response.
type result struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any // numbers as json.Number
}

func (r result) str(key string) string {
	s, _ := r.body[key].(string)
	return s
}

func (r result) obj(key string) map[string]any {
	m, _ := r.body[key].(map[string]any)
	return m
}

func (r result) items() []any {
	s, _ := r.body["items"].([]any)
	return s
}

// get walks a path of object keys and array indexes ("amount.cancelled", "items.0.payment.id").
func (r result) get(path string) any {
	var cur any = r.body
	for _, part := range strings.Split(path, ".") {
		switch v := cur.(type) {
		case map[string]any:
			cur = v[part]
		case []any:
			var i int
			if _, err := fmt.Sscan(part, &i); err != nil || i >= len(v) {
				return nil
			}
			cur = v[i]
		default:
			return nil
		}
	}
	return cur
}

// at returns the value at path as a string: strings as is, numbers in their JSON spelling, other
// values JSON encoded ("" for absent).
func (r result) at(path string) string {
	switch v := r.get(path).(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// api is a plain net/http client for the sandbox that checks every response against the schema.
type api struct {
	t    *testing.T
	srv  *portonetest.Server
	base string
	hc   *http.Client
	auth string
}

// opt modifies a request before it is sent.
type opt func(*http.Request)

// key sets the Idempotency-Key header to the RFC 8941 string of k.
func key(k string) opt {
	return func(r *http.Request) { r.Header.Set("Idempotency-Key", `"`+k+`"`) }
}

// header sets a raw header value.
func header(name, value string) opt {
	return func(r *http.Request) { r.Header.Set(name, value) }
}

// fresh sends the request on a new connection that is closed afterwards, so http.Transport does not
// resend it after a dropped connection.
func fresh() opt { return func(r *http.Request) { r.Close = true } }

func newServer(t *testing.T, opts ...portonetest.Option) (*portonetest.Server, *api) {
	t.Helper()
	srv := portonetest.NewServer(opts...)
	t.Cleanup(srv.Close)
	tr := &http.Transport{MaxConnsPerHost: 64, MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	return srv, &api{t: t, srv: srv, base: srv.URL(), hc: &http.Client{Transport: tr, Timeout: 10 * time.Second}, auth: secretAuth}
}

// send performs a request; body may be nil, a string (sent as is) or a value encoded as JSON.
// Complete responses are validated against PortOne's schema.
func (a *api) send(method, path string, body any, opts ...opt) (result, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		require.NoError(a.t, err)
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequest(method, a.base+path, rd)
	require.NoError(a.t, err)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.auth != "" {
		req.Header.Set("Authorization", a.auth)
	}
	for _, o := range opts {
		o(req)
	}
	resp, err := a.hc.Do(req)
	if err != nil {
		return result{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	res := result{status: resp.StatusCode, header: resp.Header, raw: raw}
	if err != nil {
		return res, err
	}
	if len(raw) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if dec.Decode(&res.body) != nil {
			res.body = nil
		}
	}
	if res.body != nil && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		checkAgainstSchema(a.t, method, req.URL.EscapedPath(), res)
	}
	return res, nil
}

func (a *api) must(method, path string, body any, opts ...opt) result {
	a.t.Helper()
	res, err := a.send(method, path, body, opts...)
	require.NoError(a.t, err)
	return res
}

// with returns a copy of a using another Authorization header ("" for none).
func (a *api) with(auth string) *api {
	c := *a
	c.auth = auth
	return &c
}

func (a *api) getPayment(id string) result {
	return a.must(http.MethodGet, "/payments/"+url.PathEscape(id), nil)
}

func (a *api) cancel(id string, body map[string]any, opts ...opt) result {
	a.t.Helper()
	return a.must(http.MethodPost, "/payments/"+url.PathEscape(id)+"/cancel", body, opts...)
}

func (a *api) payWithBillingKey(id string, body map[string]any, opts ...opt) result {
	a.t.Helper()
	return a.must(http.MethodPost, "/payments/"+url.PathEscape(id)+"/billing-key", body, opts...)
}

// rb encodes v as PortOne's requestBody query parameter ("?requestBody=…").
func rb(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return "?requestBody=" + url.QueryEscape(string(b))
}

// requireError checks an error response: status, exact body shape and type.
func requireError(t *testing.T, res result, status int, typ portone.ErrorType) {
	t.Helper()
	require.Equal(t, status, res.status, "body: %s", res.raw)
	require.Equal(t, "application/json; charset=utf-8", res.header.Get("Content-Type"))
	require.Equal(t, string(typ), res.str("type"), "body: %s", res.raw)
	require.NotEmpty(t, res.str("message"))
	if typ == portone.ErrorTypePGProvider {
		require.Len(t, res.body, 4, "PG_PROVIDER has type, message, pgCode and pgMessage: %s", res.raw)
	} else {
		require.Len(t, res.body, 2, "error body has exactly type and message: %s", res.raw)
	}
	require.Equal(t, status, portonetest.StatusOf(typ))
}

// fakeClock is a settable clock safe for concurrent use.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 4, 25, 10, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// ---- schema validation ----------------------------------------------------------------------

// schemaPath is PortOne's V2 OpenAPI schema, vendored in portone/internal/schema.
const schemaPath = "../internal/schema/v2.openapi.json"

type schemaNode struct {
	Ref           string                 `json:"$ref"`
	Type          string                 `json:"type"`
	Format        string                 `json:"format"`
	Enum          []string               `json:"enum"`
	Required      []string               `json:"required"`
	Properties    map[string]*schemaNode `json:"properties"`
	Items         *schemaNode            `json:"items"`
	OneOf         []*schemaNode          `json:"oneOf"`
	StatusCode    int                    `json:"x-portone-status-code"`
	Discriminator *struct {
		PropertyName string            `json:"propertyName"`
		Mapping      map[string]string `json:"mapping"`
	} `json:"discriminator"`
}

type openAPIDoc struct {
	Paths map[string]map[string]struct {
		Responses map[string]struct {
			Content map[string]struct {
				Schema *schemaNode `json:"schema"`
			} `json:"content"`
		} `json:"responses"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]*schemaNode `json:"schemas"`
	} `json:"components"`
}

var (
	schemaOnce sync.Once
	schemaDoc  *openAPIDoc
	schemaErr  error
)

func loadSchema(t *testing.T) *openAPIDoc {
	t.Helper()
	schemaOnce.Do(func() {
		raw, err := os.ReadFile(schemaPath)
		if err != nil {
			schemaErr = err
			return
		}
		var doc openAPIDoc
		if schemaErr = json.Unmarshal(raw, &doc); schemaErr == nil {
			schemaDoc = &doc
		}
	})
	if errors.Is(schemaErr, fs.ErrNotExist) {
		return nil // the schema lives outside the repository; checks are skipped without it
	}
	require.NoError(t, schemaErr)
	return schemaDoc
}

// sandboxOnlyTypes are error types the sandbox sends that no operation's error union lists.
var sandboxOnlyTypes = map[string]bool{
	string(portone.ErrorTypeIdempotencyOutstandingRequest): true,
	string(portonetest.ErrorTypeIdempotencyKeyReused):      true,
	string(portonetest.ErrorTypeTooManyRequests):           true,
	string(portonetest.ErrorTypeRouteNotFound):             true,
	string(portonetest.ErrorTypeMethodNotAllowed):          true,
}

// checkAgainstSchema validates a JSON response against the response schema PortOne declares for
// the operation and status: success bodies field by field (required properties present, no
// property the schema does not define, types, formats and enums), error bodies against the
// operation's error union (the type must be one it lists, with its x-portone-status-code).
func checkAgainstSchema(t *testing.T, method, path string, res result) {
	t.Helper()
	doc := loadSchema(t)
	if doc == nil {
		return
	}
	if typ, isErr := res.body["type"].(string); isErr && res.status >= 400 && sandboxOnlyTypes[typ] {
		require.Len(t, res.body, 2, "sandbox error body: %s", res.raw)
		return
	}
	tmpl := matchTemplate(doc, path)
	if tmpl == "" {
		return // an unknown route: ROUTE_NOT_FOUND was checked above
	}
	op, ok := doc.Paths[tmpl][strings.ToLower(method)]
	require.True(t, ok, "schema has no %s %s", method, tmpl)
	resp, ok := op.Responses[fmt.Sprint(res.status)]
	if !ok && res.status >= 500 {
		return // an injected infrastructure failure; the sandbox itself sends no undeclared 5xx
	}
	require.True(t, ok, "schema has no status %d for %s %s: %s", res.status, method, tmpl, res.raw)
	s := resp.Content["application/json"].Schema
	require.NotNil(t, s)
	var generic any
	dec := json.NewDecoder(bytes.NewReader(res.raw))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&generic))
	v := validator{doc: doc}
	v.check("$", s, generic)
	if res.status >= 400 {
		require.Equal(t, res.status, v.matchedStatus, "x-portone-status-code of %s", res.raw)
	}
	require.Empty(t, v.errs, "%s %s → %d does not match the schema:\n%s\nbody: %s", method, tmpl, res.status,
		strings.Join(v.errs, "\n"), res.raw)
}

// matchTemplate finds the schema path template for a concrete escaped path, preferring literal
// segments over parameters.
func matchTemplate(doc *openAPIDoc, path string) string {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	best, bestLiterals := "", -1
	for tmpl := range doc.Paths {
		ts := strings.Split(strings.TrimPrefix(tmpl, "/"), "/")
		if len(ts) != len(segs) {
			continue
		}
		literals, ok := 0, true
		for i, seg := range ts {
			if strings.HasPrefix(seg, "{") {
				continue
			}
			if seg != segs[i] {
				ok = false
				break
			}
			literals++
		}
		if ok && literals > bestLiterals {
			best, bestLiterals = tmpl, literals
		}
	}
	return best
}

type validator struct {
	doc           *openAPIDoc
	errs          []string
	matchedStatus int
}

func (v *validator) fail(path, format string, args ...any) {
	v.errs = append(v.errs, path+": "+fmt.Sprintf(format, args...))
}

func (v *validator) resolve(s *schemaNode) *schemaNode {
	for s != nil && s.Ref != "" {
		s = v.doc.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
	}
	return s
}

func (v *validator) check(path string, s *schemaNode, val any) {
	s = v.resolve(s)
	if s == nil {
		v.fail(path, "unresolvable schema")
		return
	}
	if len(s.OneOf) > 0 {
		obj, ok := val.(map[string]any)
		if !ok || s.Discriminator == nil {
			v.fail(path, "expected a discriminated object, got %T", val)
			return
		}
		key, _ := obj[s.Discriminator.PropertyName].(string)
		ref, ok := s.Discriminator.Mapping[key]
		if !ok {
			v.fail(path, "%s %q is not a case of the union (cases: %v)", s.Discriminator.PropertyName, key, mapKeys(s.Discriminator.Mapping))
			return
		}
		v.check(path, &schemaNode{Ref: ref}, val)
		return
	}
	if len(s.Enum) > 0 {
		str, ok := val.(string)
		if !ok || !slices.Contains(s.Enum, str) {
			v.fail(path, "%v is not in the enum", val)
		}
		return
	}
	switch s.Type {
	case "object", "":
		obj, ok := val.(map[string]any)
		if !ok {
			v.fail(path, "expected an object, got %T", val)
			return
		}
		if s.StatusCode != 0 {
			v.matchedStatus = s.StatusCode
		}
		for _, req := range s.Required {
			if _, ok := obj[req]; !ok {
				v.fail(path, "required property %q is missing", req)
			}
		}
		for k, pv := range obj {
			ps, ok := s.Properties[k]
			if !ok {
				if s.Properties != nil { // a schema without properties is a free-form object
					v.fail(path, "property %q is not defined by the schema", k)
				}
				continue
			}
			v.check(path+"."+k, ps, pv)
		}
	case "array":
		arr, ok := val.([]any)
		if !ok {
			v.fail(path, "expected an array, got %T", val)
			return
		}
		for i, e := range arr {
			v.check(fmt.Sprintf("%s[%d]", path, i), s.Items, e)
		}
	case "string":
		str, ok := val.(string)
		if !ok {
			v.fail(path, "expected a string, got %T", val)
			return
		}
		if s.Format == "date-time" {
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
				v.fail(path, "%q is not an RFC 3339 date-time", str)
			}
		}
	case "integer":
		n, ok := val.(json.Number)
		if !ok {
			v.fail(path, "expected an integer, got %T", val)
			return
		}
		if _, err := n.Int64(); err != nil {
			v.fail(path, "%s is not an integer", n)
		}
	case "boolean":
		if _, ok := val.(bool); !ok {
			v.fail(path, "expected a boolean, got %T", val)
		}
	case "number":
		if _, ok := val.(json.Number); !ok {
			v.fail(path, "expected a number, got %T", val)
		}
	}
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
