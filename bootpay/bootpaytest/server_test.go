package bootpaytest_test

import (
	"encoding/base64"
	"io"
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

// faultOp is an operation whose application can be observed.
type faultOp struct {
	op      bootpaytest.Operation
	create  func(srv *bootpaytest.Server) string
	call    func(a *api, id string) (result, error)
	applied func(srv *bootpaytest.Server, id string) int // state changes seen in Stats and the receipt
}

var faultOps = []faultOp{
	{
		op: bootpaytest.OpConfirm,
		create: func(srv *bootpaytest.Server) string {
			return srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000}).ReceiptID
		},
		call: func(a *api, id string) (result, error) {
			return a.Send(http.MethodPost, "/confirm", map[string]any{"receipt_id": id})
		},
		applied: func(srv *bootpaytest.Server, id string) int {
			rc, _ := srv.Receipt(id)
			n := srv.Stats().ConfirmsApplied
			if (rc.Status == bootpay.StatusPaid) != (n == 1) {
				panic("stats and receipt disagree")
			}
			return n
		},
	},
	{
		op: bootpaytest.OpCancel,
		create: func(srv *bootpaytest.Server) string {
			return srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Status: paid()}).ReceiptID
		},
		call: func(a *api, id string) (result, error) {
			return a.Send(http.MethodPost, "/cancel", map[string]any{"receipt_id": id, "cancel_price": 400, "cancel_id": "k1"})
		},
		applied: func(srv *bootpaytest.Server, id string) int {
			rc, _ := srv.Receipt(id)
			n := srv.Stats().CancelsApplied
			if (rc.CancelledPrice == 400) != (n == 1) {
				panic("stats and receipt disagree")
			}
			return n
		},
	},
}

func TestFaultsOnConfirmAndCancel(t *testing.T) {
	tests := sandboxtest.FaultTests(bootpaytest.ErrorBody("SERVER_BUSY", "잠시 후 다시 시도해 주세요."), bootpaytest.Faults.RateLimit, func(t *testing.T, res result) {
		requireError(t, res, http.StatusTooManyRequests, bootpaytest.CodeTooManyRequests)
	})
	for _, op := range faultOps {
		for _, tt := range tests {
			t.Run(string(op.op)+"/"+tt.Name, func(t *testing.T) {
				srv, a := newServer(t)
				id := op.create(srv)
				_, logged := sandboxtest.ServeFaulted(t, srv, tt, sandboxtest.FaultedCall[bootpaytest.Operation]{
					Op: op.op, Send: func() (result, error) { return op.call(a, id) },
					Applied: func() int { return op.applied(srv, id) }, Logged: srv.Requests,
				})
				if tt.Name != "close before read" {
					assert.Contains(t, string(logged.Body), id)
				}
				assert.Equal(t, 1, srv.Stats().Requests[op.op])

				// The fault is used up: a retry is served normally and sees the state left behind.
				res, err := op.call(a, id)
				require.NoError(t, err)
				if tt.Applied == 1 {
					want := map[bootpaytest.Operation]string{
						bootpaytest.OpConfirm: bootpaytest.CodeNotConfirmReady,
						bootpaytest.OpCancel:  bootpaytest.CodeCancelIDDuplicated,
					}[op.op]
					requireError(t, res, http.StatusBadRequest, want)
				} else {
					assert.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
				}
				assert.Equal(t, 1, op.applied(srv, id))
			})
		}
	}
}

func TestDelayedRequestAppliedAfterClientGivesUp(t *testing.T) {
	for _, op := range faultOps {
		t.Run(string(op.op), func(t *testing.T) {
			srv, a := newServer(t)
			id := op.create(srv)
			srv.Inject(op.op, bootpaytest.Faults.Delay(300*time.Millisecond), 1)
			a.HC.Timeout = 50 * time.Millisecond

			_, err := op.call(a, id)
			require.Error(t, err)
			assert.Equal(t, 0, op.applied(srv, id), "not yet")
			require.Eventually(t, func() bool { return op.applied(srv, id) == 1 }, 5*time.Second, 10*time.Millisecond)
			require.Eventually(t, func() bool { return srv.Requests()[0].StatusCode == http.StatusOK }, 5*time.Second, 10*time.Millisecond)
		})
	}
}

