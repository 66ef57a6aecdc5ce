package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outcome is what one (class, failure) cell of the retry table must end in.
type outcome struct {
	attempts  int     // requests received by the server, or dials for never-written failures
	is        []error // shared categories the error matches; every other one must not match
	network   bool    // errors.As(*NetworkError)
	rateLimit bool    // errors.As(*RateLimitError)
}

// sendsOnce is the outcome of a status no class retries.
func sendsOnce(cat ...error) [3]outcome {
	o := outcome{attempts: 1, is: cat}
	return [3]outcome{o, o, o}
}

// TestRetryPolicyTable runs every retry class against every failure the
// gateways produce and checks the exact number of attempts and the error
// category the call ends with.
func TestRetryPolicyTable(t *testing.T) {
	t.Parallel()

	type failure struct {
		name string
		// dial: the failure happens before anything reaches a server, and
		// attempts are counted as dials.
		dial func(t *testing.T) (baseURL string, d *countingDialer)
		// handler: attempts are counted as requests the server received.
		handler func(t *testing.T, w http.ResponseWriter, r *http.Request)
		timeout time.Duration
		want    [3]outcome // by Class: Safe, Keyed, Unsafe
	}
	status := func(code int, header ...string) func(*testing.T, http.ResponseWriter, *http.Request) {
		return func(_ *testing.T, w http.ResponseWriter, _ *http.Request) {
			for i := 0; i+1 < len(header); i += 2 {
				w.Header().Set(header[i], header[i+1])
			}
			writeJSON(w, code, `{"code":"`+strconv.Itoa(code)+`","message":"test"}`)
		}
	}
	// An unknown outcome matches ErrOutcomeUnknown and no other category:
	// the category of the last answer (cat, documented here for the reader)
	// says nothing about whether an earlier attempt moved money.
	unknown := func(cat ...error) []error { _ = cat; return []error{ErrOutcomeUnknown} }
	retried := func(o outcome) outcome { o.attempts = 3; return o }
	serverError := [3]outcome{
		{attempts: 3, is: []error{ErrServer}},
		{attempts: 3, is: unknown(ErrServer)},
		{attempts: 1, is: unknown(ErrServer)},
	}

	failures := []failure{
		{
			name: "connection refused",
			dial: func(t *testing.T) (string, *countingDialer) {
				addr := refusedAddr(t)
				var dialer net.Dialer
				return "http://" + addr, &countingDialer{dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
					return dialer.DialContext(ctx, network, addr)
				}}
			},
			want: [3]outcome{
				{attempts: 3, network: true}, {attempts: 3, network: true}, {attempts: 3, network: true},
			},
		},
		{
			name: "reset before the request is written",
			dial: func(t *testing.T) (string, *countingDialer) {
				return "http://gateway.invalid", &countingDialer{dial: func(context.Context, string, string) (net.Conn, error) {
					return newResetConn(t, false), nil
				}}
			},
			want: [3]outcome{
				{attempts: 3, network: true}, {attempts: 3, network: true}, {attempts: 3, network: true},
			},
		},
		{
			name:    "reset after the request was written",
			handler: func(t *testing.T, w http.ResponseWriter, _ *http.Request) { hijackClose(t, w) },
			want: [3]outcome{
				{attempts: 3, network: true},
				{attempts: 3, network: true, is: unknown()},
				{attempts: 1, network: true, is: unknown()},
			},
		},
		{
			name:    "timeout after the request was written",
			handler: func(_ *testing.T, _ http.ResponseWriter, r *http.Request) { waitForClient(r) },
			timeout: 50 * time.Millisecond,
			want: [3]outcome{
				{attempts: 3, network: true},
				{attempts: 3, network: true, is: unknown()},
				{attempts: 1, network: true, is: unknown()},
			},
		},
		{
			name:    "408",
			handler: status(http.StatusRequestTimeout),
			want:    [3]outcome{{attempts: 3}, {attempts: 3}, {attempts: 1}},
		},
		{
			name:    "429 short Retry-After",
			handler: status(http.StatusTooManyRequests, "Retry-After", "0"),
			want: [3]outcome{
				retried(outcome{is: []error{ErrRateLimited}}),
				retried(outcome{is: []error{ErrRateLimited}}),
				{attempts: 1, is: []error{ErrRateLimited}},
			},
		},
		{
			name:    "429 long Retry-After",
			handler: status(http.StatusTooManyRequests, "Retry-After", "120"),
			want: [3]outcome{
				{attempts: 1, is: []error{ErrRateLimited}, rateLimit: true},
				{attempts: 1, is: []error{ErrRateLimited}, rateLimit: true},
				{attempts: 1, is: []error{ErrRateLimited}, rateLimit: true},
			},
		},
		{name: "500", handler: status(http.StatusInternalServerError), want: serverError},
		{name: "502", handler: status(http.StatusBadGateway), want: serverError},
		{name: "503", handler: status(http.StatusServiceUnavailable), want: serverError},
		{name: "504", handler: status(http.StatusGatewayTimeout), want: serverError},
		{
			name:    "501",
			handler: status(http.StatusNotImplemented),
			want: [3]outcome{
				{attempts: 1, is: []error{ErrServer}},
				{attempts: 1, is: unknown(ErrServer)},
				{attempts: 1, is: unknown(ErrServer)},
			},
		},
		{
			// 2 s against the 1 s limit: ends the call rather than sleeping
			// (a regression shows as 3 attempts after 4 s, not a hang).
			name:    "503 with a Retry-After beyond the limit",
			handler: status(http.StatusServiceUnavailable, "Retry-After", "2"),
			want: [3]outcome{
				{attempts: 1, is: []error{ErrServer}},
				{attempts: 1, is: unknown(ErrServer)},
				{attempts: 1, is: unknown(ErrServer)},
			},
		},
		{name: "409", handler: status(http.StatusConflict), want: sendsOnce(ErrConflict)},
		{
			name: "409 idempotent request outstanding",
			handler: func(_ *testing.T, w http.ResponseWriter, _ *http.Request) {
				writeJSON(w, http.StatusConflict, outstandingBody)
			},
			want: [3]outcome{
				{attempts: 1, is: []error{ErrConflict}},
				{attempts: 3, is: unknown(ErrConflict)},
				{attempts: 1, is: []error{ErrConflict}},
			},
		},
		{name: "400", handler: status(http.StatusBadRequest), want: sendsOnce(ErrInvalidRequest)},
		{name: "401", handler: status(http.StatusUnauthorized), want: sendsOnce(ErrUnauthorized)},
		{name: "403", handler: status(http.StatusForbidden), want: sendsOnce(ErrUnauthorized)},
		{name: "404", handler: status(http.StatusNotFound), want: sendsOnce(ErrNotFound)},
		{name: "422", handler: status(http.StatusUnprocessableEntity), want: sendsOnce(ErrInvalidRequest)},
	}

	for _, f := range failures {
		for _, class := range []Class{Safe, Keyed, Unsafe} {
			want := f.want[class]
			t.Run(f.name+"/"+class.String(), func(t *testing.T) {
				t.Parallel()
				var (
					cfg      Config
					attempts func() int64
				)
				if f.dial != nil {
					baseURL, d := f.dial(t)
					cfg = testConfig(baseURL)
					cfg.HTTPClient = httpClientWithDialer(t, d)
					attempts = d.n.Load
				} else {
					srv, n := countingServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) { f.handler(t, w, r) })
					cfg = testConfig(srv.URL)
					attempts = n.Load
				}
				if f.timeout > 0 {
					cfg.Timeout = f.timeout
				}
				cfg.Auth = NewStaticAuth("Basic dGVzdDp0ZXN0") // a 401 is final: nothing to refresh
				c := newTestClient(t, cfg)

				const key = "key-0001"
				call := &Call{Endpoint: &Endpoint{Op: "things.write", Method: http.MethodPost, Route: "/things", Class: class}, Body: map[string]any{"amount": 1000}, Reference: "order-42"}
				var meta ResponseMeta
				opts := []RequestOption{WithResponseMeta(&meta)}
				if class == Keyed {
					opts = append(opts, WithIdempotencyKey(key))
				}
				res, err := c.do(t.Context(), call, nil, opts...)
				require.Error(t, err)

				assert.EqualValues(t, want.attempts, attempts(), "attempts reaching the network")
				assert.Equal(t, want.attempts, res.Attempts, "Result.Attempts")
				assert.Equal(t, want.attempts, meta.Attempts, "ResponseMeta.Attempts")
				for _, cat := range categories {
					assert.Equal(t, contains(want.is, cat), errors.Is(err, cat), "errors.Is(err, %v): %v", cat, err)
				}

				var netErr *NetworkError
				assert.Equal(t, want.network, errors.As(err, &netErr), "errors.As(*NetworkError): %v", err)
				if netErr != nil {
					assert.Equal(t, want.attempts, netErr.Attempts)
					assert.Equal(t, f.timeout > 0, netErr.Timeout(), "NetworkError.Timeout: %v", err)
				}
				var rlErr *RateLimitError
				assert.Equal(t, want.rateLimit, errors.As(err, &rlErr), "errors.As(*RateLimitError): %v", err)
				if rlErr != nil {
					assert.Equal(t, 120*time.Second, rlErr.RetryAfter)
				}
				var unknownErr *OutcomeUnknownError
				if errors.As(err, &unknownErr) {
					assert.Equal(t, "order-42", unknownErr.Reference)
					assert.Equal(t, want.attempts, unknownErr.Attempts)
					if class == Keyed {
						assert.Equal(t, key, unknownErr.IdempotencyKey)
					} else {
						assert.Empty(t, unknownErr.IdempotencyKey)
					}
				}
				if !want.network {
					var apiErr *testAPIError
					if assert.True(t, errors.As(err, &apiErr), "the gateway's error is reachable: %v", err) {
						assert.Equal(t, want.attempts, apiErr.Attempts)
					}
				}
				assert.NotContains(t, err.Error(), "http://", "errors never carry the URL")
				assert.NotContains(t, err.Error(), "/things", "errors never carry the URL")
			})
		}
	}
}

