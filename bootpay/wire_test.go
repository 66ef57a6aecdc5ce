package bootpay

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// recorded is one request as the mock received it.
type recorded struct {
	method, path, rawPath, query string
	header                       http.Header
	body                         []byte
}

// wireServer is Bootpay on httpmock (no socket): it records requests and
// answers each with the next reply, or with the card receipt renamed to
// the receipt id the request named, since the client refuses a reply
// about another receipt. Its base path is /v2, so a client that drops the
// prefix gets 418.
type wireServer struct{ *wiretest.Mock }

func newWireServer(t *testing.T) *wireServer {
	receipt := readFixture(t, "receipt_card.json")
	return &wireServer{wiretest.New(t, wireCoverage, "https://bootpay.test/v2", func(r *http.Request) (*http.Response, error) {
		body, _ := io.ReadAll(r.Body)
		return wiretest.JSON(http.StatusOK, receiptFor(receipt, r, body)), nil
	})}
}

// receiptFor renames the fixture receipt to the receipt id the request
// names, in its path (GET /v2/receipt/{id}) or its JSON body.
func receiptFor(receipt []byte, r *http.Request, body []byte) []byte {
	id, isGet := strings.CutPrefix(r.URL.Path, "/v2/receipt/")
	if !isGet {
		var req struct {
			ReceiptID string `json:"receipt_id"`
		}
		if json.Unmarshal(body, &req) != nil || req.ReceiptID == "" {
			return receipt
		}
		id = req.ReceiptID
	}
	quoted, _ := json.Marshal(id)
	return bytes.Replace(receipt, []byte(`"62afc194e38c300021b345d4"`), quoted, 1)
}

func (ws *wireServer) then(status int, body string) { ws.Then(status, body) }

func (ws *wireServer) requests() []recorded {
	var out []recorded
	for _, r := range ws.Requests() {
		out = append(out, recorded{r.Method, r.Path, r.RawPath, r.RawQuery, r.Header, r.Body})
	}
	return out
}

func (ws *wireServer) client(t *testing.T, auth Auth, opts ...Option) *Client {
	t.Helper()
	opts = append([]Option{
		WithBaseURL(ws.URL), WithHTTPClient(ws.Client),
		WithRetryPolicy(RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: time.Second}),
	}, opts...)
	c, err := NewClient(auth, opts...)
	require.NoError(t, err)
	return c
}

func TestWireGet(t *testing.T) {
	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("client-key", "secret-key"))
	ctx := context.Background()

	_, err := c.Receipts.Get(ctx, "62afc194e38c300021b345d4")
	require.NoError(t, err)
	_, err = c.Receipts.GetWithUserData(ctx, "id/with spaces?")
	require.NoError(t, err)

	reqs := ws.requests()
	require.Len(t, reqs, 2)
	get := reqs[0]
	assert.Equal(t, http.MethodGet, get.method)
	assert.Equal(t, "/v2/receipt/62afc194e38c300021b345d4", get.path)
	assert.Empty(t, get.query)
	assert.Empty(t, get.body)
	assert.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte("client-key:secret-key")), get.header.Get("Authorization"))
	assert.Equal(t, "application/json", get.header.Get("Accept"))
	assert.Equal(t, "utf-8", get.header.Get("Accept-Charset"))
	assert.Equal(t, "5.0.0", get.header.Get("Bootpay-Api-Version"))
	assert.Equal(t, "305", get.header.Get("Bootpay-Sdk-Type"))
	assert.NotEmpty(t, get.header.Get("Bootpay-Sdk-Version"))
	assert.Regexp(t, `^paykit-go/\d+\.\d+\.\d+ go/\d`, get.header.Get("User-Agent"))
	assert.Empty(t, get.header.Get("Content-Type"), "a GET has no body")

	withData := reqs[1]
	assert.Equal(t, "/v2/receipt/id%2Fwith%20spaces%3F", withData.rawPath, "the id is one escaped path segment")
	assert.Equal(t, "lookup_user_data=true", withData.query)
}

