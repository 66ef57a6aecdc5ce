package bootpaytest

import (
	"cmp"
	"net/http"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/transport"
)

// standaloneCash is a cash receipt issued on its own; guarded by Server.mu.
type standaloneCash struct {
	receiptID, orderID, orderName, pg, kind string
	price, taxFree                          int64
	purchasedAt, cancelledAt                time.Time
}

func validCashType(t string) bool { return t == "소득공제" || t == "지출증빙" }

// handleCashPublish serves POST /v2/request/receipt/cash/publish: a paid bank or virtual-account
// receipt gets its cash receipt (cash_receipt_data); a card payment or an unpaid one is 400
// RC_CASH_RECEIPT_FAILED, a second publish 400 RC_CASH_RECEIPT_ALREADY_PUBLISHED.
func (s *Server) handleCashPublish(r *http.Request, body []byte) sandbox.Response {
	var req cashReceiptRequest
	if resp, ok := s.readBody(r, OpCashPublish, body, &req); !ok {
		return resp
	}
	if req.ReceiptID == "" || !validCashType(req.CashReceiptType) || !transport.Digits(req.IdentityNo, 9, 13) {
		return errorResponse(CodeInvalidRequest, "receipt_id, cash_receipt_type(소득공제|지출증빙), identity_no가 필요합니다.")
	}
	return withStored(s, s.receipts, req.ReceiptID, "", func(rc *receipt, _ time.Time) sandbox.Response {
		switch {
		case rc.status != bootpay.StatusPaid || (rc.method != "bank" && rc.method != "vbank"):
			return errorResponse(CodeCashReceiptFailed, "")
		case rc.cashReceipt:
			return errorResponse(CodeCashReceiptAlreadyPublished, "")
		}
		rc.cashReceipt = true
		s.stats.Count(func(st *Stats) { st.CashReceiptsPublished++ })
		return sandbox.RawJSON(http.StatusOK, rc.render(s.cfg.decimalAmounts))
	})
}

// handleCashCancel serves DELETE /v2/request/receipt/cash/cancel/{receipt_id}: the payment's cash
// receipt is cancelled; cancelling one already cancelled answers 200 again without a change; a
// payment that never had one is 400 RC_CASH_RECEIPT_FAILED.
func (s *Server) handleCashCancel(r *http.Request, _ []byte) sandbox.Response {
	return serveStored(s, r, s.receipts, "receipt_id", "", func(rc *receipt, _ time.Time) sandbox.Response {
		switch {
		case rc.cashReceipt:
			rc.cashReceipt, rc.cashCancelled = false, true
			s.stats.Count(func(st *Stats) { st.CashReceiptsCancelled++ })
		case !rc.cashCancelled:
			return errorResponse(CodeCashReceiptFailed, "현금영수증이 발행되지 않은 결제입니다.")
		}
		return sandbox.JSON(http.StatusOK, confirmRequest{rc.id})
	})
}

// handleCashStandalone serves POST /v2/request/cash/receipt: a cash receipt for a payment made
// elsewhere. Its order_id must be new (400 RC_ORDER_ID_DUPLICATED).
func (s *Server) handleCashStandalone(r *http.Request, body []byte) sandbox.Response {
	var req standaloneCashRequest
	if resp, ok := s.readBody(r, OpCashStandalone, body, &req); !ok {
		return resp
	}
	price, taxFree, has, okAmounts := parseAmounts(req.Price, req.TaxFree)
	switch {
	case req.OrderID == "" || req.OrderName == "" || !has || !okAmounts || price == 0:
		return errorResponse(CodeInvalidRequest, "order_id, order_name, price가 필요합니다.")
	case !validCashType(req.CashReceiptType) || !transport.Digits(req.IdentityNo, 9, 13):
		return errorResponse(CodeInvalidRequest, "cash_receipt_type, identity_no가 올바르지 않습니다.")
	}
	purchased := s.now()
	if req.PurchasedAt != "" {
		t, err := time.Parse(time.RFC3339, req.PurchasedAt)
		if err != nil {
			return errorResponse(CodeInvalidRequest, "purchased_at이 ISO 8601 형식이 아닙니다.")
		}
		purchased = t
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.orderIDs[req.OrderID] {
		return errorResponse(CodeOrderIDDuplicated, "")
	}
	c := &standaloneCash{receiptID: s.newReceiptIDLocked(), orderID: req.OrderID, orderName: req.OrderName,
		pg: cmp.Or(req.PG, "nicepay"), kind: req.CashReceiptType, price: price, taxFree: taxFree, purchasedAt: purchased}
	s.standaloneCash[c.receiptID] = c
	s.orderIDs[c.orderID] = true
	s.stats.Count(func(st *Stats) { st.CashReceiptsPublished++ })
	return sandbox.JSON(http.StatusOK, c.json(s.cfg.decimalAmounts))
}

// handleCashStandaloneCancel serves DELETE /v2/request/cash/receipt/{receipt_id}; a second cancel
// answers 200 without a change.
func (s *Server) handleCashStandaloneCancel(r *http.Request, _ []byte) sandbox.Response {
	return serveStored(s, r, s.standaloneCash, "receipt_id", "", func(c *standaloneCash, now time.Time) sandbox.Response {
		if c.cancelledAt.IsZero() {
			c.cancelledAt = now
			s.stats.Count(func(st *Stats) { st.CashReceiptsCancelled++ })
		}
		return sandbox.JSON(http.StatusOK, c.json(s.cfg.decimalAmounts))
	})
}

func (c *standaloneCash) json(decimal bool) standaloneCashJSON {
	status := bootpay.StatusPaid
	if !c.cancelledAt.IsZero() {
		status = bootpay.StatusCancelled
	}
	kind := 1
	if c.kind == "지출증빙" {
		kind = 2
	}
	return standaloneCashJSON{
		ReceiptID: c.receiptID, OrderID: c.orderID, OrderName: c.orderName,
		Price: money{c.price, decimal}, TaxFree: money{c.taxFree, decimal}, PG: c.pg,
		ReceiptURL: "https://sandbox.invalid/cash/" + c.receiptID, Status: int(status), StatusLocale: statusLocales[status],
		PurchasedAt: kstTime(c.purchasedAt), CancelledAt: kstTime(c.cancelledAt),
		CashReceiptData: &cashReceiptJSON{TID: "cr" + c.receiptID[:10], CashReceiptType: kind, CashReceiptNo: "123456789",
			ReceiptURL: "https://sandbox.invalid/cash/" + c.receiptID},
	}
}
