package portonetest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/internal/schema"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

const secretAuth = "PortOne " + portonetest.APISecret

// result is a decoded response.
type result = sandboxtest.Result

// api is a plain net/http client for the sandbox that checks every response against the schema.
type api struct{ *sandboxtest.Client }

// opt modifies a request before it is sent.
type opt = func(*http.Request)

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
	c := sandboxtest.NewClient(t, srv.URL(), secretAuth)
	c.Check = func(method, path string, res result) { checkAgainstSchema(t, method, path, res) }
	return srv, &api{c}
}

// with returns a copy of a using another Authorization header ("" for none).
func (a *api) with(auth string) *api { return &api{a.With(auth)} }

func (a *api) getPayment(id string) result {
	return a.Must(http.MethodGet, "/payments/"+url.PathEscape(id), nil)
}

func (a *api) cancel(id string, body map[string]any, opts ...opt) result {
	a.T.Helper()
	return a.Must(http.MethodPost, "/payments/"+url.PathEscape(id)+"/cancel", body, opts...)
}

func (a *api) payWithBillingKey(id string, body map[string]any, opts ...opt) result {
	a.T.Helper()
	return a.Must(http.MethodPost, "/payments/"+url.PathEscape(id)+"/billing-key", body, opts...)
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
	require.Equal(t, status, res.Status, "body: %s", res.Raw)
	require.Equal(t, "application/json; charset=utf-8", res.Header.Get("Content-Type"))
	require.Equal(t, string(typ), res.Str("type"), "body: %s", res.Raw)
	require.NotEmpty(t, res.Str("message"))
	if typ == portone.ErrorTypePGProvider {
		require.Len(t, res.Body, 4, "PG_PROVIDER has type, message, pgCode and pgMessage: %s", res.Raw)
	} else {
		require.Len(t, res.Body, 2, "error body has exactly type and message: %s", res.Raw)
	}
	require.Equal(t, status, portonetest.StatusOf(typ))
}

// newFakeClock returns the shared fake clock, at 2026-04-25 10:00 UTC.
func newFakeClock() *sandbox.Clock {
	return sandbox.NewClock(time.Date(2026, 4, 25, 10, 0, 0, 0, time.UTC))
}

// ---- schema validation ----------------------------------------------------------------------

// The responses are checked against PortOne's V2 OpenAPI schema, vendored in
// portone/internal/schema (schema.JSON), so the checks run in every clone.

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
		var doc openAPIDoc
		if schemaErr = json.Unmarshal(schema.JSON, &doc); schemaErr == nil {
			schemaDoc = &doc
		}
	})
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
	if typ, isErr := res.Body["type"].(string); isErr && res.Status >= 400 && sandboxOnlyTypes[typ] {
		require.Len(t, res.Body, 2, "sandbox error body: %s", res.Raw)
		return
	}
	tmpl := matchTemplate(doc, path)
	if tmpl == "" {
		return // an unknown route: ROUTE_NOT_FOUND was checked above
	}
	op, ok := doc.Paths[tmpl][strings.ToLower(method)]
	require.True(t, ok, "schema has no %s %s", method, tmpl)
	resp, ok := op.Responses[fmt.Sprint(res.Status)]
	if !ok && res.Status >= 500 {
		return // an injected infrastructure failure; the sandbox itself sends no undeclared 5xx
	}
	require.True(t, ok, "schema has no status %d for %s %s: %s", res.Status, method, tmpl, res.Raw)
	s := resp.Content["application/json"].Schema
	require.NotNil(t, s)
	var generic any
	dec := json.NewDecoder(bytes.NewReader(res.Raw))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&generic))
	v := validator{doc: doc}
	v.check("$", s, generic)
	if res.Status >= 400 {
		require.Equal(t, res.Status, v.matchedStatus, "x-portone-status-code of %s", res.Raw)
	}
	require.Empty(t, v.errs, "%s %s → %d does not match the schema:\n%s\nbody: %s", method, tmpl, res.Status,
		strings.Join(v.errs, "\n"), res.Raw)
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

// kitLog returns a function reading srv's request log as the kit records it, without the
// Idempotency-Key portonetest adds: the log sandboxtest's fault checks read.
func kitLog(srv *portonetest.Server) func() []sandbox.Request[portonetest.Operation] {
	return func() []sandbox.Request[portonetest.Operation] {
		var out []sandbox.Request[portonetest.Operation]
		for _, r := range srv.Requests() {
			out = append(out, r.Request)
		}
		return out
	}
}
