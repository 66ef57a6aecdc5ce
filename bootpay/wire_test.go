package bootpay

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
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

	"github.com/paykit-kr/paykit/internal/transport"
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
		reply := receiptFor(receipt, r, body)
		switch r.URL.Path {
		case "/v2/cancel":
			reply = cancelledFor(reply, body)
		case "/v2/subscribe/payment":
			reply = chargedFor(reply, body)
		}
		return wiretest.JSON(http.StatusOK, reply), nil
	})}
}

// chargedFor is the receipt as Bootpay answers a charge: for the price
// the charge asked.
func chargedFor(receipt, body []byte) []byte {
	var r, req map[string]any
	if json.Unmarshal(receipt, &r) != nil || json.Unmarshal(body, &req) != nil || req["price"] == nil {
		return receipt
	}
	r["price"] = req["price"]
	out, _ := json.Marshal(r)
	return out
}

// cancelledFor is the receipt as Bootpay answers a cancel: status 20 with
// the cancel (cancel_price, or the whole price when omitted, and
// cancel_tax_free) as its cumulative cancelled amounts.
func cancelledFor(receipt, body []byte) []byte {
	var r, req map[string]any
	if json.Unmarshal(receipt, &r) != nil || json.Unmarshal(body, &req) != nil {
		return receipt
	}
	r["status"], r["cancelled_price"], r["cancelled_tax_free"] = 20, r["price"], 0
	if price, ok := req["cancel_price"]; ok {
		r["cancelled_price"] = price
	}
	if taxFree, ok := req["cancel_tax_free"]; ok {
		r["cancelled_tax_free"] = taxFree
	}
	out, _ := json.Marshal(r)
	return out
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
	require.Len(t, reqs, 4)
	assert.Equal(t, "POST /v2/confirm", reqs[0].method+" "+reqs[0].path)
	assert.JSONEq(t, `{"receipt_id":"r-1"}`, string(reqs[0].body))
	assert.Equal(t, "application/json", reqs[0].header.Get("Content-Type"))
	assert.Empty(t, reqs[0].header.Get("Idempotency-Key"), "Bootpay does not deduplicate by header: none is sent")

	assert.Equal(t, "GET /v2/receipt/r-1", reqs[1].method+" "+reqs[1].path,
		"a 부분취소 under the caller's CancelID reads the cancelled total before its first attempt")
	assert.Equal(t, "POST /v2/cancel", reqs[2].method+" "+reqs[2].path)
	assert.JSONEq(t, `{"receipt_id":"r-1","cancel_price":3000,"cancel_tax_free":300,"cancel_id":"refund-77",
		"cancel_username":"관리자","cancel_message":"부분취소",
		"refund":{"bank_code":"004","bank_account":"12345678901234","bank_username":"홍길동"}}`, string(reqs[2].body))

	var full map[string]any
	require.NoError(t, json.Unmarshal(reqs[3].body, &full))
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

// TestHTTP2SharesOneHandshake: Bootpay gets HTTP/2 (see the package
// documentation, "Connections"). 1,000 lookups started at once on a new
// client with its default transport, against a TLS server that speaks
// HTTP/2, share one TCP connection and one TLS handshake, and every
// request arrives over HTTP/2.
func TestHTTP2SharesOneHandshake(t *testing.T) {
	wiretest.RequireHTTP2SharesOneHandshake(t, readFixture(t, "receipt_card.json"), func(url string, tls transport.Option) (func() error, error) {
		c, err := NewClient(BasicAuth("ck", "sk"), WithBaseURL(url+"/v2"), tls)
		return func() error {
			_, err := c.Receipts.Get(t.Context(), "62afc194e38c300021b345d4")
			return err
		}, err
	})
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

// receiptJSON is a minimal receipt body with its required fields.
func receiptJSON(id string, price int64, status Status) string {
	return fmt.Sprintf(`{"receipt_id":%q,"order_id":"o-1","price":%d,"status":%d}`, id, price, status)
}

// cancelsOf returns the receipt ids of the POST /cancel requests sent.
func cancelsOf(t *testing.T, ws *wireServer) []string {
	t.Helper()
	var ids []string
	for _, r := range ws.requests() {
		if r.path != "/v2/cancel" {
			continue
		}
		var body struct {
			ReceiptID string `json:"receipt_id"`
		}
		require.NoError(t, json.Unmarshal(r.body, &body))
		ids = append(ids, body.ReceiptID)
	}
	return ids
}

// TestConfirmReplyNamingAnotherReceipt: a confirm reply that describes
// another receipt (at another amount) must never make CancelOnMismatch
// cancel that other receipt. The reply proves nothing about the caller's
// receipt, so ConfirmVerified looks it up: confirmed for the order, it is
// a success; confirmed at another amount, only the caller's receipt is
// cancelled.
func TestConfirmReplyNamingAnotherReceipt(t *testing.T) {
	cases := []struct {
		name        string
		lookup      string
		wantCancels []string
	}{
		{"ours is confirmed", receiptJSON("r-1", 30000, StatusPaid), nil},
		{"ours is confirmed at another amount", receiptJSON("r-1", 300, StatusPaid), []string{"r-1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t)
			c := ws.client(t, BasicAuth("ck", "sk"))
			ws.then(http.StatusOK, receiptJSON("r-1", 30000, StatusAwaitingConfirm))
			ws.then(http.StatusOK, receiptJSON("r-other", 300, StatusPaid)) // the confirm's reply
			ws.then(http.StatusOK, tc.lookup)

			res, err := c.Receipts.ConfirmVerified(context.Background(), ConfirmParams{
				ReceiptID: "r-1", OrderID: "o-1", Amount: 30000, CancelOnMismatch: true,
			})
			assert.Equal(t, tc.wantCancels, cancelsOf(t, ws), "only the caller's receipt is ever cancelled")
			reqs := ws.requests()
			require.GreaterOrEqual(t, len(reqs), 3)
			assert.Equal(t, "/v2/receipt/r-1", reqs[2].path, "the caller's receipt is looked up, not the one the reply named")
			if tc.wantCancels == nil {
				require.NoError(t, err)
				assert.Equal(t, "r-1", res.Receipt.ReceiptID)
				return
			}
			var mismatch *MismatchError
			require.True(t, errors.As(err, &mismatch), "%v", err)
			assert.Equal(t, "r-1", mismatch.ReceiptID)
			require.NotNil(t, mismatch.Cancelled)
			assert.Equal(t, "r-1", mismatch.Cancelled.ReceiptID)
		})
	}
}

// TestRepliesNamingAnotherReceipt: every operation refuses a reply about
// another receipt. A lookup is a *DecodeError, never a *MismatchError or
// ErrNotFound (and ConfirmVerified confirms nothing after one); a confirm or cancel whose
// 2xx reply names another receipt was applied to something, so it is an
// *OutcomeUnknownError for the caller's receipt, with a *DecodeError
// inside, and is never sent again.
func TestRepliesNamingAnotherReceipt(t *testing.T) {
	other := receiptJSON("r-other", 1000, StatusPaid)
	ctx := context.Background()

	t.Run("get", func(t *testing.T) {
		ws := newWireServer(t)
		c := ws.client(t, BasicAuth("ck", "sk"))
		ws.then(http.StatusOK, other)
		r, err := c.Receipts.Get(ctx, "r-1")
		assert.Nil(t, r)
		var derr *DecodeError
		require.ErrorAs(t, err, &derr)
		assert.Equal(t, "receipts.get", derr.Op)
		assert.Contains(t, err.Error(), `"r-other", not "r-1"`)
		var mismatch *MismatchError
		assert.False(t, errors.As(err, &mismatch), "not a verdict on r-1: %v", err)
		assert.NotErrorIs(t, err, ErrNotFound)
		assert.Len(t, ws.requests(), 1, "a bad 2xx is not retried")
	})
	t.Run("confirm verified, first lookup", func(t *testing.T) {
		ws := newWireServer(t)
		c := ws.client(t, BasicAuth("ck", "sk"))
		ws.then(http.StatusOK, receiptJSON("r-other", 30000, StatusAwaitingConfirm))
		_, err := c.Receipts.ConfirmVerified(ctx, ConfirmParams{ReceiptID: "r-1", OrderID: "o-1", Amount: 30000, CancelOnMismatch: true})
		var derr *DecodeError
		require.ErrorAs(t, err, &derr)
		var mismatch *MismatchError
		assert.False(t, errors.As(err, &mismatch), "the lookup failed; no verdict: %v", err)
		assert.Len(t, ws.requests(), 1, "nothing confirmed, nothing cancelled")
	})
	for _, op := range []string{"confirm", "cancel"} {
		t.Run(op, func(t *testing.T) {
			ws := newWireServer(t)
			c := ws.client(t, BasicAuth("ck", "sk"))
			lookups := 0
			if op == "cancel" { // the lookup before a 부분취소 under the caller's CancelID
				ws.then(http.StatusOK, receiptJSON("r-1", 1000, StatusPaid))
				lookups = 1
			}
			ws.then(http.StatusOK, other)
			var err error
			if op == "confirm" {
				_, err = c.Receipts.Confirm(ctx, "r-1")
			} else {
				_, err = c.Receipts.Cancel(ctx, CancelParams{ReceiptID: "r-1", Amount: 1000, CancelID: "refund-1"})
			}
			var unknown *OutcomeUnknownError
			require.True(t, errors.As(err, &unknown), "%v", err)
			assert.Equal(t, "r-1", unknown.Reference)
			var derr *DecodeError
			assert.True(t, errors.As(err, &derr), "%v", err)
			var mismatch *MismatchError
			assert.False(t, errors.As(err, &mismatch), "not a verdict on the caller's receipt")
			assert.Len(t, ws.requests(), lookups+1, "the write is not sent again")
		})
	}
}

// TestCheckComparesReceiptID: Check names a receipt id that differs from
// VerifyParams.ReceiptID.
func TestCheckComparesReceiptID(t *testing.T) {
	var r Receipt
	require.NoError(t, json.Unmarshal([]byte(receiptJSON("r-2", 1000, StatusPaid)), &r))
	err := r.Verify(VerifyParams{ReceiptID: "r-1", OrderID: "o-1", Amount: 1000, Status: StatusPaid})
	var mismatch *MismatchError
	require.True(t, errors.As(err, &mismatch), "%v", err)
	assert.Equal(t, []Mismatch{{Field: "receipt_id", Expected: "r-1", Actual: "r-2"}}, mismatch.Mismatches)
	assert.Equal(t, "r-1", mismatch.ReceiptID)
	assert.NoError(t, r.Verify(VerifyParams{OrderID: "o-1", Amount: 1000, Status: StatusPaid}), "no ReceiptID: not compared")
}

// TestConfirmStillApproving: status 3 (결제승인중) after a confirm means
// the PG is still approving: the confirm may yet complete, so it is a
// *PendingConfirmError, never a *MismatchError (which says "do not
// fulfil, nothing more will happen"), whether the status comes from the
// lookup after an unknown outcome or from the confirm's own reply.
func TestConfirmStillApproving(t *testing.T) {
	for name, confirmReply := range map[string]func(ws *wireServer){
		"lookup after a 5xx": func(ws *wireServer) {
			ws.then(http.StatusInternalServerError, `{"error_code":"INTERNAL","message":"오류"}`)
			ws.then(http.StatusOK, receiptJSON("r-1", 30000, StatusConfirming))
		},
		"the confirm's reply": func(ws *wireServer) {
			ws.then(http.StatusOK, receiptJSON("r-1", 30000, StatusConfirming))
		},
	} {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t)
			c := ws.client(t, BasicAuth("ck", "sk"))
			ws.then(http.StatusOK, receiptJSON("r-1", 30000, StatusAwaitingConfirm))
			confirmReply(ws)
			_, err := c.Receipts.ConfirmVerified(context.Background(), ConfirmParams{ReceiptID: "r-1", OrderID: "o-1", Amount: 30000, CancelOnMismatch: true})
			var pending *PendingConfirmError
			require.True(t, errors.As(err, &pending), "%v", err)
			assert.True(t, errors.Is(err, ErrOutcomeUnknown))
			assert.Equal(t, StatusConfirming, pending.Receipt.Status)
			assert.Empty(t, cancelsOf(t, ws))
		})
	}
}

