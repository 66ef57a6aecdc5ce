package transport

import (
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOptionValidation checks that invalid request options and bodies end
// the call with *ValidationError before any request reaches the server.
func TestOptionValidation(t *testing.T) {
	t.Parallel()
	srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) { w.WriteHeader(http.StatusNoContent) })
	c := newTestClient(t, testConfig(srv.URL))
	call := func(body any) *Call {
		return &Call{Endpoint: &Endpoint{Op: "payments.cancel", Method: http.MethodPost, Route: "/cancel", Class: Keyed}, Body: body}
	}
	for _, tc := range []struct {
		name string
		call *Call
		opts []RequestOption
	}{
		{"WithHeader Authorization", call(nil), []RequestOption{WithHeader("Authorization", "Bearer x")}},
		{"WithHeader authorization in lower case", call(nil), []RequestOption{WithHeader("authorization", "Bearer x")}},
		{"WithHeader Content-Type", call(nil), []RequestOption{WithHeader("content-type", "text/plain")}},
		{"WithHeader Content-Length", call(nil), []RequestOption{WithHeader("Content-Length", "1")}},
		{"WithHeader Idempotency-Key", call(nil), []RequestOption{WithHeader("idempotency-key", "k")}},
		{"WithHeader Host", call(nil), []RequestOption{WithHeader("HOST", "evil.example")}},
		{"negative timeout", call(nil), []RequestOption{WithRequestTimeout(-time.Second)}},
		{"zero timeout", call(nil), []RequestOption{WithRequestTimeout(0)}},
		{"negative max retries", call(nil), []RequestOption{WithMaxRetries(-1)}},
		{"empty idempotency key", call(nil), []RequestOption{WithIdempotencyKey("")}},
		{"nil response meta", call(nil), []RequestOption{WithResponseMeta(nil)}},
		{"bad option after good ones", call(nil), []RequestOption{WithMaxRetries(1), nil, WithRequestTimeout(-1)}},
		{"body that cannot be encoded", call(map[string]any{"c": make(chan int)}), nil},
		{"body with NaN", call(map[string]float64{"amount": nan()}), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var meta ResponseMeta
			opts := append([]RequestOption{WithResponseMeta(&meta)}, tc.opts...)
			res, err := c.do(t.Context(), tc.call, nil, opts...)
			var verr *ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, "testgw", verr.Gateway)
			assert.NotEmpty(t, verr.Reason)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.NotErrorIs(t, err, ErrOutcomeUnknown)
			assert.Equal(t, 0, res.Attempts)
		})
	}
	assert.EqualValues(t, 0, n.Load(), "no request may reach the server")

	// The options themselves, without a client.
	cc, err := ApplyOptions([]RequestOption{WithIdempotencyKey("k-1"), WithHeader("X-Custom", "v"), WithMaxRetries(0)})
	require.NoError(t, err)
	assert.Equal(t, "k-1", cc.idempotencyKey)
	_, err = ApplyOptions([]RequestOption{WithHeader("Authorization", "x")})
	assert.ErrorContains(t, err, "managed by the SDK")
}

// TestWithMaxRetries checks the per-call retry override both ways.
func TestWithMaxRetries(t *testing.T) {
	t.Parallel()
	for _, retries := range []int{0, 1, 4} {
		srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
			writeJSON(w, http.StatusServiceUnavailable, `{}`)
		})
		c := newTestClient(t, testConfig(srv.URL))
		res, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "x", Method: http.MethodGet, Route: "/x"}}, nil, WithMaxRetries(retries))
		require.ErrorIs(t, err, ErrServer)
		assert.EqualValues(t, retries+1, n.Load())
		assert.Equal(t, retries+1, res.Attempts)
	}
}

