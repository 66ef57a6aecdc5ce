package transport

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEndpointFillsItsRoute: each Arg fills its placeholder in order,
// escaped as one path segment; the log labels the call with the template,
// never with an id; static endpoint headers are sent with the client's and
// the call's own.
func TestEndpointFillsItsRoute(t *testing.T) {
	var got *http.Request
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(r.Context())
		writeJSON(w, http.StatusOK, `{}`)
	})
	var logs bytes.Buffer
	cfg := testConfig(srv.URL + "/v2")
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.Header = http.Header{"X-Client": {"c"}}
	c := newTestClient(t, cfg)
	ep := &Endpoint{
		Op: "payments.stopCancellation", Method: http.MethodPost, Class: Keyed,
		Route:  "/payments/{paymentId}/cancellations/{cancellationId}/stop",
		Header: http.Header{"Bootpay-Role": {"admin"}},
	}
	_, _, err := Send[NoBody](t.Context(), c, &Call{Endpoint: ep, Args: []Arg{{"PaymentID", "pay/1 ?#"}, {"CancellationID", "c%2"}}}, WithHeader("X-Call", "x"))
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Equal(t, "/v2/payments/pay%2F1%20%3F%23/cancellations/c%252/stop", got.URL.EscapedPath())
	assert.Equal(t, "admin", got.Header.Get("Bootpay-Role"))
	assert.Equal(t, "c", got.Header.Get("X-Client"))
	assert.Equal(t, "x", got.Header.Get("X-Call"))
	assert.Contains(t, logs.String(), "route=/payments/{paymentId}/cancellations/{cancellationId}/stop")
	assert.NotContains(t, logs.String(), "pay/1")
	assert.NotContains(t, logs.String(), "pay%2F1")
}

// TestEndpointArgsRefusedBeforeIO: a value that cannot name an object, or
// a call that does not fill its route, ends before any request.
func TestEndpointArgsRefusedBeforeIO(t *testing.T) {
	srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) { writeJSON(w, http.StatusOK, `{}`) })
	c := newTestClient(t, testConfig(srv.URL))
	ep := &Endpoint{Op: "payments.get", Method: http.MethodGet, Route: "/payments/{paymentId}", Class: Safe}
	for _, bad := range []string{"", " ", "..", "a\nb", "a\x00b", "\xff"} {
		_, _, err := Send[NoBody](t.Context(), c, &Call{Endpoint: ep, Args: []Arg{{"PaymentID", bad}}})
		var verr *ValidationError
		require.ErrorAs(t, err, &verr, "%q", bad)
		assert.Equal(t, "PaymentID", verr.Field)
		assert.Equal(t, "testgw", verr.Gateway)
	}
	for _, args := range [][]Arg{nil, {{"PaymentID", "p-1"}, {"Extra", "x"}}} {
		_, _, err := Send[NoBody](t.Context(), c, &Call{Endpoint: ep, Args: args})
		require.Error(t, err)
		assert.True(t, strings.HasPrefix(err.Error(), "testgw: payments.get: route /payments/{paymentId} takes 1 argument(s)"), err.Error())
	}
	assert.Zero(t, n.Load(), "nothing was sent")
}

// TestEndpointNoAuth: the credential exchange itself carries no
// Authorization header.
func TestEndpointNoAuth(t *testing.T) {
	var auth []string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		auth = append(auth, r.Header.Get("Authorization"))
		writeJSON(w, http.StatusOK, `{}`)
	})
	cfg := testConfig(srv.URL)
	cfg.Auth = NewStaticAuth("Basic x")
	c := newTestClient(t, cfg)
	for _, noAuth := range []bool{true, false} {
		_, _, err := Send[NoBody](t.Context(), c, &Call{Endpoint: &Endpoint{Op: "token.issue", Method: http.MethodPost, Route: "/token", NoAuth: noAuth}})
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"", "Basic x"}, auth)
}

// TestEndpointCheck: declarations that cannot work are refused.
func TestEndpointCheck(t *testing.T) {
	good := Endpoint{Op: "x.get", Method: http.MethodGet, Route: "/x/{id}/y", Class: Safe}
	require.NoError(t, good.Check())
	assert.Equal(t, []string{"id"}, good.Placeholders())
	for name, mod := range map[string]func(*Endpoint){
		"no op":                  func(e *Endpoint) { e.Op = "" },
		"bad method":             func(e *Endpoint) { e.Method = "FETCH" },
		"bad class":              func(e *Endpoint) { e.Class = Class(7) },
		"relative route":         func(e *Endpoint) { e.Route = "x/{id}" },
		"unclosed placeholder":   func(e *Endpoint) { e.Route = "/x/{id" },
		"empty placeholder":      func(e *Endpoint) { e.Route = "/x/{}" },
		"placeholder in segment": func(e *Endpoint) { e.Route = "/x/id-{id}" },
		"nested braces":          func(e *Endpoint) { e.Route = "/x/{{id}}" },
	} {
		e := good
		mod(&e)
		assert.Error(t, e.Check(), name)
	}
}

