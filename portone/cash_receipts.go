package portone

import (
	"context"
	"iter"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// CashReceiptsService issues, looks up and cancels cash receipts (현금영수증).
// Use it through the Client field of the same name.
type CashReceiptsService struct{ c *Client }

// cashReceiptEndpoints are the operations of CashReceiptsService.
var cashReceiptEndpoints = struct {
	issue, list, getByPayment, cancel transport.Endpoint
}{
	issue:        transport.Endpoint{Op: "cashReceipts.issue", Method: http.MethodPost, Route: "/cash-receipts", Class: transport.Keyed},
	list:         transport.Endpoint{Op: "cashReceipts.list", Method: http.MethodGet, Route: "/cash-receipts", Class: transport.Safe},
	getByPayment: transport.Endpoint{Op: "cashReceipts.getByPayment", Method: http.MethodGet, Route: "/payments/{paymentId}/cash-receipt", Class: transport.Safe},
	cancel:       transport.Endpoint{Op: "cashReceipts.cancel", Method: http.MethodPost, Route: "/payments/{paymentId}/cash-receipt/cancel", Class: transport.Keyed},
}

// Issue issues a cash receipt manually (현금 영수증 수동 발급): POST
// /cash-receipts. The store id goes in the body. The write is keyed: every
// attempt carries the same Idempotency-Key, so a retry cannot issue twice.
// A 2xx without cashReceipt.issueNumber ends with ErrOutcomeUnknown
// (Reference: the payment id).
//
// Errors: CHANNEL_NOT_FOUND (404), PG_PROVIDER (502, with PGCode and
// PGMessage), FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST. A 409
// CASH_RECEIPT_ALREADY_ISSUED ends with ErrOutcomeUnknown even on the
// only attempt (Reference: the payment id, the *APIError inside): an
// earlier Issue of yours whose answer was lost may be what issued it.
// Look the receipt up (GetByPayment) before issuing another.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/cashReceipt
func (s *CashReceiptsService) Issue(ctx context.Context, p IssueCashReceiptParams, opts ...RequestOption) (*IssueCashReceiptResponse, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	return send[IssueCashReceiptResponse](ctx, s.c, &transport.Call{
		Endpoint: &cashReceiptEndpoints.issue, Body: p, Reference: p.PaymentID,
	}, opts)
}

// List returns one page of cash receipts (현금영수증 다건 조회): GET
// /cash-receipts with the params as JSON in the requestBody query
// parameter.
//
// Errors: FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST. When a store is sent
// (Filter.StoreID, else WithStoreID, else the client's default), a page
// holding an item of another store (하위 상점: another seller), or naming
// none, is a *DecodeError, never that store's item: look again. All ends
// with the same error, yielding none of that page.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/cashReceipt
func (s *CashReceiptsService) List(ctx context.Context, p CashReceiptListParams, opts ...RequestOption) (*CashReceiptList, error) {
	return listOf[CashReceiptList](ctx, s.c, &cashReceiptEndpoints.list, p, opts)
}

// All iterates over every cash receipt List would return page by page,
// from p.Page on (page 0 of 10 for a zero p.Page), fetching each page only
// when the loop needs it: breaking out stops fetching, and an error is
// yielded once, with a nil receipt, and ends the iteration.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/cashReceipt
func (s *CashReceiptsService) All(ctx context.Context, p CashReceiptListParams, opts ...RequestOption) iter.Seq2[*CashReceipt, error] {
	return allOf(ctx, s.c, &cashReceiptEndpoints.list, p, opts, func(l *CashReceiptList) ([]CashReceipt, PageInfo) { return l.Items, l.Page })
}

// GetByPayment looks up the cash receipt of a payment (현금 영수증 단건 조회):
// GET /payments/{paymentId}/cash-receipt. The store id (WithStoreID, else
// the client's default) goes in the query.
//
// Errors: CASH_RECEIPT_NOT_FOUND (404, ErrNotFound), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST. A 2xx reply whose paymentId is another
// payment's (or whose storeId is another store's, when a store was sent)
// is a *DecodeError naming both, never that receipt: a bad reply, not
// ErrNotFound, so look again.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/cashReceipt
func (s *CashReceiptsService) GetByPayment(ctx context.Context, paymentID string, opts ...RequestOption) (*CashReceipt, error) {
	call := idCall(&cashReceiptEndpoints.getByPayment, "paymentID", paymentID, nil)
	call.Query = s.c.storeQuery("", opts)
	return lookup(ctx, s.c, call, "cash receipt of payment", paymentID, func(r *CashReceipt) string { return r.PaymentID }, opts)
}

// Cancel cancels the cash receipt of a payment (현금 영수증 취소): POST
// /payments/{paymentId}/cash-receipt/cancel, with the store id
// (WithStoreID, else the client's default) in the query and no body. The
// write is keyed. A 2xx without cancelledAmount and cancelledAt ends with
// ErrOutcomeUnknown.
//
// Errors: CASH_RECEIPT_NOT_FOUND and CASH_RECEIPT_NOT_ISSUED (404,
// ErrNotFound), PG_PROVIDER (502), FORBIDDEN, UNAUTHORIZED,
// INVALID_REQUEST.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/cashReceipt
func (s *CashReceiptsService) Cancel(ctx context.Context, paymentID string, opts ...RequestOption) (*CancelCashReceiptResponse, error) {
	call := idCall(&cashReceiptEndpoints.cancel, "paymentID", paymentID, nil)
	call.Query = s.c.storeQuery("", opts)
	return send[CancelCashReceiptResponse](ctx, s.c, call, opts)
}