// TestTokenWaitDeadline: with TokenAuth and a token endpoint that never
// answers, a call whose context deadline passes ends at the deadline with
// an error that starts "bootpay: receipts.get:", matches
// context.DeadlineExceeded, and carries no credential.
func TestTokenWaitDeadline(t *testing.T) {
	const privateKey = "private-key-never-printed-0123456789"
	ws := newWireServer(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) }) // runs before the server closes
	ws.ThenFunc(func(*http.Request) (*http.Response, error) {
		<-release
		return wiretest.JSON(http.StatusServiceUnavailable, nil), nil
	})
	c := ws.client(t, TokenAuth("app-id", privateKey))

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	r, err := c.Receipts.Get(ctx, "62afc194e38c300021b345d4")
	assert.Less(t, time.Since(start), 2*time.Second, "the deadline ends the wait")

	assert.Nil(t, r)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.True(t, strings.HasPrefix(err.Error(), "bootpay: receipts.get: "), err.Error())
	assert.NotContains(t, err.Error(), privateKey)
	var netErr *NetworkError
	require.ErrorAs(t, err, &netErr)
	assert.Equal(t, "receipts.get", netErr.Op)
	assert.True(t, netErr.Timeout())
	reqs := ws.requests()
	require.Len(t, reqs, 1, "only the token request, still unanswered")
	assert.Equal(t, "/v2/request/token", reqs[0].path)
}