func TestWireConfirmAndCancel(t *testing.T) {
	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("ck", "sk"))
	ctx := context.Background()

	_, err := c.Receipts.Confirm(ctx, "r-1")
	require.NoError(t, err)
	_, err = c.Receipts.Cancel(ctx, CancelParams{
		ReceiptID: "r-1", Amount: 3000, TaxFree: 300, CancelID: "refund-77",
		Username: "관리자", Message: "부분취소",
		Refund: &RefundAccount{BankCode: "004", BankAccount: "12345678901234", BankUsername: "홍길동"},
	})
	require.NoError(t, err)
	_, err = c.Receipts.Cancel(ctx, CancelParams{ReceiptID: "r-1", Full: true})
	require.NoError(t, err)

	reqs := ws.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "POST /v2/confirm", reqs[0].method+" "+reqs[0].path)
	assert.JSONEq(t, `{"receipt_id":"r-1"}`, string(reqs[0].body))
	assert.Equal(t, "application/json", reqs[0].header.Get("Content-Type"))
	assert.Empty(t, reqs[0].header.Get("Idempotency-Key"), "Bootpay does not deduplicate by header: none is sent")

	assert.Equal(t, "POST /v2/cancel", reqs[1].method+" "+reqs[1].path)
	assert.JSONEq(t, `{"receipt_id":"r-1","cancel_price":3000,"cancel_tax_free":300,"cancel_id":"refund-77",
		"cancel_username":"관리자","cancel_message":"부분취소",
		"refund":{"bank_code":"004","bank_account":"12345678901234","bank_username":"홍길동"}}`, string(reqs[1].body))

	var full map[string]any
	require.NoError(t, json.Unmarshal(reqs[2].body, &full))
	assert.NotContains(t, full, "cancel_price", "a full cancel omits cancel_price")
	assert.NotContains(t, full, "cancel_tax_free")
	assert.NotContains(t, full, "refund", "unset objects are omitted, not sent as {}")
	assert.Regexp(t, `^paykit-[0-9a-f-]{36}$`, full["cancel_id"], "a cancel_id is generated")
}

func TestCancelRetriesWithTheSameCancelID(t *testing.T) {
	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("ck", "sk"))
	ws.then(http.StatusServiceUnavailable, `{"error_code":"BUSY","message":"잠시 후"}`)
	ws.then(http.StatusBadGateway, `<html>bad gateway</html>`)

	var meta ResponseMeta
	_, err := c.Receipts.Cancel(context.Background(), CancelParams{ReceiptID: "r-1", Amount: 1000}, WithResponseMeta(&meta))
	require.NoError(t, err)
	reqs := ws.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, reqs[0].body, reqs[1].body, "byte-identical body on every attempt")
	assert.Equal(t, reqs[0].body, reqs[2].body)
	assert.Equal(t, 3, meta.Attempts)
	assert.True(t, strings.HasPrefix(meta.IdempotencyKey, "paykit-"), "the generated cancel_id is reported: %q", meta.IdempotencyKey)
}

func TestConfirmIsNotRetriedAfterA5xx(t *testing.T) {
	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("ck", "sk"))
	ws.then(http.StatusInternalServerError, `{"error_code":"INTERNAL","message":"오류"}`)

	_, err := c.Receipts.Confirm(context.Background(), "r-9")
	require.Error(t, err)
	assert.Len(t, ws.requests(), 1, "an unsafe write is sent once")
	assert.True(t, errors.Is(err, ErrOutcomeUnknown))
	assert.False(t, errors.Is(err, ErrServer), "an unknown outcome matches no other category")
	var unknown *OutcomeUnknownError
	require.True(t, errors.As(err, &unknown))
	assert.Equal(t, "r-9", unknown.Reference)
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, ErrorCode("INTERNAL"), apiErr.Code)
}