func contains(errs []error, target error) bool {
	for _, e := range errs {
		if e == target {
			return true
		}
	}
	return false
}

// TestSuccessAfterRetries checks that a retried call that eventually
// succeeds decodes the last body and reports what happened before.
func TestSuccessAfterRetries(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		class          Class
		first          int
		mayHaveApplied bool
	}{
		{Safe, http.StatusServiceUnavailable, true},
		{Keyed, http.StatusServiceUnavailable, true},
		{Keyed, http.StatusTooManyRequests, false},
		{Unsafe, http.StatusTooManyRequests, false}, // not retried: the 429 ends the call
	} {
		t.Run(tc.class.String()+"/"+strconv.Itoa(tc.first), func(t *testing.T) {
			t.Parallel()
			srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, n int64) {
				if n == 1 {
					writeJSON(w, tc.first, `{"message":"busy"}`)
					return
				}
				w.Header().Set("X-Request-Id", "req-"+strconv.FormatInt(n, 10))
				writeJSON(w, http.StatusOK, `{"id":"thing-1","amount":1000}`)
			})
			c := newTestClient(t, testConfig(srv.URL))
			var out struct {
				ID     string `json:"id"`
				Amount int64  `json:"amount"`
			}
			var meta ResponseMeta
			res, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "things.get", Method: http.MethodPost, Route: "/things", Class: tc.class}, Body: struct{}{}}, &out, WithResponseMeta(&meta))
			if tc.class == Unsafe {
				require.ErrorIs(t, err, ErrRateLimited)
				assert.NotErrorIs(t, err, ErrOutcomeUnknown)
				assert.EqualValues(t, 1, n.Load())
				return
			}
			require.NoError(t, err)
			assert.EqualValues(t, 2, n.Load())
			assert.Equal(t, 2, res.Attempts)
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, tc.mayHaveApplied, res.MayHaveApplied)
			assert.Equal(t, "thing-1", out.ID)
			assert.EqualValues(t, 1000, out.Amount)
			assert.Equal(t, http.StatusOK, meta.StatusCode)
			assert.Equal(t, "req-2", meta.RequestID)
			assert.Equal(t, 2, meta.Attempts)
		})
	}
}