func TestCloseAbandonsDelayedRequests(t *testing.T) {
	srv, a := newServer(t)
	id := faultOps[0].create(srv)
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.Delay(time.Hour), 1)
	sandboxtest.CloseAbandonsDelayed(t,
		func() error {
			_, err := a.Send(http.MethodPost, "/confirm", map[string]any{"receipt_id": id})
			return err
		},
		func() int { return len(srv.Requests()) }, srv.Close, func() int { return srv.Stats().ConfirmsApplied })
}

func TestFaultsOnTokenAndReceiptGet(t *testing.T) {
	srv, a := newServer(t)
	srv.Inject(bootpaytest.OpToken, bootpaytest.Faults.CloseAfterApply(), 1)
	_, err := a.Send(http.MethodPost, "/request/token", map[string]any{"application_id": bootpaytest.ApplicationID, "private_key": bootpaytest.PrivateKey})
	require.Error(t, err)
	assert.Equal(t, 1, srv.Stats().TokensIssued, "the token was issued but never delivered")

	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.TruncatedBody(), 1)
	_, err = a.Send(http.MethodGet, "/receipt/"+rc.ReceiptID, nil)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, http.StatusOK, a.get(rc.ReceiptID).Status)
}

// TestFaultQueue checks the kit's queue of faults as bootpaytest serves it: in order, forever, cleared,
// per operation, and before authentication.
func TestFaultQueue(t *testing.T) {
	srv, a := newServer(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
	sandboxtest.RequireFaultQueue(t, srv, bootpaytest.OpReceiptGet, func() int { return a.get(rc.ReceiptID).Status })
	sandboxtest.RequireFaultsBeforeAuth(t, srv, bootpaytest.OpReceiptGet, func() result { return a.with("").get("anything") },
		func(t *testing.T, res result) {
			requireError(t, res, http.StatusUnauthorized, bootpaytest.CodeTokenKeyInvalid)
		})

	// Faults are per operation.
	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.CloseBeforeRead(), 1)
	assert.Equal(t, http.StatusOK, a.confirm(rc.ReceiptID).Status)
	assert.Equal(t, 1, srv.PendingFaults(bootpaytest.OpCancel))
	assert.Equal(t, "status 503", bootpaytest.Faults.Status(503, "").String())
	assert.Equal(t, "delay 1s", bootpaytest.Faults.Delay(time.Second).String())
}

// TestTransportResendsIdempotentRequests pins a net/http behaviour that clients' tests must allow for
// (see the Fault documentation): on a reused connection, a GET dropped by the server is resent by
// http.Transport itself, so the caller sees success; a POST is not resent.
func TestTransportResendsIdempotentRequests(t *testing.T) {
	for _, f := range []bootpaytest.Fault{bootpaytest.Faults.CloseBeforeRead(), bootpaytest.Faults.CloseAfterApply()} {
		t.Run(f.String(), func(t *testing.T) {
			srv, a := newServer(t)
			rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
			require.Equal(t, http.StatusOK, a.get(rc.ReceiptID).Status) // leaves an idle keep-alive connection

			srv.Inject(bootpaytest.OpReceiptGet, f, 1)
			res, err := a.Send(http.MethodGet, "/receipt/"+rc.ReceiptID, nil)
			require.NoError(t, err, "resent by http.Transport")
			assert.Equal(t, http.StatusOK, res.Status)
			assert.Equal(t, 3, srv.Stats().Requests[bootpaytest.OpReceiptGet])

			require.Equal(t, http.StatusOK, a.get(rc.ReceiptID).Status)
			srv.Inject(bootpaytest.OpConfirm, f, 1)
			_, err = a.Send(http.MethodPost, "/confirm", map[string]any{"receipt_id": rc.ReceiptID})
			require.Error(t, err)
			assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpConfirm])
		})
	}
}