func TestValidationBeforeIO(t *testing.T) {
	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("ck", "sk"))
	ctx := context.Background()
	calls := map[string]func() error{
		"empty id":        func() error { _, err := c.Receipts.Get(ctx, ""); return err },
		"spaces":          func() error { _, err := c.Receipts.Get(ctx, " r-1"); return err },
		"confirm empty":   func() error { _, err := c.Receipts.Confirm(ctx, ""); return err },
		"zero amount":     func() error { _, err := c.Receipts.Cancel(ctx, CancelParams{ReceiptID: "r"}); return err },
		"negative amount": func() error { _, err := c.Receipts.Cancel(ctx, CancelParams{ReceiptID: "r", Amount: -1}); return err },
		"full and amount": func() error {
			_, err := c.Receipts.Cancel(ctx, CancelParams{ReceiptID: "r", Full: true, Amount: 5})
			return err
		},
		"tax free over amount": func() error {
			_, err := c.Receipts.Cancel(ctx, CancelParams{ReceiptID: "r", Amount: 5, TaxFree: 6})
			return err
		},
		"long cancel id": func() error {
			_, err := c.Receipts.Cancel(ctx, CancelParams{ReceiptID: "r", Full: true, CancelID: strings.Repeat("x", 65)})
			return err
		},
		"partial refund": func() error {
			_, err := c.Receipts.Cancel(ctx, CancelParams{ReceiptID: "r", Full: true, Refund: &RefundAccount{BankCode: "004"}})
			return err
		},
		"verify without order": func() error {
			_, err := c.Receipts.ConfirmVerified(ctx, ConfirmParams{ReceiptID: "r", Amount: 100})
			return err
		},
		"verify without amount": func() error {
			_, err := c.Receipts.ConfirmVerified(ctx, ConfirmParams{ReceiptID: "r", OrderID: "o"})
			return err
		},
		"bad header option": func() error {
			_, err := c.Receipts.Get(ctx, "r", WithHeader("Authorization", "x"))
			return err
		},
	}
	for name, call := range calls {
		err := call()
		var verr *ValidationError
		assert.True(t, errors.As(err, &verr), "%s: got %v", name, err)
		assert.True(t, errors.Is(err, ErrInvalidRequest), name)
		assert.True(t, strings.HasPrefix(err.Error(), "bootpay: "), "%s: %v", name, err)
	}
	assert.Empty(t, ws.requests(), "no request was sent")
}

