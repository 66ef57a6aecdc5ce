package portone

import (
	"context"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// CashReceiptsService issues, looks up and cancels cash receipts (현금영수증).
// Use it through the Client field of the same name.
type CashReceiptsService struct{ c *Client }

// Issue issues a cash receipt manually (현금 영수증 수동 발급): POST
// /cash-receipts. The store id goes in the body. The write is keyed: every
// attempt carries the same Idempotency-Key, so a retry cannot issue twice.
//
// Errors: CHANNEL_NOT_FOUND (404), CASH_RECEIPT_ALREADY_ISSUED (409,
// ErrConflict), PG_PROVIDER (502, with PGCode and PGMessage), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST.
func (s *CashReceiptsService) Issue(ctx context.Context, p IssueCashReceiptParams, opts ...RequestOption) (*IssueCashReceiptResponse, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out := new(IssueCashReceiptResponse)
	err := s.c.do(ctx, &transport.Call{
		Op: "cashReceipts.issue", Method: http.MethodPost, Path: "/cash-receipts", Route: "/cash-receipts",
		Body: p, Class: transport.Keyed, Reference: p.PaymentID,
	}, out, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CashReceiptListParams selects cash receipts to list (GetCashReceiptsBody).
// It is sent as JSON in the requestBody query parameter.
type CashReceiptListParams struct {
	// Page is the page to return; zero means page 0 of 10 (요청할 페이지
	// 정보).
	Page PageInput `json:"page,omitzero"`
	// Sort orders the receipts; zero means ISSUED_AT, DESC (정렬 조건).
	Sort CashReceiptSortInput `json:"sort,omitzero"`
	// Filter selects the receipts (조회할 현금영수증 조건 필터). Its StoreID,
	// else WithStoreID, else the client's default store is sent as
	// filter.storeId.
	Filter CashReceiptFilterInput `json:"filter,omitzero"`
}

// CashReceiptList is one page of cash receipts (현금영수증 다건 조회 성공 응답
// 정보).
type CashReceiptList struct {
	// Items are the receipts of this page (조회된 현금영수증 리스트).
	Items []CashReceipt `json:"items"`
	// Page describes the page (조회된 페이지 정보).
	Page PageInfo `json:"page"`
}

// List returns one page of cash receipts (현금영수증 다건 조회): GET
// /cash-receipts with the params as JSON in the requestBody query
// parameter.
//
// Errors: FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST.
func (s *CashReceiptsService) List(ctx context.Context, p CashReceiptListParams, opts ...RequestOption) (*CashReceiptList, error) {
	if err := firstError(checkPage(p.Page), checkRange("Filter", p.Filter.From, p.Filter.Until)); err != nil {
		return nil, err
	}
	p.Filter.StoreID = s.c.store(p.Filter.StoreID, opts)
	out := new(CashReceiptList)
	if err := s.c.getWithRequestBody(ctx, "cashReceipts.list", "/cash-receipts", p, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// GetByPayment looks up the cash receipt of a payment (현금 영수증 단건 조회):
// GET /payments/{paymentId}/cash-receipt. The store id (WithStoreID, else
// the client's default) goes in the query.
//
// Errors: CASH_RECEIPT_NOT_FOUND (404, ErrNotFound), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST.
func (s *CashReceiptsService) GetByPayment(ctx context.Context, paymentID string, opts ...RequestOption) (*CashReceipt, error) {
	id, err := pathID("paymentID", paymentID)
	if err != nil {
		return nil, err
	}
	out := new(CashReceipt)
	err = s.c.do(ctx, &transport.Call{
		Op: "cashReceipts.getByPayment", Method: http.MethodGet,
		Path: "/payments/" + id + "/cash-receipt", Route: "/payments/{paymentId}/cash-receipt",
		Query: s.c.storeQuery("", opts), Class: transport.Safe,
	}, out, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Cancel cancels the cash receipt of a payment (현금 영수증 취소): POST
// /payments/{paymentId}/cash-receipt/cancel, with the store id
// (WithStoreID, else the client's default) in the query and no body. The
// write is keyed.
//
// Errors: CASH_RECEIPT_NOT_FOUND and CASH_RECEIPT_NOT_ISSUED (404,
// ErrNotFound), PG_PROVIDER (502), FORBIDDEN, UNAUTHORIZED,
// INVALID_REQUEST.
func (s *CashReceiptsService) Cancel(ctx context.Context, paymentID string, opts ...RequestOption) (*CancelCashReceiptResponse, error) {
	id, err := pathID("paymentID", paymentID)
	if err != nil {
		return nil, err
	}
	out := new(CancelCashReceiptResponse)
	err = s.c.do(ctx, &transport.Call{
		Op: "cashReceipts.cancel", Method: http.MethodPost,
		Path: "/payments/" + id + "/cash-receipt/cancel", Route: "/payments/{paymentId}/cash-receipt/cancel",
		Query: s.c.storeQuery("", opts), Class: transport.Keyed, Reference: paymentID,
	}, out, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}
