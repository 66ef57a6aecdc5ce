package transport

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Endpoint declares one gateway operation, once: every service method of
// every gateway sends its calls through the Endpoint it names, so the
// operation's name, method, path and retry class are written in one place.
// Gateway packages declare their endpoints as package-level values, one
// table per service.
type Endpoint struct {
	// Op is the stable operation name used in errors and logs, e.g.
	// "payments.cancel".
	Op string
	// Method is the HTTP method.
	Method string
	// Route is the path below the base URL, with a {placeholder} for every
	// id: "/payments/{paymentId}/cancel". Each call fills the placeholders
	// in order from its Args, every value checked with CheckID and escaped
	// as one path segment. The template itself (never an id) is the route
	// label in logs.
	Route string
	// Class is the retry class of the operation.
	Class Class
	// Header holds static headers this endpoint always sends (a role
	// header, say); nil for none. They are added after the client's own
	// headers and before per-call ones.
	Header http.Header
	// NoAuth marks the credential exchange itself (a token request): no
	// Authorization header is sent and a 401 is not answered with a
	// token refresh.
	NoAuth bool
}

// Arg fills one {placeholder} of an endpoint's route, in order. Field
// names the value in a *ValidationError, as the caller knows it
// ("PaymentID", "receiptID").
type Arg struct{ Field, Value string }

// Placeholders returns the names of the route's placeholders, in order:
// ["paymentId", "cancellationId"] for
// "/payments/{paymentId}/cancellations/{cancellationId}/stop".
func (e *Endpoint) Placeholders() []string {
	var names []string
	for rest := e.Route; ; {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			return names
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return names
		}
		names = append(names, rest[open+1:open+end])
		rest = rest[open+end+1:]
	}
}

// Check reports a declaration that cannot work: no operation name, an
// unknown method, an unknown retry class, or a route that does not start
// with "/", has an unbalanced or empty placeholder, or a placeholder that
// does not fill a whole path segment. Gateway packages run it over every
// endpoint they declare in a test.
func (e *Endpoint) Check() error {
	switch e.Method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return fmt.Errorf("endpoint %q: method %q", e.Op, e.Method)
	}
	switch {
	case e.Op == "":
		return fmt.Errorf("endpoint %s %s: no operation name", e.Method, e.Route)
	case e.Class < Safe || e.Class > Unsafe:
		return fmt.Errorf("endpoint %q: retry class %v", e.Op, e.Class)
	case !strings.HasPrefix(e.Route, "/"):
		return fmt.Errorf("endpoint %q: route %q does not start with /", e.Op, e.Route)
	}
	for _, seg := range strings.Split(e.Route[1:], "/") {
		inner := strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "}")
		placeholder := len(inner) == len(seg)-2
		if strings.ContainsAny(inner, "{}") || (!placeholder && strings.ContainsAny(seg, "{}")) || (placeholder && inner == "") {
			return fmt.Errorf("endpoint %q: route %q: segment %q is neither literal nor one {placeholder}", e.Op, e.Route, seg)
		}
	}
	return nil
}

// url is base followed by the route filled with args: each value is
// checked with CheckID (a *ValidationError naming its Field) and escaped as
// one path segment. Base and path are built together, in one allocation:
// the request's URL is the only string a call needs.
func (e *Endpoint) url(gateway, base string, args []Arg) (string, error) {
	route := e.Route
	if strings.IndexByte(route, '{') < 0 && len(args) == 0 {
		return base + route, nil
	}
	var b strings.Builder
	b.Grow(len(base) + len(route) + 32*len(args))
	b.WriteString(base)
	n := 0
	for {
		open := strings.IndexByte(route, '{')
		end := strings.IndexByte(route, '}')
		if open < 0 || end < open {
			b.WriteString(route)
			break
		}
		if n == len(args) {
			return "", e.argCountError(gateway, len(args))
		}
		if err := CheckID(gateway, args[n].Field, args[n].Value); err != nil {
			return "", err
		}
		b.WriteString(route[:open])
		b.WriteString(url.PathEscape(args[n].Value))
		route = route[end+1:]
		n++
	}
	if n != len(args) {
		return "", e.argCountError(gateway, len(args))
	}
	return b.String(), nil
}

// argCountError is a programming error in a gateway package: a call that
// does not fill its route. The test over every declared endpoint keeps it
// from reaching a release.
func (e *Endpoint) argCountError(gateway string, got int) error {
	return fmt.Errorf("%s: %s: route %s takes %d argument(s), the call has %d", gateway, e.Op, e.Route, len(e.Placeholders()), got)
}