// TestKeyedSameKeyAndBody checks that every attempt of a keyed write sends
// the same Idempotency-Key and a byte-identical body, and that the key ends
// up in the error and the response meta.
func TestKeyedSameKeyAndBody(t *testing.T) {
	t.Parallel()

	type seen struct {
		key  string
		body []byte
	}
	server := func(t *testing.T, answer func(n int64) int) (*Client, *[]seen) {
		var mu sync.Mutex
		var got []seen
		var n atomic.Int64
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			got = append(got, seen{key: r.Header.Get("Idempotency-Key"), body: body})
			mu.Unlock()
			writeJSON(w, answer(n.Add(1)), `{"id":"p-1"}`)
		})
		return newTestClient(t, testConfig(srv.URL)), &got
	}
	body := map[string]any{"amount": 1000, "reason": "고객 요청", "items": []string{"a", "b"}}

	t.Run("generated key reused on every attempt", func(t *testing.T) {
		t.Parallel()
		c, got := server(t, func(n int64) int {
			if n < 3 {
				return http.StatusServiceUnavailable
			}
			return http.StatusOK
		})
		var meta ResponseMeta
		res, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "payments.cancel", Method: http.MethodPost, Route: "/cancel", Class: Keyed}, Body: body}, nil, WithResponseMeta(&meta))
		require.NoError(t, err)
		require.Len(t, *got, 3)
		key := (*got)[0].key
		assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, key)
		for i, s := range *got {
			assert.Equal(t, key, s.key, "attempt %d", i+1)
			assert.True(t, bytes.Equal((*got)[0].body, s.body), "attempt %d body %q", i+1, s.body)
		}
		assert.JSONEq(t, `{"amount":1000,"reason":"고객 요청","items":["a","b"]}`, string((*got)[0].body))
		assert.Equal(t, key, res.IdempotencyKey)
		assert.Equal(t, key, meta.IdempotencyKey)
		assert.True(t, res.MayHaveApplied)
	})

	t.Run("caller key wins and is in the error and meta", func(t *testing.T) {
		t.Parallel()
		c, got := server(t, func(int64) int { return http.StatusBadGateway })
		var meta ResponseMeta
		call := &Call{Endpoint: &Endpoint{Op: "payments.cancel", Method: http.MethodPost, Route: "/cancel", Class: Keyed}, Body: body, IdempotencyKey: "from-gateway-code", Reference: "pay-1"}
		_, err := c.do(t.Context(), call, nil, WithIdempotencyKey("caller-key"), WithResponseMeta(&meta))
		require.ErrorIs(t, err, ErrOutcomeUnknown)
		require.NotErrorIs(t, err, ErrServer)
		var unknown *OutcomeUnknownError
		require.ErrorAs(t, err, &unknown)
		assert.Equal(t, "caller-key", unknown.IdempotencyKey)
		assert.Equal(t, "pay-1", unknown.Reference)
		assert.Equal(t, 3, unknown.Attempts)
		assert.Contains(t, err.Error(), "caller-key")
		assert.Contains(t, err.Error(), "pay-1")
		var apiErr *testAPIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "caller-key", apiErr.Key, "the decoder sees the key")
		assert.Equal(t, "caller-key", meta.IdempotencyKey)
		assert.Equal(t, 3, meta.Attempts)
		assert.Equal(t, http.StatusBadGateway, meta.StatusCode)
		require.Len(t, *got, 3)
		for _, s := range *got {
			assert.Equal(t, "caller-key", s.key)
			assert.Equal(t, (*got)[0].body, s.body)
		}
	})

	t.Run("key from the call when the caller sets none", func(t *testing.T) {
		t.Parallel()
		c, got := server(t, func(int64) int { return http.StatusOK })
		res, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "payments.cancel", Method: http.MethodPost, Route: "/cancel", Class: Keyed}, IdempotencyKey: "derived-key"}, nil)
		require.NoError(t, err)
		assert.Equal(t, "derived-key", res.IdempotencyKey)
		require.Len(t, *got, 1)
		assert.Equal(t, "derived-key", (*got)[0].key)
	})

	t.Run("outstanding request waited out with the same key", func(t *testing.T) {
		t.Parallel()
		var mu sync.Mutex
		var keys []string
		var n atomic.Int64
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			keys = append(keys, r.Header.Get("Idempotency-Key"))
			mu.Unlock()
			if n.Add(1) < 3 {
				w.Header().Set("Retry-After", "0")
				writeJSON(w, http.StatusConflict, outstandingBody)
				return
			}
			writeJSON(w, http.StatusOK, `{"id":"p-1"}`)
		})
		c := newTestClient(t, testConfig(srv.URL))
		res, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "payments.cancel", Method: http.MethodPost, Route: "/cancel", Class: Keyed}}, nil, WithIdempotencyKey("k-1"))
		require.NoError(t, err)
		assert.Equal(t, 3, res.Attempts)
		assert.Equal(t, []string{"k-1", "k-1", "k-1"}, keys)
	})

	t.Run("formatted header, raw key in errors", func(t *testing.T) {
		t.Parallel()
		var got atomic.Value
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			got.Store(r.Header.Get("Idempotency-Key"))
			writeJSON(w, http.StatusInternalServerError, `{}`)
		})
		cfg := testConfig(srv.URL)
		cfg.Retry.MaxRetries = 0
		cfg.FormatIdempotencyKey = func(k string) string { return `"` + k + `"` }
		c := newTestClient(t, cfg)
		_, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "payments.cancel", Method: http.MethodPost, Route: "/cancel", Class: Keyed}}, nil, WithIdempotencyKey("k-2"))
		var unknown *OutcomeUnknownError
		require.ErrorAs(t, err, &unknown)
		assert.Equal(t, "k-2", unknown.IdempotencyKey)
		assert.Equal(t, `"k-2"`, got.Load())
	})

	t.Run("no key header on safe and unsafe calls", func(t *testing.T) {
		t.Parallel()
		c, got := server(t, func(int64) int { return http.StatusOK })
		for _, class := range []Class{Safe, Unsafe} {
			res, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "x", Method: http.MethodPost, Route: "/x", Class: class}}, nil)
			require.NoError(t, err)
			assert.Empty(t, res.IdempotencyKey)
		}
		require.Len(t, *got, 2)
		assert.Empty(t, (*got)[0].key)
		assert.Empty(t, (*got)[1].key)
	})

	// A key for a call that is not a keyed write would never reach the
	// gateway: the caller would believe a repeat deduplicated. It is
	// refused before any I/O rather than dropped.
	t.Run("a key given to a safe or unsafe call is refused", func(t *testing.T) {
		t.Parallel()
		c, got := server(t, func(int64) int { return http.StatusOK })
		for _, class := range []Class{Safe, Unsafe} {
			_, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "x", Method: http.MethodPost, Route: "/x", Class: class}}, nil, WithIdempotencyKey("k"))
			var verr *ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, "WithIdempotencyKey", verr.Field)
		}
		assert.Empty(t, *got, "nothing was sent")
	})
}

