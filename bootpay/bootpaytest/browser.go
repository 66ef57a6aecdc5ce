package bootpaytest

import (
	_ "embed"
	"net/http"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/internal/sandbox"
)

// BrowserSDKPath is where [Server.BrowserSDK] expects to be mounted on the
// merchant's own origin; the script is BrowserSDKPath + "bootpay.js".
const BrowserSDKPath = "/sdk/bootpay/"

//go:embed browser.js
var browserJS []byte

// BrowserSDK returns a TEST DOUBLE of Bootpay's browser SDK (window.Bootpay,
// https://developers.bootpay.co.kr/pg/client/request), so that a merchant's page runs
// its whole checkout in a browser with no network and no money: mount it at
// [BrowserSDKPath] on the page's origin (the stand-in calls back to the path
// it was loaded from, so it needs no CORS). It serves
//
//	GET  /sdk/bootpay/bootpay.js   the stand-in: Bootpay.requestPayment, Bootpay.confirm, Bootpay.destroy
//	POST /sdk/bootpay/request      {"price","order_id","order_name","separately_confirmed",…} → BrowserPayment
//	POST /sdk/bootpay/confirm      {"receipt_id"} → BrowserPayment (event "done")
//
// Bootpay.requestPayment shows a small sheet with the amount. Its "결제하기"
// button creates the receipt in this sandbox exactly as a real checkout
// would leave it — status 2 (승인대기, awaiting the server's confirm) when
// extra.separately_confirmed is set, resolving with event "confirm"; status
// 1 (결제완료) otherwise, resolving with event "done" — and its "취소" button
// rejects with {event: "cancel"} and creates nothing. Bootpay.confirm() is
// the client confirm of the exception flow: it moves that receipt from 2 to
// 1 as Bootpay's own window would (it is not counted in
// [Stats].ConfirmsApplied, which counts the REST confirm only).
//
// Nothing here authenticates: anyone who reaches the handler can create
// receipts. Mount it only in sandbox mode; with real keys, a page loads
// Bootpay's real SDK instead.
func (s *Server) BrowserSDK() http.Handler {
	return sandbox.BrowserSDK(BrowserSDKPath, "bootpay.js", browserJS, map[string]http.Handler{
		"request": sandbox.BrowserCall(s.browserRequest),
		"confirm": sandbox.BrowserCall(s.browserConfirm),
	})
}

// BrowserPayment is what the stand-in's endpoints answer and what its
// promises resolve with (the same fields again under "data", as Bootpay's
// SDK nests them).
type BrowserPayment struct {
	Event     string         `json:"event"` // "confirm" (awaiting the confirm) or "done"
	ReceiptID string         `json:"receipt_id"`
	OrderID   string         `json:"order_id"`
	OrderName string         `json:"order_name"`
	Price     int64          `json:"price"`
	Status    bootpay.Status `json:"status"`
}

type browserRequest struct {
	Price               int64          `json:"price"`
	OrderID             string         `json:"order_id"`
	OrderName           string         `json:"order_name"`
	Method              string         `json:"method"`
	Metadata            map[string]any `json:"metadata"`
	SeparatelyConfirmed bool           `json:"separately_confirmed"`
}

func (s *Server) browserRequest(req browserRequest, err error) sandbox.Response {
	if err != nil {
		return errorResponse(CodeInvalidRequest, "요청 형식이 올바르지 않습니다.")
	}
	// CreateReceipt panics on these, as a test setup should; a browser gets an answer.
	if req.Price <= 0 || req.OrderID == "" {
		return errorResponse(CodeInvalidRequest, "price와 order_id가 필요합니다.")
	}
	spec := ReceiptSpec{OrderID: req.OrderID, OrderName: req.OrderName, Price: req.Price, Method: req.Method, Metadata: req.Metadata}
	event := "confirm"
	if !req.SeparatelyConfirmed {
		spec.Status, event = Ptr(bootpay.StatusPaid), "done"
	}
	if spec.Method != "" && methodNames[spec.Method] == "" {
		spec.Method = "card"
	}
	rc := s.CreateReceipt(spec)
	return sandbox.JSON(http.StatusOK, BrowserPayment{Event: event, ReceiptID: rc.ReceiptID, OrderID: rc.OrderID, OrderName: rc.OrderName, Price: rc.Price, Status: rc.Status})
}

type browserConfirm struct {
	ReceiptID string `json:"receipt_id"`
}

func (s *Server) browserConfirm(req browserConfirm, err error) sandbox.Response {
	if err != nil || req.ReceiptID == "" {
		return errorResponse(CodeInvalidRequest, "receipt_id가 필요합니다.")
	}
	now := s.now()
	s.mu.Lock()
	rc := s.receipts[req.ReceiptID]
	if rc == nil || rc.status != bootpay.StatusAwaitingConfirm {
		s.mu.Unlock()
		code := CodeNotConfirmReady
		if rc == nil {
			code = CodeReceiptNotFound
		}
		return errorResponse(code, "")
	}
	rc.status, rc.purchasedAt = bootpay.StatusPaid, now
	v := BrowserPayment{Event: "done", ReceiptID: rc.id, OrderID: rc.orderID, OrderName: rc.orderName, Price: rc.price, Status: rc.status}
	s.mu.Unlock()
	return sandbox.JSON(http.StatusOK, v)
}
