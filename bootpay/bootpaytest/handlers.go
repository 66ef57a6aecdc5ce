package bootpaytest

import (
	"bytes"
	"encoding/json"
	"math/big"
	"net/http"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/internal/sandbox"
)

// handleReceiptGet serves GET /v2/receipt/{receipt_id}. The query parameter lookup_user_data is
// accepted and ignored: the fields it adds are UNCONFIRMED.
func (s *Server) handleReceiptGet(r *http.Request, _ []byte) sandbox.Response {
	return serveStored(s, r, s.receipts, "receipt_id", "", func(rc *receipt, _ time.Time) sandbox.Response {
		return sandbox.RawJSON(http.StatusOK, rc.render(s.cfg.decimalAmounts))
	})
}

// handleConfirm serves POST /v2/confirm: a receipt in status 2 (승인대기) becomes 1 (결제완료) with
// purchased_at set, and the updated receipt is returned. Any other status gets 400
// RC_NOT_CONFIRM_READY, so a retried confirm whose first attempt was applied is rejected; the
// client must look the receipt up to learn the outcome.
func (s *Server) handleConfirm(r *http.Request, body []byte) sandbox.Response {
	var req confirmRequest
	if resp, ok := s.readWrite(r, body, &req); !ok {
		return resp
	}
	return withStored(s, s.receipts, req.ReceiptID, "", func(rc *receipt, now time.Time) sandbox.Response {
		if rc.status != bootpay.StatusAwaitingConfirm {
			return errorResponse(CodeNotConfirmReady, "")
		}
		rc.status = bootpay.StatusPaid
		rc.purchasedAt = now
		s.stats.Count(func(st *Stats) { st.ConfirmsApplied++ })
		return sandbox.RawJSON(http.StatusOK, rc.render(s.cfg.decimalAmounts))
	})
}

// handleCancel serves POST /v2/cancel. The checks run in this order, and the first failing one
// answers:
//
//  1. credentials (401 TOKEN_KEY_INVALID);
//  2. the body (400 INVALID_REQUEST): valid JSON, a receipt_id, amounts that are whole non-negative
//     JSON numbers (1000 or 1000.0, not "1000"), cancel_price not 0, cancel_tax_free ≤ cancel_price;
//  3. the receipt exists (404 RC_NOT_FOUND);
//  4. cancel_id not already applied, to this receipt or any other: Bootpay documents it as the
//     merchant's unique cancel id (가맹점 취소 고유 ID), so the sandbox keeps it unique per server
//     (400 RC_CANCEL_ID_DUPLICATED);
//  5. the receipt was paid: status 1, or 20 after a partial cancel (400 RC_NOT_CANCELLABLE);
//  6. something is left to cancel (400 RC_ALREADY_CANCELLED);
//  7. cancel_price ≤ remaining price (400 RC_CANCEL_PRICE_EXCEEDED);
//  8. cancel_tax_free ≤ remaining tax-free amount (400 RC_CANCEL_TAX_FREE_EXCEEDED);
//  9. the taxable part (cancel_price − cancel_tax_free) ≤ remaining taxable amount
//     (400 RC_CANCEL_PRICE_EXCEEDED).
//
// An omitted cancel_price cancels the whole remaining amount. An omitted cancel_tax_free cancels the
// taxable part first: max(0, cancel_price − remaining taxable amount) of tax-free money, which is
// the whole remaining tax-free amount for a full cancel. On success the amounts are added to
// cancelled_price and cancelled_tax_free, the status becomes 20 (결제취소완료) — for a partial cancel
// too, as Bootpay does — cancelled_at is set, and the updated receipt is returned.
func (s *Server) handleCancel(r *http.Request, body []byte) sandbox.Response {
	var req cancelRequest
	if resp, ok := s.readWrite(r, body, &req); !ok {
		return resp
	}
	price, hasPrice, ok := parseAmount(req.CancelPrice)
	if !ok {
		return errorResponse(CodeInvalidRequest, "cancel_price는 0 이상의 정수 금액이어야 합니다.")
	}
	if hasPrice && price == 0 {
		return errorResponse(CodeInvalidRequest, "cancel_price는 0보다 커야 합니다. 전액 취소는 cancel_price를 생략하세요.")
	}
	taxFree, hasTaxFree, ok := parseAmount(req.CancelTaxFree)
	if !ok {
		return errorResponse(CodeInvalidRequest, "cancel_tax_free는 0 이상의 정수 금액이어야 합니다.")
	}
	if hasPrice && hasTaxFree && taxFree > price {
		return errorResponse(CodeInvalidRequest, "cancel_tax_free가 cancel_price보다 클 수 없습니다.")
	}

	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	rc := s.receipts[req.ReceiptID]
	switch {
	case rc == nil:
		return errorResponse(CodeReceiptNotFound, "")
	case req.CancelID != "" && s.cancelIDs[req.CancelID]:
		return errorResponse(CodeCancelIDDuplicated, "")
	case rc.status != bootpay.StatusPaid && rc.status != bootpay.StatusCancelled:
		return errorResponse(CodeNotCancellable, "")
	}
	remaining := rc.price - rc.cancelledPrice
	remainingTaxFree := rc.taxFree - rc.cancelledTaxFree
	remainingTaxable := remaining - remainingTaxFree
	if remaining <= 0 {
		return errorResponse(CodeAlreadyCancelled, "")
	}
	if !hasPrice {
		price = remaining
	}
	if price > remaining {
		return errorResponse(CodeCancelPriceExceeded, "")
	}
	if !hasTaxFree {
		taxFree = max(0, price-remainingTaxable)
	}
	switch {
	case taxFree > price:
		return errorResponse(CodeInvalidRequest, "cancel_tax_free가 취소 금액보다 클 수 없습니다.")
	case taxFree > remainingTaxFree:
		return errorResponse(CodeCancelTaxFreeExceeded, "")
	case price-taxFree > remainingTaxable:
		return errorResponse(CodeCancelPriceExceeded, "과세 취소 금액이 취소 가능한 과세 금액을 초과합니다.")
	}

	rc.cancelledPrice += price
	rc.cancelledTaxFree += taxFree
	rc.status = bootpay.StatusCancelled
	rc.cancelledAt = now
	c := Cancellation{
		CancelID: req.CancelID,
		Price:    price,
		TaxFree:  taxFree,
		Username: req.CancelUsername,
		Message:  req.CancelMessage,
		At:       now,
	}
	if req.Refund != nil {
		c.Refund = &Refund{req.Refund.BankAccount, req.Refund.BankUsername, req.Refund.BankCode}
	}
	rc.cancels = append(rc.cancels, c)
	if req.CancelID != "" {
		s.cancelIDs[req.CancelID] = true
	}
	s.stats.Count(func(st *Stats) { st.CancelsApplied++ })
	return sandbox.RawJSON(http.StatusOK, rc.render(s.cfg.decimalAmounts))
}