// TestRequestWireFormat checks the URL, headers and body of one request.
func TestRequestWireFormat(t *testing.T) {
	t.Parallel()
	var got *http.Request
	var body []byte
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		body, _ = io.ReadAll(r.Body)
		w.WriteHeader(http.StatusNoContent)
	})
	cfg := testConfig(srv.URL + "/v2/")
	cfg.Header = http.Header{"X-Static": {"s"}}
	cfg.UserAgentSuffix = "merchant/1.0"
	cfg.Auth = NewStaticAuth("PortOne secret")
	c := newTestClient(t, cfg)
	call := &Call{
		Endpoint: &Endpoint{Op: "payments.get", Method: http.MethodPost, Route: "/payments/{paymentId}", Class: Safe},
		Args:     []Arg{{"paymentID", "p/1"}},
		Query:    map[string][]string{"storeId": {"s 1"}}, Body: map[string]int{"a": 1},
	}
	_, err := c.do(t.Context(), call, nil, WithHeader("x-extra", "e"))
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Equal(t, "/v2/payments/p%2F1", got.URL.EscapedPath())
	assert.Equal(t, "storeId=s+1", got.URL.RawQuery)
	assert.Equal(t, "application/json", got.Header.Get("Content-Type"))
	assert.Equal(t, "application/json", got.Header.Get("Accept"))
	assert.Equal(t, "PortOne secret", got.Header.Get("Authorization"))
	assert.Equal(t, "s", got.Header.Get("X-Static"))
	assert.Equal(t, "e", got.Header.Get("X-Extra"))
	assert.True(t, strings.HasPrefix(got.Header.Get("User-Agent"), "paykit-go/"))
	assert.True(t, strings.HasSuffix(got.Header.Get("User-Agent"), " merchant/1.0"))
	assert.Equal(t, c.UserAgent(), got.Header.Get("User-Agent"))
	assert.JSONEq(t, `{"a":1}`, string(body))
}

