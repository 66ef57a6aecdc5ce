package bootpaytest_test

import (
	"encoding/base64"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

func TestURL(t *testing.T) {
	srv, _ := newServer(t)
	sandboxtest.RequireURLAndClose(t, srv, `^http://127\.0\.0\.1:\d+/v2$`, "/receipt/x")
}

func TestTokenIssue(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, bootpaytest.WithClock(clock.Now))

	res := a.with("").token(bootpaytest.ApplicationID, bootpaytest.PrivateKey)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "application/json; charset=utf-8", res.Header.Get("Content-Type"))
	tok := res.Str("access_token")
	assert.Regexp(t, `^[0-9a-f]{64}$`, tok)
	assert.Equal(t, "1800", res.Num("expire_in"))
	assert.Len(t, res.Body, 2)
	assert.Equal(t, 1, srv.Stats().TokensIssued)

	// Within the first 25 minutes the same token comes back, with its remaining lifetime.
	clock.Advance(10 * time.Minute)
	res = a.with("").token(bootpaytest.ApplicationID, bootpaytest.PrivateKey)
	assert.Equal(t, tok, res.Str("access_token"))
	assert.Equal(t, "1200", res.Num("expire_in"))
	assert.Equal(t, 1, srv.Stats().TokensIssued)

	// After 25 minutes a new one is issued; the old one stays valid until its 30 minutes are up.
	clock.Advance(16 * time.Minute)
	res = a.with("").token(bootpaytest.ApplicationID, bootpaytest.PrivateKey)
	tok2 := res.Str("access_token")
	assert.NotEqual(t, tok, tok2)
	assert.Equal(t, "1800", res.Num("expire_in"))
	assert.Equal(t, 2, srv.Stats().TokensIssued)
	assert.Equal(t, http.StatusNotFound, a.with("Bearer "+tok).get("nope").Status)
	clock.Advance(5 * time.Minute) // 31 minutes after the first issue
	requireError(t, a.with("Bearer "+tok).get("nope"), http.StatusUnauthorized, bootpaytest.CodeTokenKeyInvalid)
	assert.Equal(t, http.StatusNotFound, a.with("Bearer "+tok2).get("nope").Status)
}

func TestTokenErrors(t *testing.T) {
	_, a := newServer(t)
	requireError(t, a.token(bootpaytest.ApplicationID, "wrong"), http.StatusUnauthorized, bootpaytest.CodeTokenKeyInvalid)
	requireError(t, a.token("wrong", bootpaytest.PrivateKey), http.StatusUnauthorized, bootpaytest.CodeTokenKeyInvalid)
	requireError(t, a.Must(http.MethodPost, "/request/token", `{}`), http.StatusUnauthorized, bootpaytest.CodeTokenKeyInvalid)
	requireError(t, a.Must(http.MethodPost, "/request/token", `{"application_id":`), http.StatusBadRequest, bootpaytest.CodeInvalidRequest)
	requireError(t, a.Must(http.MethodGet, "/request/token", nil), http.StatusMethodNotAllowed, bootpaytest.CodeMethodNotAllowed)
}

func TestTokenOptions(t *testing.T) {
	clock := newFakeClock()
	_, a := newServer(t,
		bootpaytest.WithClock(clock.Now),
		bootpaytest.WithTokenTTL(time.Minute),
		bootpaytest.WithTokenCredentials("app", "key"),
		bootpaytest.WithBasicCredentials("ck", "sk"),
	)
	requireError(t, a.token(bootpaytest.ApplicationID, bootpaytest.PrivateKey), http.StatusUnauthorized, bootpaytest.CodeTokenKeyInvalid)
	res := a.token("app", "key")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "60", res.Num("expire_in"))
	bearer := a.with("Bearer " + res.Str("access_token"))
	assert.Equal(t, http.StatusNotFound, bearer.get("nope").Status)
	clock.Advance(61 * time.Second)
	res = bearer.get("nope")
	requireError(t, res, http.StatusUnauthorized, bootpaytest.CodeTokenKeyInvalid)
	assert.Contains(t, res.Str("message"), "만료")

	requireError(t, a.get("nope"), http.StatusUnauthorized, bootpaytest.CodeTokenKeyInvalid) // default keys rejected
	ck := "Basic " + base64.StdEncoding.EncodeToString([]byte("ck:sk"))
	assert.Equal(t, http.StatusNotFound, a.with(ck).get("nope").Status)
}