// TestNewClientValidation checks that NewClient refuses bad configs.
func TestNewClientValidation(t *testing.T) {
	t.Parallel()
	good := testConfig("https://api.example.com/v2")
	for name, mutate := range map[string]func(*Config){
		"no gateway":           func(c *Config) { c.Gateway = "" },
		"relative base URL":    func(c *Config) { c.BaseURL = "/v2" },
		"ftp base URL":         func(c *Config) { c.BaseURL = "ftp://api.example.com" },
		"base URL with query":  func(c *Config) { c.BaseURL = "https://api.example.com/?a=1" },
		"negative timeout":     func(c *Config) { c.Timeout = -time.Second },
		"negative retries":     func(c *Config) { c.Retry.MaxRetries = -1 },
		"negative limit":       func(c *Config) { c.MaxResponseBytes = -1 },
		"no decoder":           func(c *Config) { c.DecodeError = nil },
		"line break in UA":     func(c *Config) { c.UserAgentSuffix = "x\r\nEvil: 1" },
		"max delay below base": func(c *Config) { c.Retry.MaxDelay = 0 },
	} {
		cfg := good
		mutate(&cfg)
		_, err := NewClient(cfg)
		assert.Error(t, err, name)
	}
	c, err := NewClient(good)
	require.NoError(t, err)
	assert.Equal(t, "testgw", c.cfg.Gateway)
	assert.NotNil(t, c.log, "a discarding logger when none was set")
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}

// TestClientOptions: the shared options fill the settings; a refused
// value names the gateway; nil options are skipped.
func TestClientOptions(t *testing.T) {
	hc := &http.Client{}
	l := slog.New(slog.DiscardHandler)
	clock := func() time.Time { return time.Unix(1, 0) }
	policy := RetryPolicy{MaxRetries: 1}
	s := NewSettings("gw", "https://default.test", nil)
	require.NoError(t, s.Apply([]Option{
		WithBaseURL("https://other.test"), WithHTTPClient(hc), WithTimeout(time.Second), nil,
		WithRetryPolicy(policy), WithLogger(l), WithUserAgentSuffix("shop/1"), WithMaxResponseBytes(10), WithClock(clock),
	}))
	cfg := s.Config
	assert.Equal(t, "gw", cfg.Gateway)
	assert.Equal(t, "https://other.test", cfg.BaseURL)
	assert.Same(t, hc, cfg.HTTPClient)
	assert.Equal(t, time.Second, cfg.Timeout)
	assert.Equal(t, policy, cfg.Retry)
	assert.Same(t, l, cfg.Logger)
	assert.Equal(t, "shop/1", cfg.UserAgentSuffix)
	assert.EqualValues(t, 10, cfg.MaxResponseBytes)
	assert.Equal(t, time.Unix(1, 0), s.Now())
	assert.Equal(t, DefaultRetryPolicy(), NewSettings("gw", "", nil).Config.Retry)

	for opt, want := range map[*Option]string{
		ptr(WithBaseURL("")):          "gw: base URL is empty",
		ptr(WithHTTPClient(nil)):      "gw: HTTP client is nil",
		ptr(WithTimeout(0)):           "gw: timeout must be positive",
		ptr(WithMaxResponseBytes(-1)): "gw: response limit must be positive",
		ptr(WithClock(nil)):           "gw: clock is nil",
	} {
		err := NewSettings("gw", "", nil).Apply([]Option{WithTimeout(time.Second), *opt})
		assert.EqualError(t, err, want)
	}
}

func ptr[T any](v T) *T { return &v }

// TestOptionFor: a gateway's own option works on its own settings and is
// refused, with an error naming it, by another gateway's.
func TestOptionFor(t *testing.T) {
	type mine struct{ env string }
	type theirs struct{ _ string }
	withEnv := OptionFor("gw.WithEnv", func(m *mine) error { m.env = "stage"; return nil })

	own := &mine{}
	require.NoError(t, NewSettings("gw", "", own).Apply([]Option{withEnv}))
	assert.Equal(t, "stage", own.env)

	err := NewSettings("other", "", &theirs{}).Apply([]Option{withEnv})
	assert.EqualError(t, err, "other: gw.WithEnv is an option of another gateway's client")
	err = NewSettings("other", "", nil).Apply([]Option{withEnv})
	assert.EqualError(t, err, "other: gw.WithEnv is an option of another gateway's client")

	refusing := OptionFor("gw.WithEnv", func(*mine) error { return &ValidationError{Gateway: "gw", Field: "env", Reason: "unknown"} })
	err = NewSettings("gw", "", &mine{}).Apply([]Option{refusing})
	assert.EqualError(t, err, "gw: invalid env: unknown", "an error already naming the gateway is not named twice")
}