// TestConcurrentCallHeaders runs calls that add values to a static header
// concurrently: no call may see another call's value (and -race must stay
// quiet), even when the static header's slice has spare capacity.
func TestConcurrentCallHeaders(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		vals := r.Header.Values("X-Trace") // static values first, then the call's
		if len(vals) != 3 || vals[0] != "static" || vals[1] != "static-2" || vals[2] != r.URL.Query().Get("v") {
			writeJSON(w, http.StatusBadRequest, `{"got":"`+strings.Join(vals, ",")+`"}`)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	cfg := testConfig(srv.URL)
	static := make([]string, 2, 8) // spare capacity: an append in place would race
	static[0], static[1] = "static", "static-2"
	cfg.Header = http.Header{"X-Trace": static}
	c := newTestClient(t, cfg)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := "call-" + strconv.Itoa(i)
			_, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "x", Method: http.MethodGet, Route: "/x"}, Query: map[string][]string{"v": {v}}}, nil, WithHeader("X-Trace", v))
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Equal(t, []string{"static", "static-2"}, cfg.Header["X-Trace"])
}

// TestDefinitive5xx: a 5xx the gateway marks as its final answer (a PG's
// refusal) is neither retried nor reported as an unknown outcome, in any
// class; other 5xx keep their retry rules.
func TestDefinitive5xx(t *testing.T) {
	for _, class := range []Class{Safe, Keyed, Unsafe} {
		t.Run(class.String(), func(t *testing.T) {
			srv, hits := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
				writeJSON(w, http.StatusBadGateway, `{"code":"PG_DECLINED"}`)
			})
			cfg := testConfig(srv.URL)
			cfg.IdempotencyHeader = "Idempotency-Key"
			cfg.IsDefinitive = func(status int, body []byte) bool {
				return status == http.StatusBadGateway && bytes.Contains(body, []byte("PG_DECLINED"))
			}
			c := newTestClient(t, cfg)
			_, err := c.do(context.Background(), &Call{Endpoint: &Endpoint{Op: "charge", Method: http.MethodPost, Route: "/charge", Class: class}, Body: map[string]int{"amount": 1000}}, nil)
			require.Error(t, err)
			assert.Equal(t, int64(1), hits.Load(), "a final answer is not retried")
			assert.False(t, errors.Is(err, ErrOutcomeUnknown))
			assert.True(t, errors.Is(err, ErrServer))
		})
	}
}