func TestAuthModesOnEveryEndpoint(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, bootpaytest.WithClock(clock.Now))
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})

	freshToken := func() string {
		res := a.with("").token(bootpaytest.ApplicationID, bootpaytest.PrivateKey)
		require.Equal(t, http.StatusOK, res.Status)
		return res.Str("access_token")
	}
	wrongBasic := "Basic " + base64.StdEncoding.EncodeToString([]byte(bootpaytest.ClientKey+":nope"))

	endpoints := map[string]func(a *api) result{
		"receipt.get": func(a *api) result { return a.get(rc.ReceiptID) },
		"confirm":     func(a *api) result { return a.confirm("unknown-receipt") },
		"cancel":      func(a *api) result { return a.cancel(map[string]any{"receipt_id": "unknown-receipt"}) },
	}
	for name, call := range endpoints {
		t.Run(name, func(t *testing.T) {
			for _, auth := range []string{"", wrongBasic, "Basic !!!", "Bearer", "Bearer unknown", "Digest abc", "basic"} {
				res := call(a.with(auth))
				requireError(t, res, http.StatusUnauthorized, bootpaytest.CodeTokenKeyInvalid)
			}
			// Basic auth.
			res := call(a.with(basicAuth))
			assert.NotEqual(t, http.StatusUnauthorized, res.Status, "%s", res.Raw)
			// Bearer auth, with a case-insensitive scheme.
			tok := freshToken()
			res = call(a.with("Bearer " + tok))
			assert.NotEqual(t, http.StatusUnauthorized, res.Status, "%s", res.Raw)
			res = call(a.with("bearer " + tok))
			assert.NotEqual(t, http.StatusUnauthorized, res.Status, "%s", res.Raw)
			// ExpireTokens invalidates it.
			srv.ExpireTokens()
			res = call(a.with("Bearer " + tok))
			requireError(t, res, http.StatusUnauthorized, bootpaytest.CodeTokenKeyInvalid)
			// A new token is issued afterwards, and expires with the clock.
			tok2 := freshToken()
			assert.NotEqual(t, tok, tok2)
			clock.Advance(bootpaytest.DefaultTokenTTL)
			requireError(t, call(a.with("Bearer "+tok2)), http.StatusUnauthorized, bootpaytest.CodeTokenKeyInvalid)
		})
	}
	// Nothing was applied by the rejected requests.
	got, _ := srv.Receipt(rc.ReceiptID)
	assert.Equal(t, bootpay.StatusAwaitingConfirm, got.Status)
	assert.Zero(t, srv.Stats().ConfirmsApplied+srv.Stats().CancelsApplied)
}

func TestRoutes(t *testing.T) {
	srv, a := newServer(t)
	requireError(t, a.Must(http.MethodGet, "/nope", nil), http.StatusNotFound, bootpaytest.CodeRouteNotFound)
	requireError(t, a.Must(http.MethodGet, "/receipt/", nil), http.StatusNotFound, bootpaytest.CodeRouteNotFound)
	requireError(t, a.Must(http.MethodGet, "/receipt/a/b", nil), http.StatusNotFound, bootpaytest.CodeRouteNotFound)
	res := a.Must(http.MethodGet, "/confirm", nil)
	requireError(t, res, http.StatusMethodNotAllowed, bootpaytest.CodeMethodNotAllowed)
	assert.Equal(t, http.MethodPost, res.Header.Get("Allow"))
	res = a.Must(http.MethodPost, "/receipt/abc", `{}`)
	requireError(t, res, http.StatusMethodNotAllowed, bootpaytest.CodeMethodNotAllowed)
	assert.Equal(t, http.MethodGet, res.Header.Get("Allow"))

	resp, err := srv.Client().Get(strings.TrimSuffix(srv.URL(), "/v2") + "/receipt/abc") // no /v2
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	st := srv.Stats()
	assert.Equal(t, 6, st.Requests[""])
	assert.Zero(t, st.Requests[bootpaytest.OpReceiptGet])
}

func TestRequestsLog(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, bootpaytest.WithClock(clock.Now))
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
	a.Must(http.MethodGet, "/receipt/"+rc.ReceiptID+"?lookup_user_data=true", nil)
	a.confirm(rc.ReceiptID)

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, bootpaytest.Request{
		Time:       clock.Now(),
		Op:         bootpaytest.OpReceiptGet,
		Method:     http.MethodGet,
		Path:       "/v2/receipt/" + rc.ReceiptID,
		RawQuery:   "lookup_user_data=true",
		Header:     reqs[0].Header,
		Body:       []byte{},
		StatusCode: http.StatusOK,
	}, reqs[0])
	assert.Equal(t, basicAuth, reqs[0].Header.Get("Authorization"))
	assert.Equal(t, bootpaytest.OpConfirm, reqs[1].Op)
	assert.JSONEq(t, `{"receipt_id":"`+rc.ReceiptID+`"}`, string(reqs[1].Body))
	assert.Equal(t, "application/json", reqs[1].Header.Get("Content-Type"))
	assert.Equal(t, map[bootpaytest.Operation]int{bootpaytest.OpReceiptGet: 1, bootpaytest.OpConfirm: 1}, srv.Stats().Requests)

	// The returned slices are copies.
	reqs[1].Body[0] = 'X'
	assert.Equal(t, byte('{'), srv.Requests()[1].Body[0])
}

// TestStatusLocales checks the status_locale the sandbox sends with the client's status codes (the
// sandbox has no status type of its own), and none for a code it does not know.
func TestStatusLocales(t *testing.T) {
	srv, a := newServer(t)
	for st, want := range map[bootpay.Status]string{
		bootpay.StatusPaid: "결제완료", bootpay.StatusAwaitingConfirm: "승인대기", bootpay.StatusCancelled: "결제취소완료", bootpay.Status(77): "",
	} {
		rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Status: bootpaytest.Ptr(st)})
		res := a.get(rc.ReceiptID)
		assert.Equal(t, strconv.Itoa(int(st)), res.Num("status"))
		assert.Equal(t, want, res.Str("status_locale"), "status %d", st)
	}
	assert.Equal(t, bootpay.StatusReady, *bootpaytest.Ptr(bootpay.StatusReady))
}

func TestErrorBody(t *testing.T) {
	assert.JSONEq(t, `{"error_code":"RC_NOT_FOUND","message":"결제 정보를 찾을 수 없습니다."}`,
		bootpaytest.ErrorBody(bootpaytest.CodeReceiptNotFound, ""))
	assert.Equal(t, `{"error_code":"X","message":"m"}`, bootpaytest.ErrorBody("X", "m"))
	assert.True(t, regexp.MustCompile(`^\{"error_code":"RC_NOT_FOUND","message":"[^"]+"\}$`).MatchString(
		bootpaytest.ErrorBody(bootpaytest.CodeReceiptNotFound, "")))
}