// TestConfirmInProgressIsPending: a receipt in status 3 (결제승인중) for the
// caller's order and amount means another request's confirm is being
// approved, whether ConfirmVerified finds it so before confirming or after
// Bootpay refused its confirm as not ready. The money may be captured, so
// the answer is a *PendingConfirmError (ErrOutcomeUnknown), never a
// mismatch or a refusal that would let the merchant release the order.
func TestConfirmInProgressIsPending(t *testing.T) {
	p := ConfirmParams{ReceiptID: "r-3", OrderID: "o-1", Amount: 1000}
	for name, replies := range map[string][]string{
		"status 3 before the confirm": {receiptJSON("r-3", 1000, StatusConfirming)},
		"not ready, then status 3": {
			receiptJSON("r-3", 1000, StatusAwaitingConfirm),
			`{"error_code":"RC_NOT_CONFIRM_READY","message":"승인 대기 상태가 아닙니다."}`,
			receiptJSON("r-3", 1000, StatusConfirming),
		},
	} {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t)
			for _, body := range replies {
				status := http.StatusOK
				if strings.Contains(body, "error_code") {
					status = http.StatusBadRequest
				}
				ws.Then(status, body)
			}
			_, err := ws.client(t, BasicAuth("ck", "sk")).Receipts.ConfirmVerified(context.Background(), p)
			var pending *PendingConfirmError
			require.ErrorAs(t, err, &pending)
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			var mismatch *MismatchError
			assert.False(t, errors.As(err, &mismatch), "not a verdict: %v", err)
			assert.Equal(t, StatusConfirming, pending.Receipt.Status)
			assert.Len(t, ws.Requests(), len(replies), "no second confirm, no cancel")
		})
	}
}

// TestReconcileOnAnotherReceiptSettlesNothing: a lookup that answers
// about another receipt is a failed lookup for ReconcileConfirm (Get's
// *DecodeError), not a *MismatchError a reconciler would read as a
// verdict on the confirm.
func TestReconcileOnAnotherReceiptSettlesNothing(t *testing.T) {
	ws := newWireServer(t)
	ws.Then(http.StatusOK, receiptJSON("r-other", 1000, StatusPaid))
	_, err := ws.client(t, BasicAuth("ck", "sk")).Receipts.ReconcileConfirm(context.Background(),
		ConfirmParams{ReceiptID: "r-1", OrderID: "o-1", Amount: 1000})
	var derr *DecodeError
	require.ErrorAs(t, err, &derr)
	var mismatch *MismatchError
	assert.False(t, errors.As(err, &mismatch), "not a verdict: %v", err)
	assert.Empty(t, cancelsOf(t, ws))
}