func TestNewClientValidation(t *testing.T) {
	for name, auth := range map[string]Auth{
		"none":            {},
		"half basic":      BasicAuth("ck", ""),
		"half legacy":     TokenAuth("", "pk"),
		"other half":      BasicAuth("", "sk"),
		"legacy app only": TokenAuth("app", ""),
	} {
		_, err := NewClient(auth)
		assert.Error(t, err, name)
	}
	_, err := NewClient(BasicAuth("ck", "sk"), WithEnvironment("qa"))
	assert.Error(t, err)
	_, err = NewClient(BasicAuth("ck", "sk"), WithBaseURL("not a url"))
	assert.Error(t, err)
	_, err = NewClient(BasicAuth("ck", "sk"), WithTimeout(-time.Second))
	assert.Error(t, err)
	_, err = NewClient(BasicAuth("ck", "sk"), WithRetryPolicy(RetryPolicy{MaxRetries: -1}))
	assert.Error(t, err)
	for env, want := range map[Environment]string{
		Production: "https://api.bootpay.co.kr/v2", Development: "https://dev-api.bootpay.co.kr/v2",
		Stage: "https://stage-api.bootpay.co.kr/v2", Test: "https://test-api.bootpay.co.kr/v2",
	} {
		got, err := env.BaseURL()
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
}

func TestTokenExpiry(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	assert.Equal(t, now.Add(30*time.Minute), tokenExpiry(now, 1800), "seconds")
	assert.Equal(t, now.Add(10*time.Minute), tokenExpiry(now, 600))
	assert.Equal(t, now.Add(30*time.Minute), tokenExpiry(now, 0), "absent: the documented lifetime")
	assert.Equal(t, now.Add(30*time.Minute), tokenExpiry(now, 86400), "never longer than documented")
	assert.True(t, now.Add(20*time.Minute).Equal(tokenExpiry(now, float64(now.Add(20*time.Minute).Unix()))), "a Unix time")
	assert.True(t, now.Add(20*time.Minute).Equal(tokenExpiry(now, float64(now.Add(20*time.Minute).UnixMilli()))), "a Unix time in ms")
}

// TestConnectionsAreReused: 1,000 sequential calls, a third of them
// answered with 4xx error bodies, open at most 2 TCP connections: every
// body is read to the end and closed.
func TestConnectionsAreReused(t *testing.T) {
	receipt := readFixture(t, "receipt_card.json")
	var mu sync.Mutex
	opened, served := 0, 0
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		served++
		n := served
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if n%3 == 0 {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error_code":"RC_NOT_FOUND","message":"영수증을 찾지 못했습니다. `+strings.Repeat("가", 300)+`"}`)
			return
		}
		_, _ = w.Write(receipt)
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			mu.Lock()
			opened++
			mu.Unlock()
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := NewClient(BasicAuth("ck", "sk"), WithBaseURL(srv.URL+"/v2"))
	require.NoError(t, err)

	notFound := 0
	for range 1000 {
		_, err := c.Receipts.Get(context.Background(), "62afc194e38c300021b345d4")
		if errors.Is(err, ErrNotFound) {
			notFound++
		} else {
			require.NoError(t, err)
		}
	}
	assert.Equal(t, 333, notFound)
	mu.Lock()
	defer mu.Unlock()
	assert.LessOrEqual(t, opened, 2, "connections opened for 1,000 calls")
	t.Logf("1,000 calls over %d connection(s)", opened)
}

// TestCancelRefusalAfterAmbiguousAttempt: when an earlier attempt may have
// been applied (a 5xx), a refusal on the retry may be its echo. A full
// cancel refused as already cancelled is a success only if a lookup shows
// the receipt fully cancelled; any other refusal ends as ErrOutcomeUnknown
// carrying the receipt id and cancel_id.
func TestCancelRefusalAfterAmbiguousAttempt(t *testing.T) {
	fullyCancelled := `{"receipt_id":"r-1","order_id":"o-1","price":5000,"cancelled_price":5000,"status":20}`
	partly := `{"receipt_id":"r-1","order_id":"o-1","price":5000,"cancelled_price":1000,"status":20}`
	cases := []struct {
		name        string
		params      CancelParams
		refusal     string
		lookup      string // "" when no lookup is expected
		wantSuccess bool
	}{
		{"full, already cancelled, confirmed by lookup", CancelParams{ReceiptID: "r-1", Full: true},
			`{"error_code":"RC_ALREADY_CANCELLED","message":"이미 취소"}`, fullyCancelled, true},
		{"full, already cancelled, lookup disagrees", CancelParams{ReceiptID: "r-1", Full: true},
			`{"error_code":"RC_ALREADY_CANCELLED","message":"이미 취소"}`, partly, false},
		{"partial, over the remainder", CancelParams{ReceiptID: "r-1", Amount: 4500},
			`{"error_code":"RC_CANCEL_PRICE_EXCEEDED","message":"초과"}`, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t)
			c := ws.client(t, BasicAuth("ck", "sk"))
			ws.then(http.StatusInternalServerError, `{"error_code":"INTERNAL","message":"오류"}`)
			ws.then(http.StatusBadRequest, tc.refusal)
			if tc.lookup != "" {
				ws.then(http.StatusOK, tc.lookup)
			}
			r, err := c.Receipts.Cancel(context.Background(), tc.params)
			reqs := ws.requests()
			if tc.lookup != "" {
				require.Len(t, reqs, 3)
				assert.Equal(t, http.MethodGet, reqs[2].method, "the refusal is checked by a lookup")
			} else {
				require.Len(t, reqs, 2)
			}
			if tc.wantSuccess {
				require.NoError(t, err)
				assert.True(t, r.FullyCancelled())
				return
			}
			var unknown *OutcomeUnknownError
			require.True(t, errors.As(err, &unknown), "%v", err)
			assert.Equal(t, "r-1", unknown.Reference)
			assert.Regexp(t, `^paykit-`, unknown.IdempotencyKey)
			var apiErr *APIError
			assert.True(t, errors.As(err, &apiErr), "the refusal stays reachable")
		})
	}
}

// TestCancelRefusalWithoutAmbiguityIsFinal: a refusal on the first attempt
// is the gateway's answer.
func TestCancelRefusalWithoutAmbiguityIsFinal(t *testing.T) {
	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("ck", "sk"))
	ws.then(http.StatusBadRequest, `{"error_code":"RC_ALREADY_CANCELLED","message":"이미 취소"}`)
	_, err := c.Receipts.Cancel(context.Background(), CancelParams{ReceiptID: "r-1", Full: true})
	assert.True(t, errors.Is(err, ErrConflict), "%v", err)
	assert.False(t, errors.Is(err, ErrOutcomeUnknown))
	assert.Len(t, ws.requests(), 1)
}
