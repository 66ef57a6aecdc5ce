package transport

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Option configures a client in a gateway's NewClient. Gateway packages
// re-export the type (type Option = transport.Option) and forward each
// shared option below with a doc comment of their own, so every gateway
// takes the same options with the same rules; a gateway's own options are
// built with OptionFor.
type Option func(*Settings) error

// Settings is what client options write into. A gateway's NewClient makes
// one with NewSettings, applies the caller's options with Apply, and
// reads Config, Now and its own settings back.
type Settings struct {
	// Config is the transport configuration the shared options fill.
	Config Config
	// Now is the clock set by WithClock; nil means time.Now.
	Now func() time.Time

	own any // a pointer to the gateway's own settings, for OptionFor
}

// NewSettings returns the settings a gateway's NewClient starts from: the
// default retry policy, baseURL (may be empty), and own, a pointer to the
// gateway's own settings struct that its OptionFor options write into.
func NewSettings(gateway, baseURL string, own any) *Settings {
	return &Settings{
		Config: Config{Gateway: gateway, BaseURL: baseURL, Retry: DefaultRetryPolicy()},
		own:    own,
	}
}

// Apply applies opts in order, skipping nil ones, and stops at the first
// error. Errors read "<gateway>: <what is wrong>", like every error of the
// gateway package.
func (s *Settings) Apply(opts []Option) error {
	prefix := s.Config.Gateway + ": "
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(s); err != nil {
			if !strings.HasPrefix(err.Error(), prefix) {
				err = fmt.Errorf("%s%w", prefix, err)
			}
			return err
		}
	}
	return nil
}

// OptionFor returns an option that sets a gateway's own settings, of
// type E; name ("bootpay.WithEnvironment") identifies it in errors. Given
// to another gateway's NewClient, whose own settings are of another type,
// it fails with an error naming it, never a panic.
func OptionFor[E any](name string, set func(*E) error) Option {
	return func(s *Settings) error {
		own, ok := s.own.(*E)
		if !ok || own == nil {
			return fmt.Errorf("%s is an option of another gateway's client", name)
		}
		return set(own)
	}
}

// WithBaseURL overrides the API base URL.
func WithBaseURL(baseURL string) Option {
	return func(s *Settings) error {
		if baseURL == "" {
			return errors.New("base URL is empty")
		}
		s.Config.BaseURL = baseURL
		return nil
	}
}

// WithHTTPClient sets the HTTP client whose transport the SDK uses; it is
// copied, never modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *Settings) error {
		if hc == nil {
			return errors.New("HTTP client is nil")
		}
		s.Config.HTTPClient = hc
		return nil
	}
}

// WithTimeout bounds each attempt.
func WithTimeout(d time.Duration) Option {
	return func(s *Settings) error {
		if d <= 0 {
			return errors.New("timeout must be positive")
		}
		s.Config.Timeout = d
		return nil
	}
}

// WithRetryPolicy replaces the default retry policy; NewClient validates
// it.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(s *Settings) error {
		s.Config.Retry = p
		return nil
	}
}

// WithLogger sends the client's logs to l.
func WithLogger(l *slog.Logger) Option {
	return func(s *Settings) error {
		s.Config.Logger = l
		return nil
	}
}

// WithUserAgentSuffix appends suffix to the User-Agent header.
func WithUserAgentSuffix(suffix string) Option {
	return func(s *Settings) error {
		s.Config.UserAgentSuffix = suffix
		return nil
	}
}

// WithMaxResponseBytes caps successful response bodies.
func WithMaxResponseBytes(n int64) Option {
	return func(s *Settings) error {
		if n <= 0 {
			return errors.New("response limit must be positive")
		}
		s.Config.MaxResponseBytes = n
		return nil
	}
}

// WithClock sets the clock a gateway reads token expiry with.
func WithClock(now func() time.Time) Option {
	return func(s *Settings) error {
		if now == nil {
			return errors.New("clock is nil")
		}
		s.Now = now
		return nil
	}
}
