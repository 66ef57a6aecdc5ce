package transport

import (
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
