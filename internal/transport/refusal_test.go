package transport

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refusingConfig is testConfig for a gateway that answers refusals in a
// 2xx too (a top-level error_code), as Bootpay and Commerce do.
func refusingConfig(baseURL string) Config {
	cfg := testConfig(baseURL)
	cfg.DecodeBody = func(body []byte, out any) error {
		if r := RefusalOf(body, false); r != nil {
			return r
		}
		return DecodeJSON(body, out)
	}
	return cfg
}

// TestNoBodyTakesOnlyAnEmptyOrJSONAnswer: Send[NoBody] succeeds on a 2xx
// without a body or with any JSON one; another body (an HTML page) is a
// *DecodeError, inside an *OutcomeUnknownError for a write, as for a
// typed result; and it goes through the gateway's DecodeBody, so a 2xx in
// the gateway's error shape is the gateway's refusal.
func TestNoBodyTakesOnlyAnEmptyOrJSONAnswer(t *testing.T) {
	answers := map[string]struct {
		status int
		body   string
	}{"/empty": {http.StatusOK, ""}, "/object": {http.StatusOK, `{"a":1}`}, "/null": {http.StatusOK, "null"},
		"/204": {http.StatusNoContent, ""}, "/html": {http.StatusOK, "<html>sign in</html>"},
		"/refusal": {http.StatusOK, `{"error_code":"NOPE","message":"no"}`}}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		a := answers[r.URL.Path]
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(a.body))
	})
	c := newTestClient(t, refusingConfig(srv.URL))
	call := func(route string, class Class) *Call {
		return &Call{Endpoint: &Endpoint{Op: "x.write", Method: http.MethodPost, Route: route, Class: class}, Reference: "r-1"}
	}
	for _, route := range []string{"/empty", "/object", "/null", "/204"} {
		_, _, err := Send[NoBody](t.Context(), c, call(route, Keyed))
		assert.NoError(t, err, route)
	}

	_, _, err := Send[NoBody](t.Context(), c, call("/html", Keyed))
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown, "a write answered with a page that is not the gateway's")
	assert.Equal(t, "r-1", unknown.Reference)
	var derr *DecodeError
	require.ErrorAs(t, err, &derr)
	assert.Equal(t, http.StatusOK, derr.Status)
	_, _, err = Send[NoBody](t.Context(), c, call("/html", Safe))
	require.ErrorAs(t, err, &derr)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)

	_, _, err = Send[NoBody](t.Context(), c, call("/refusal", Unsafe))
	var apiErr *testAPIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusOK, apiErr.Status)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "one attempt, answered: nothing was applied")
}

// TestRefusalIn2xx: a *Refusal from DecodeBody ends the call as the
// gateway's error for the body (Config.DecodeError, with the 2xx status,
// the attempts and the key): as it is for a lookup and for a write
// answered so on its one attempt, inside an *OutcomeUnknownError for a
// write an earlier attempt of which may have been applied.
func TestRefusalIn2xx(t *testing.T) {
	const refusal = `{"error_code":"NOPE","message":"no"}`
	for _, tc := range []struct {
		name        string
		class       Class
		first503    bool
		wantUnknown bool
	}{
		{"keyed write, one attempt", Keyed, false, false},
		{"keyed write after a 503", Keyed, true, true},
		{"lookup after a 503", Safe, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, hits := countingServer(t, func(w http.ResponseWriter, _ *http.Request, n int64) {
				if tc.first503 && n == 1 {
					writeJSON(w, http.StatusServiceUnavailable, `{}`)
					return
				}
				writeJSON(w, http.StatusOK, refusal)
			})
			c := newTestClient(t, refusingConfig(srv.URL))
			type thing struct{ ID string }
			v, res, err := Send[thing](t.Context(), c, &Call{Endpoint: &Endpoint{Op: "x.op", Method: http.MethodPost, Route: "/x", Class: tc.class}, Reference: "r-1"})
			assert.Nil(t, v)
			var apiErr *testAPIError
			require.ErrorAs(t, err, &apiErr, "%T: %v", err, err)
			assert.Equal(t, http.StatusOK, apiErr.Status)
			assert.Equal(t, refusal, apiErr.Body)
			assert.Equal(t, int(hits.Load()), apiErr.Attempts)
			assert.Equal(t, res.IdempotencyKey, apiErr.Key)
			assert.Equal(t, tc.wantUnknown, errors.Is(err, ErrOutcomeUnknown), "%v", err)
			var derr *DecodeError
			assert.False(t, errors.As(err, &derr), "a refusal, not a bad reply")
		})
	}
}

// TestRefusalOf: only a JSON object whose own error_code is a code, or
// (when the gateway says so) whose own success is false, is a refusal.
func TestRefusalOf(t *testing.T) {
	for body, want := range map[string][2]bool{ // [without success false, with it]
		`{"error_code":"X"}`:                {true, true},
		` {"error_code":3700} `:             {true, true},
		`{"success":true,"error_code":"X"}`: {true, true},
		`{"success":false}`:                 {false, true},
		`{"success":true}`:                  {false, false},
		`{"error_code":null}`:               {false, false},
		`{"error_code":""}`:                 {false, false},
		`{"data":{"error_code":"X"}}`:       {false, false},
		`[{"error_code":"X"}]`:              {false, false},
		`"error_code"`:                      {false, false},
		`{"error_code":"X"`:                 {false, false},
		``:                                  {false, false},
	} {
		assert.Equal(t, want[0], RefusalOf([]byte(body), false) != nil, "%s", body)
		assert.Equal(t, want[1], RefusalOf([]byte(body), true) != nil, "%s (success false counts)", body)
	}
}

// TestRefusalIn2xxIsLoggedAsAnError: a 2xx that is a refusal, and one
// that cannot be read, end the call with an error and are logged as one
// (INFO with the error), never as a successful answer (DEBUG).
func TestRefusalIn2xxIsLoggedAsAnError(t *testing.T) {
	for name, body := range map[string]string{"refusal": `{"error_code":"NOPE","message":"no"}`, "html": `<html>proxy</html>`} {
		t.Run(name, func(t *testing.T) {
			srv, _ := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
				writeJSON(w, http.StatusOK, body)
			})
			var logs bytes.Buffer
			cfg := refusingConfig(srv.URL)
			cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c := newTestClient(t, cfg)
			type thing struct{ ID string }
			_, _, err := Send[thing](t.Context(), c, &Call{Endpoint: &Endpoint{Op: "x.get", Method: http.MethodGet, Route: "/x", Class: Safe}})
			require.Error(t, err)
			assert.Contains(t, logs.String(), "level=INFO msg=\"paykit: call ended\"", logs.String())
			assert.Contains(t, logs.String(), "error=", logs.String())
			assert.NotContains(t, logs.String(), "level=DEBUG msg=\"paykit: call ended\"", logs.String())
		})
	}
}
