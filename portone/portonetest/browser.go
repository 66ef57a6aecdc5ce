package portonetest

import (
	_ "embed"
	"errors"
	"fmt"
	"net/http"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/portone"
)

// BrowserSDKPath is where [Server.BrowserSDK] expects to be mounted on the
// merchant's own origin; the script is BrowserSDKPath + "browser-sdk.js".
const BrowserSDKPath = "/sdk/portone/"

//go:embed browser.js
var browserJS []byte

// BrowserSDK returns a TEST DOUBLE of PortOne's browser SDK (window.PortOne,
// https://developers.portone.io/sdk/ko/v2-sdk/payment-request), so that a
// merchant's page runs its whole checkout in a browser with no network and
// no money: mount it at [BrowserSDKPath] on the page's origin (the stand-in
// calls back to the path it was loaded from, so it needs no CORS). It serves
//
//	GET  /sdk/portone/browser-sdk.js   the stand-in: PortOne.requestPayment
//	POST /sdk/portone/request          {"storeId","paymentId","orderName","totalAmount","currency","payMethod"}
//	                                   → {"paymentId","txId","transactionType":"PAYMENT"} or {"paymentId","code","message"}
//
// PortOne.requestPayment shows a small sheet with the amount. Its "결제하기"
// button creates the payment in this sandbox as PortOne's payment window
// would leave it: PAID for payMethod CARD, VIRTUAL_ACCOUNT_ISSUED for
// VIRTUAL_ACCOUNT (then [Server.Deposit] pays it). Its "취소" button
// resolves with code FAILURE_TYPE_PG and creates nothing: like PortOne's
// SDK, the stand-in resolves with code and message on a failure rather
// than rejecting. (Which code PortOne gives a buyer's cancel is the
// stand-in's choice.) A paymentId already used, another store, a currency
// other than KRW or an amount that is not a positive integer resolve with a
// code too, and change nothing. So does a paymentId a SCHEDULED payment
// schedule holds (its message names PAYMENT_SCHEDULE_ALREADY_EXISTS, the
// REST API's answer to a payment under such an id): the schedules due by
// the server's clock run first, as at any request, so one whose timeToPay
// has passed has charged its id, which is then in use.
//
// Nothing here authenticates: anyone who reaches the handler can create
// payments. Mount it only in sandbox mode; with real keys, a page loads
// PortOne's real SDK instead.
func (s *Server) BrowserSDK() http.Handler {
	return sandbox.BrowserSDK(BrowserSDKPath, "browser-sdk.js", browserJS, map[string]http.Handler{
		"request": sandbox.BrowserCall(s.browserRequest),
	})
}

// BrowserResult is what PortOne.requestPayment resolves with: PaymentID
// always; TxID and TransactionType on success; Code and Message on a failure.
type BrowserResult struct {
	PaymentID       string `json:"paymentId"`
	TxID            string `json:"txId,omitempty"`
	TransactionType string `json:"transactionType,omitempty"`
	Code            string `json:"code,omitempty"`
	Message         string `json:"message,omitempty"`
}

type browserRequest struct {
	StoreID     string `json:"storeId"`
	PaymentID   string `json:"paymentId"`
	OrderName   string `json:"orderName"`
	TotalAmount int64  `json:"totalAmount"`
	Currency    string `json:"currency"`
	PayMethod   string `json:"payMethod"`
}

// spec checks the request and returns the payment it creates.
func (r browserRequest) spec(storeID string) (PaymentSpec, error) {
	status := map[string]portone.PaymentStatus{
		"CARD": portone.PaymentStatusPaid, "VIRTUAL_ACCOUNT": portone.PaymentStatusVirtualAccountIssued,
	}[r.PayMethod]
	switch {
	case r.PaymentID == "" || r.TotalAmount <= 0:
		return PaymentSpec{}, fmt.Errorf("paymentId와 totalAmount가 필요합니다")
	case r.StoreID != "" && r.StoreID != storeID:
		return PaymentSpec{}, fmt.Errorf("상점 아이디가 올바르지 않습니다")
	case r.Currency != "CURRENCY_KRW" && r.Currency != "KRW":
		return PaymentSpec{}, fmt.Errorf("지원하지 않는 통화입니다 (the stand-in takes KRW only)")
	case status == "":
		return PaymentSpec{}, fmt.Errorf("지원하지 않는 결제수단입니다 (the stand-in takes CARD and VIRTUAL_ACCOUNT)")
	}
	return PaymentSpec{ID: r.PaymentID, OrderName: r.OrderName, Total: r.TotalAmount, Status: status}, nil
}

func (s *Server) browserRequest(req browserRequest, err error) sandbox.Response {
	if err != nil {
		return sandbox.JSON(http.StatusBadRequest, BrowserResult{Code: "FAILURE_TYPE_INVALID_PARAMETER", Message: "요청 형식이 올바르지 않습니다"})
	}
	spec, err := req.spec(s.cfg.storeID)
	if err != nil {
		return sandbox.JSON(http.StatusBadRequest, BrowserResult{PaymentID: req.PaymentID, Code: "FAILURE_TYPE_INVALID_PARAMETER", Message: err.Error()})
	}
	// createPayment refuses, under the server's lock once the due schedules
	// ran, an id already in use (even when two requests race for it) and
	// one a SCHEDULED payment schedule holds: a due schedule charged its id
	// at its timeToPay, and PortOne refuses a payment under the id of a
	// pending one (409 PAYMENT_SCHEDULE_ALREADY_EXISTS, as for POST
	// /payments/{paymentId}/instant; which code its browser SDK resolves
	// with is UNCONFIRMED), so the schedule is never failed by it.
	p, err := s.createPayment(spec, true)
	switch {
	case errors.Is(err, errPaymentIDScheduled):
		return sandbox.JSON(http.StatusConflict, BrowserResult{PaymentID: req.PaymentID, Code: "FAILURE_TYPE_PG",
			Message: "결제 예약건이 이미 존재합니다 (PAYMENT_SCHEDULE_ALREADY_EXISTS)"})
	case err != nil:
		return sandbox.JSON(http.StatusConflict, BrowserResult{PaymentID: req.PaymentID, Code: "FAILURE_TYPE_PG", Message: "이미 사용된 paymentId입니다"})
	}
	return sandbox.JSON(http.StatusOK, BrowserResult{PaymentID: p.ID, TxID: p.TransactionID, TransactionType: "PAYMENT"})
}