// TestEmptyBodyOnWrite: a 2xx without the documented body leaves a write's
// result unreadable: OutcomeUnknown with the key and the attempts, never a
// success with zero values. A lookup gets a plain DecodeError. A 204 is no
// different for a typed result; only a NoBody call takes it.
func TestEmptyBodyOnWrite(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/nocontent" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	c := newTestClient(t, testConfig(srv.URL))
	var out struct{ ID string }

	res, err := c.do(context.Background(), &Call{Endpoint: &Endpoint{Op: "pay", Method: http.MethodPost, Route: "/pay", Class: Keyed}, Body: map[string]int{"a": 1}, Reference: "p-1"}, &out)
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, res.IdempotencyKey, unknown.IdempotencyKey)
	assert.NotEmpty(t, unknown.IdempotencyKey)
	assert.Equal(t, 1, unknown.Attempts)
	var derr *DecodeError
	assert.ErrorAs(t, err, &derr)

	_, err = c.do(context.Background(), &Call{Endpoint: &Endpoint{Op: "get", Method: http.MethodGet, Route: "/get", Class: Safe}}, &out)
	assert.ErrorAs(t, err, &derr)
	assert.False(t, errors.Is(err, ErrOutcomeUnknown))

	_, err = c.do(context.Background(), &Call{Endpoint: &Endpoint{Op: "del", Method: http.MethodDelete, Route: "/nocontent", Class: Keyed}}, &out)
	require.ErrorAs(t, err, &unknown)
	assert.ErrorAs(t, err, &derr)
	_, err = c.do(context.Background(), &Call{Endpoint: &Endpoint{Op: "del", Method: http.MethodDelete, Route: "/nocontent", Class: Keyed}}, &NoBody{})
	assert.NoError(t, err)
}