// TestSendReturnsTheValue: Send decodes into a new T; on error the value
// is nil; Send[NoBody] takes an empty 2xx as a success where an operation
// documenting a body gets a *DecodeError.
func TestSendReturnsTheValue(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			writeJSON(w, http.StatusOK, `{"id":"p-1","amount":1000}`)
		case "/empty":
			w.WriteHeader(http.StatusOK)
		default:
			writeJSON(w, http.StatusNotFound, `{}`)
		}
	})
	c := newTestClient(t, testConfig(srv.URL))
	get := func(route string) *Call {
		return &Call{Endpoint: &Endpoint{Op: "x.get", Method: http.MethodGet, Route: route, Class: Safe}}
	}
	type thing struct {
		ID     string `json:"id"`
		Amount int64  `json:"amount"`
	}
	v, res, err := Send[thing](t.Context(), c, get("/ok"))
	require.NoError(t, err)
	assert.Equal(t, &thing{ID: "p-1", Amount: 1000}, v)
	assert.Equal(t, http.StatusOK, res.StatusCode)

	v, res, err = Send[thing](t.Context(), c, get("/missing"))
	assert.Nil(t, v)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, http.StatusNotFound, res.StatusCode)

	_, _, err = Send[NoBody](t.Context(), c, get("/empty"))
	assert.NoError(t, err)
	_, _, err = Send[thing](t.Context(), c, get("/empty"))
	var derr *DecodeError
	assert.ErrorAs(t, err, &derr)
}

// gwValidation, gwUnknown … are a gateway's own error types: the same
// fields as the transport's, as bootpay and portone declare them.
type (
	gwValidation ValidationError
	gwUnknown    OutcomeUnknownError
	gwRateLimit  RateLimitError
	gwNetwork    NetworkError
	gwDecode     DecodeError
	gwTooLarge   ResponseTooLargeError
)

func (e *gwValidation) Error() string { return "gw " + (*ValidationError)(e).Error() }
func (e *gwUnknown) Error() string    { return "gw " + (*OutcomeUnknownError)(e).Error() }
func (e *gwUnknown) As(target any) bool {
	return (*OutcomeUnknownError)(e).As(target)
}
func (e *gwRateLimit) Error() string { return "gw " + (*RateLimitError)(e).Error() }
func (e *gwRateLimit) Unwrap() error { return e.Err }
func (e *gwNetwork) Error() string   { return "gw " + (*NetworkError)(e).Error() }
func (e *gwNetwork) Unwrap() error   { return e.Err }
func (e *gwDecode) Error() string    { return "gw " + (*DecodeError)(e).Error() }
func (e *gwTooLarge) Error() string  { return "gw " + (*ResponseTooLargeError)(e).Error() }

var gwTypes = &ErrorTypes{
	Validation:     func(e *ValidationError) error { return (*gwValidation)(e) },
	OutcomeUnknown: func(e *OutcomeUnknownError) error { return (*gwUnknown)(e) },
	RateLimit:      func(e *RateLimitError) error { return (*gwRateLimit)(e) },
	Network:        func(e *NetworkError) error { return (*gwNetwork)(e) },
	Decode:         func(e *DecodeError) error { return (*gwDecode)(e) },
	TooLarge:       func(e *ResponseTooLargeError) error { return (*gwTooLarge)(e) },
}

// TestErrorTypesExport: every transport error, and every one it carries,
// becomes the gateway's type; the gateway's own errors and others pass
// unchanged; a nil *ErrorTypes exports nothing.
func TestErrorTypesExport(t *testing.T) {
	apiErr := &testAPIError{Status: 429}
	netErr := &NetworkError{Gateway: "gw", Op: "x", Err: errors.New("reset")}
	unknown := gwTypes.Export(&OutcomeUnknownError{Gateway: "gw", Op: "x", Reference: "r-1", Err: netErr})
	var u *gwUnknown
	require.ErrorAs(t, unknown, &u)
	assert.Equal(t, "r-1", u.Reference)
	var n *gwNetwork
	require.ErrorAs(t, unknown, &n, "the error inside is exported too")
	assert.Equal(t, "reset", n.Err.Error())

	rl := gwTypes.Export(&RateLimitError{Err: apiErr})
	var r *gwRateLimit
	require.ErrorAs(t, rl, &r)
	assert.Same(t, apiErr, r.Err, "the gateway's own error passes unchanged")

	for _, err := range []error{&ValidationError{}, &DecodeError{}, &ResponseTooLargeError{}} {
		got := gwTypes.Export(err)
		assert.True(t, strings.HasPrefix(got.Error(), "gw "), "%T exported as %T", err, got)
	}
	ended := gwTypes.Export(&contextEndedError{err: &DecodeError{}, ctxErr: errCtx})
	var d *gwDecode
	assert.ErrorAs(t, ended, &d)
	assert.ErrorIs(t, ended, errCtx)

	other := errors.New("other")
	assert.Same(t, other, gwTypes.Export(other))
	assert.Nil(t, gwTypes.Export(nil))
	var none *ErrorTypes
	assert.Same(t, netErr, none.Export(netErr))
}

var errCtx = errors.New("context ended")