// A receiptWrite is the body of a write to one receipt: POST /v2/confirm or POST /v2/cancel.
type receiptWrite interface{ receipt() string }

func (c *confirmRequest) receipt() string { return c.ReceiptID }
func (c *cancelRequest) receipt() string  { return c.ReceiptID }

// readWrite checks a write's credentials (401 TOKEN_KEY_INVALID) and decodes its body into req,
// which must be a JSON object naming a receipt_id (400 INVALID_REQUEST). It returns ok == false
// and the response to send when one of them fails.
func (s *Server) readWrite(r *http.Request, body []byte, req receiptWrite) (resp sandbox.Response, ok bool) {
	if resp, ok := s.authorize(r); !ok {
		return resp, false
	}
	if err := sandbox.DecodeObject(body, req); err != nil {
		return errorResponse(CodeInvalidRequest, "요청 본문이 올바른 JSON이 아닙니다."), false
	}
	if req.receipt() == "" {
		return errorResponse(CodeInvalidRequest, "receipt_id가 필요합니다."), false
	}
	return sandbox.Response{}, true
}

// withFound answers a request about one stored object: under Server.mu, with the server's time
// read before the lock, find looks it up and h gets it; none found is 404 RC_NOT_FOUND with detail
// (the code's own message when empty).
func withFound[T any](s *Server, detail string, find func(now time.Time) *T, h func(v *T, now time.Time) sandbox.Response) sandbox.Response {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	v := find(now)
	if v == nil {
		return errorResponse(CodeReceiptNotFound, detail)
	}
	return h(v, now)
}

// withStored is withFound for the object m holds under id.
func withStored[T any](s *Server, m map[string]*T, id, detail string, h func(v *T, now time.Time) sandbox.Response) sandbox.Response {
	return withFound(s, detail, func(time.Time) *T { return m[id] }, h)
}

// serveStored is withStored for a request that names its object in the path wildcard, once its
// credentials pass (401 TOKEN_KEY_INVALID).
func serveStored[T any](s *Server, r *http.Request, m map[string]*T, wildcard, detail string, h func(v *T, now time.Time) sandbox.Response) sandbox.Response {
	if resp, ok := s.authorize(r); !ok {
		return resp
	}
	return withStored(s, m, r.PathValue(wildcard), detail, h)
}

// parseAmount reads an optional amount: absent or null gives present == false. A present amount must
// be a JSON number with an integral, non-negative value that fits int64 (1000, 1000.0, 1e3).
func parseAmount(raw json.RawMessage) (v int64, present, ok bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return 0, false, true
	}
	if len(raw) > 40 {
		return 0, true, false // no KRW amount is that long; avoids huge exponents
	}
	if c := raw[0]; c != '-' && (c < '0' || c > '9') {
		return 0, true, false // strings, booleans, objects…
	}
	r, valid := new(big.Rat).SetString(string(raw))
	if !valid || !r.IsInt() || r.Sign() < 0 || !r.Num().IsInt64() {
		return 0, true, false
	}
	return r.Num().Int64(), true, true
}

// parseAmounts reads the price and tax_free of a charge (see parseAmount): has reports whether a
// price was sent, ok whether both are valid amounts with tax_free at most price.
func parseAmounts(rawPrice, rawTaxFree json.RawMessage) (price, taxFree int64, has, ok bool) {
	price, has, okP := parseAmount(rawPrice)
	taxFree, _, okT := parseAmount(rawTaxFree)
	return price, taxFree, has, okP && okT && taxFree <= price
}