// TestLongRetryAfterAfterAppliedAttempt: a 429 refuses only its own
// attempt; when an earlier attempt may have been applied, the call's
// outcome is unknown, and the rate limit stays visible.
func TestLongRetryAfterAfterAppliedAttempt(t *testing.T) {
	srv, hits := countingServer(t, func(w http.ResponseWriter, _ *http.Request, n int64) {
		if n == 1 {
			writeJSON(w, http.StatusServiceUnavailable, `{}`) // may have been applied
			return
		}
		w.Header().Set("Retry-After", "120")
		writeJSON(w, http.StatusTooManyRequests, `{}`)
	})
	c := newTestClient(t, testConfig(srv.URL))
	_, err := c.do(context.Background(), &Call{Endpoint: &Endpoint{Op: "cancel", Method: http.MethodPost, Route: "/cancel", Class: Keyed}, Body: map[string]int{"a": 1}}, nil)
	assert.Equal(t, int64(2), hits.Load())
	assert.True(t, errors.Is(err, ErrOutcomeUnknown), "%v", err)
	var rl *RateLimitError
	assert.False(t, errors.As(err, &rl), "a *RateLimitError (\"send it again\") is not reachable inside an unknown outcome")
	var apiErr *testAPIError
	assert.ErrorAs(t, err, &apiErr, "the 429 answer itself stays reachable for the logs")
	assert.False(t, errors.Is(err, ErrRateLimited), "an unknown outcome matches no other category")
}

