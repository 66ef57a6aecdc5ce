package transport

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/redact/redacttest"
)

// TestRedaction runs successful, retried and failed calls with a static
// Basic credential and with bearer tokens under a debug JSON logger, and
// checks that no secret appears in the log, in any error string, or in any
// formatting of the client and the auth objects.
func TestRedaction(t *testing.T) {
	t.Parallel()
	const (
		basicSecret = "c2stbGl2ZS1TRUNSRVQtYmFzaWM6cHc=" // what "Basic <secret>" carries
		oldToken    = "eyJ-OLD-TOKEN-SECRET"
		newToken    = "eyJ-NEW-TOKEN-SECRET"
		urlPassword = "URL-PASSWORD-SECRET"
	)
	secrets := []string{basicSecret, oldToken, newToken, urlPassword}

	var n atomic.Int64
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		switch r.URL.Path {
		case "/ok":
			writeJSON(w, http.StatusOK, `{"id":"p-1"}`)
		case "/flaky":
			if n.Add(1)%2 == 1 {
				w.Header().Set("Retry-After", "0")
				writeJSON(w, http.StatusTooManyRequests, `{"message":"slow down"}`)
				return
			}
			writeJSON(w, http.StatusOK, `{"id":"p-1"}`)
		case "/down":
			writeJSON(w, http.StatusServiceUnavailable, `{"message":"maintenance"}`)
		case "/drop":
			hijackClose(t, w)
		case "/bearer":
			if auth != "Bearer "+newToken {
				writeJSON(w, http.StatusUnauthorized, `{"message":"invalid token"}`)
				return
			}
			writeJSON(w, http.StatusOK, `{"id":"p-1"}`)
		default:
			writeJSON(w, http.StatusNotFound, `{"message":"no such thing"}`)
		}
	})

	logs := &redacttest.LogBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	var fetches atomic.Int64
	tokens := NewTokenSource(func(context.Context) (Token, error) {
		if fetches.Add(1) == 1 {
			return Token{Value: oldToken, Expiry: time.Now().Add(time.Hour)}, nil
		}
		return Token{Value: newToken, Expiry: time.Now().Add(time.Hour)}, nil
	}, time.Minute, nil)
	static := NewStaticAuth("Basic " + basicSecret)
	bearer := &BearerAuth{Source: tokens}

	newClient := func(auth Authenticator, baseURL string) *Client {
		cfg := testConfig(baseURL)
		cfg.Logger = logger
		cfg.Auth = auth
		return newTestClient(t, cfg)
	}
	withUserinfo := strings.Replace(srv.URL, "http://", "http://merchant:"+urlPassword+"@", 1)
	staticClient := newClient(static, withUserinfo)
	bearerClient := newClient(bearer, srv.URL)
	refusedClient := newClient(static, "http://merchant:"+urlPassword+"@"+refusedAddr(t))

	var errs []error
	do := func(c *Client, path string, class Class, wantErr bool) {
		t.Helper()
		var out map[string]any
		_, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "payments.get", Method: http.MethodPost, Route: path, Class: class}, Body: map[string]string{"orderId": "o-1"}, Reference: "o-1"}, &out)
		if wantErr {
			require.Error(t, err, path)
			errs = append(errs, err)
		} else {
			require.NoError(t, err, path)
		}
	}
	for _, class := range []Class{Safe, Keyed, Unsafe} {
		do(staticClient, "/ok", class, false)
		do(staticClient, "/flaky", class, class == Unsafe)
		do(staticClient, "/down", class, true)
		do(staticClient, "/drop", class, true)
		do(staticClient, "/missing", class, true)
		do(staticClient, "/bearer", class, true) // 401 with a static credential: final
		do(refusedClient, "/ok", class, true)
	}
	do(bearerClient, "/bearer", Safe, false) // old token refused, refreshed, replayed
	do(bearerClient, "/ok", Unsafe, false)
	do(bearerClient, "/down", Keyed, true)
	require.EqualValues(t, 2, fetches.Load())

	logged := logs.String()
	require.NotEmpty(t, logged)
	for _, line := range strings.Split(strings.TrimSpace(logged), "\n") {
		require.True(t, json.Valid([]byte(line)), "log line is JSON: %s", line)
	}
	for _, want := range []string{`"msg":"paykit: sending request"`, `"msg":"paykit: retrying"`, `"msg":"paykit: call ended"`, `"msg":"paykit: credentials refreshed after 401"`} {
		assert.Contains(t, logged, want, "the log covers this event")
	}

	formatted := []string{logged}
	for _, err := range errs {
		formatted = append(formatted, err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err))
	}
	for _, v := range []any{staticClient, bearerClient, refusedClient, static, bearer, tokens, Token{Value: newToken}} {
		formatted = append(formatted, fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v), fmt.Sprint(v))
	}
	for _, s := range formatted {
		for _, secret := range secrets {
			assert.NotContains(t, s, secret)
		}
	}
	// The redacted forms still say what they are.
	assert.Contains(t, fmt.Sprintf("%v", staticClient), "testgw")
	assert.Contains(t, fmt.Sprintf("%#v", static), "REDACTED")
	assert.Contains(t, fmt.Sprintf("%+v", bearer), "REDACTED")
}
