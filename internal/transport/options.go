package transport

import (
	"errors"
	"fmt"
	"net/http"
	"net/textproto"
	"time"
)

// RequestOption changes one call. Gateway packages re-export it as their own
// RequestOption (a type alias) with constructors named for their users.
type RequestOption func(*CallConfig) error

// CallConfig is what request options write into; the zero value means "use
// the client's settings".
type CallConfig struct {
	idempotencyKey string
	timeout        time.Duration
	maxRetries     int // -1: client default
	header         http.Header
	meta           *ResponseMeta
	values         map[string]string // gateway-specific settings, e.g. PortOne's store id
}

// ResponseMeta receives what is known about a call once it ends, whether it
// succeeded or not. Pass one with a WithResponseMeta request option.
type ResponseMeta struct {
	StatusCode     int           // HTTP status of the last response; 0 if none arrived
	RequestID      string        // the gateway's request id header, when it sends one
	Attempts       int           // requests sent, retries included
	Duration       time.Duration // from the first attempt to the end of the call
	IdempotencyKey string        // the key sent with a keyed write
	Header         http.Header   // headers of the last response
}

// WithIdempotencyKey sets the idempotency key of a keyed write, reused on
// every attempt. Without it the SDK generates one per logical call.
func WithIdempotencyKey(key string) RequestOption {
	return func(c *CallConfig) error {
		if key == "" {
			return errors.New("idempotency key is empty")
		}
		c.idempotencyKey = key
		return nil
	}
}

// WithRequestTimeout bounds each attempt of this call (the context still
// bounds the whole call, waits included).
func WithRequestTimeout(d time.Duration) RequestOption {
	return func(c *CallConfig) error {
		if d <= 0 {
			return fmt.Errorf("timeout %s is not positive", d)
		}
		c.timeout = d
		return nil
	}
}

// WithMaxRetries overrides how many times this call may be retried; 0
// disables retries. The operation's retry class still decides what is
// retryable.
func WithMaxRetries(n int) RequestOption {
	return func(c *CallConfig) error {
		if n < 0 {
			return fmt.Errorf("max retries %d is negative", n)
		}
		c.maxRetries = n
		return nil
	}
}

// reservedHeaders may not be set through WithHeader: they carry credentials
// or are computed by the transport.
var reservedHeaders = map[string]bool{
	"Authorization":   true,
	"Content-Type":    true,
	"Content-Length":  true,
	"Idempotency-Key": true,
	// net/http replays a POST carrying either idempotency header on its own
	// after a dropped connection: an Unsafe write must never carry one.
	"X-Idempotency-Key": true,
	"Host":              true,
}

// WithHeader adds a header to this call, an escape hatch for headers the
// SDK does not know yet. Credential and framing headers cannot be set.
func WithHeader(key, value string) RequestOption {
	return func(c *CallConfig) error {
		canonical := textproto.CanonicalMIMEHeaderKey(key)
		if reservedHeaders[canonical] {
			return fmt.Errorf("header %q is managed by the SDK", canonical)
		}
		if c.header == nil {
			c.header = make(http.Header)
		}
		c.header.Add(canonical, value)
		return nil
	}
}

// WithResponseMeta makes the call fill m when it ends.
func WithResponseMeta(m *ResponseMeta) RequestOption {
	return func(c *CallConfig) error {
		if m == nil {
			return errors.New("response meta target is nil")
		}
		c.meta = m
		return nil
	}
}

// WithValue sets a gateway-specific per-call setting that the gateway
// package reads back with CallConfig.Value (PortOne's store id, say).
func WithValue(key, value string) RequestOption {
	return func(c *CallConfig) error {
		if c.values == nil {
			c.values = make(map[string]string, 1)
		}
		c.values[key] = value
		return nil
	}
}

// Value returns the setting stored by WithValue under key, or "".
func (c *CallConfig) Value(key string) string { return c.values[key] }

func newCallConfig(opts []RequestOption) (CallConfig, error) {
	cfg := CallConfig{maxRetries: -1}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// ApplyOptions evaluates request options without making a call, for gateway
// code that needs an option's value before it builds the request (a
// caller's idempotency key, for instance).
func ApplyOptions(opts []RequestOption) (CallConfig, error) { return newCallConfig(opts) }