// TestContextDeadlineBoundsCall checks that the caller's deadline bounds the
// whole call: a retry whose wait would end after the deadline is not
// attempted, and the call returns at once with the last attempt's error.
func TestContextDeadlineBoundsCall(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		retryAfter string // on the 503
		policy     RetryPolicy
	}{
		// jitter 0: the first backoff is half the step, 2 s.
		{"backoff past the deadline", "", RetryPolicy{MaxRetries: 5, BaseDelay: 4 * time.Second, MaxDelay: 4 * time.Second, MaxRetryAfter: time.Second}},
		{"Retry-After past the deadline", "3", RetryPolicy{MaxRetries: 5, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: 10 * time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
				if tc.retryAfter != "" {
					w.Header().Set("Retry-After", tc.retryAfter)
				}
				writeJSON(w, http.StatusServiceUnavailable, `{}`)
			})
			cfg := testConfig(srv.URL)
			cfg.Retry = tc.policy
			c := newTestClient(t, cfg)
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			defer cancel()
			start := time.Now()
			res, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "payments.get", Method: http.MethodGet, Route: "/p", Class: Safe}}, nil)
			elapsed := time.Since(start)
			require.ErrorIs(t, err, ErrServer)
			assert.NotErrorIs(t, err, context.DeadlineExceeded, "the call ended before the deadline, without waiting for it")
			assert.EqualValues(t, 1, n.Load())
			assert.Equal(t, 1, res.Attempts)
			assert.Less(t, elapsed, 800*time.Millisecond, "returned without waiting for the deadline")
		})
	}

	t.Run("deadline during an attempt", func(t *testing.T) {
		t.Parallel()
		srv, n := countingServer(t, func(_ http.ResponseWriter, r *http.Request, _ int64) { waitForClient(r) })
		c := newTestClient(t, testConfig(srv.URL))
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		_, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "receipts.confirm", Method: http.MethodPost, Route: "/c", Class: Unsafe}}, nil)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.ErrorIs(t, err, ErrOutcomeUnknown, "the request was written: it may have been applied")
		var netErr *NetworkError
		require.ErrorAs(t, err, &netErr)
		assert.True(t, netErr.Timeout())
		assert.EqualValues(t, 1, n.Load())
	})

	t.Run("attempts within the deadline go ahead", func(t *testing.T) {
		t.Parallel()
		srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, n int64) {
			if n < 3 {
				writeJSON(w, http.StatusBadGateway, `{}`)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		})
		c := newTestClient(t, testConfig(srv.URL))
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		_, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "payments.get", Method: http.MethodGet, Route: "/p", Class: Safe}}, nil)
		require.NoError(t, err)
		assert.EqualValues(t, 3, n.Load())
	})
}

// TestContextCancelledDuringBackoff cancels the caller's context while the
// call waits for a 10 s backoff: the call returns promptly and the error
// matches context.Canceled.
func TestContextCancelledDuringBackoff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		handler func(w http.ResponseWriter, r *http.Request)
		class   Class
		is      []error
	}{
		{"after a 503", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusServiceUnavailable, `{}`) }, Safe, []error{ErrServer}},
		{"after a reset", func(w http.ResponseWriter, _ *http.Request) { hijackClose(t, w) }, Keyed, []error{ErrOutcomeUnknown}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			first := make(chan struct{}, 1)
			srv, n := countingServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
				tc.handler(w, r)
				select {
				case first <- struct{}{}:
				default:
				}
			})
			cfg := testConfig(srv.URL)
			cfg.Retry = RetryPolicy{MaxRetries: 2, BaseDelay: 20 * time.Second, MaxDelay: 20 * time.Second, MaxRetryAfter: time.Second}
			c := newTestClient(t, cfg)
			ctx, cancel := context.WithCancel(t.Context())
			go func() {
				<-first
				time.Sleep(20 * time.Millisecond) // let the call enter its wait
				cancel()
			}()
			start := time.Now()
			_, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "x", Method: http.MethodPost, Route: "/x", Class: tc.class}}, nil)
			require.ErrorIs(t, err, context.Canceled)
			for _, cat := range tc.is {
				assert.ErrorIs(t, err, cat)
			}
			assert.Less(t, time.Since(start), 2*time.Second)
			assert.EqualValues(t, 1, n.Load())
		})
	}

	t.Run("cancelled before the call", func(t *testing.T) {
		t.Parallel()
		srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) { w.WriteHeader(http.StatusNoContent) })
		c := newTestClient(t, testConfig(srv.URL))
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "receipts.confirm", Method: http.MethodPost, Route: "/c", Class: Unsafe}}, nil)
		require.ErrorIs(t, err, context.Canceled)
		assert.False(t, errors.Is(err, ErrOutcomeUnknown), "nothing was sent: %v", err)
		assert.EqualValues(t, 0, n.Load())
	})
}
