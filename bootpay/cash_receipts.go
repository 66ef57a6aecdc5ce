package bootpay

import (
	"context"
	"net/http"
	"net/url"

	"github.com/paykit-kr/paykit/internal/transport"
)

// CashReceiptsService publishes and cancels cash receipts (현금영수증),
// for Bootpay payments and for payments made elsewhere (별건). Use it
// through Client.CashReceipts.
type CashReceiptsService struct{ c *Client }

// cashReceiptEndpoints are the operations of CashReceiptsService.
var cashReceiptEndpoints = struct {
	publish, cancel, publishStandalone, cancelStandalone transport.Endpoint
}{
	publish:           transport.Endpoint{Op: "cash_receipts.publish", Method: http.MethodPost, Route: "/request/receipt/cash/publish", Class: transport.Unsafe},
	cancel:            transport.Endpoint{Op: "cash_receipts.cancel", Method: http.MethodDelete, Route: "/request/receipt/cash/cancel/{receipt_id}", Class: transport.Keyed},
	publishStandalone: transport.Endpoint{Op: "cash_receipts.publish_standalone", Method: http.MethodPost, Route: "/request/cash/receipt", Class: transport.Unsafe},
	cancelStandalone:  transport.Endpoint{Op: "cash_receipts.cancel_standalone", Method: http.MethodDelete, Route: "/request/cash/receipt/{receipt_id}", Class: transport.Keyed},
}

// Publish issues a cash receipt for a Bootpay payment (계좌이체, 가상계좌):
// POST /request/receipt/cash/publish. It returns the payment's receipt.
//
// Retry class Unsafe: whether Bootpay refuses a second publish for the
// same payment is UNCONFIRMED, and a second one would report the income
// twice, so it is never sent twice once it may have reached Bootpay. An
// unknown outcome is an *OutcomeUnknownError whose Reference is the
// ReceiptID: look the receipt up (its cash_receipt_data) before anything
// else.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *CashReceiptsService) Publish(ctx context.Context, p CashReceiptParams, opts ...RequestOption) (*Receipt, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return receiptWrite(ctx, s.c, &transport.Call{
		Endpoint: &cashReceiptEndpoints.publish, Body: p.request(), Reference: p.ReceiptID,
	}, opts)
}

// Cancel cancels the cash receipt of a Bootpay payment: DELETE
// /request/receipt/cash/cancel/{receipt_id}.
//
// Retry class Keyed: the receipt id names the write and a second cancel
// changes nothing, so it is retried on network errors and 5xx; a refusal
// after an attempt that may have been applied is an *OutcomeUnknownError.
//
// Bootpay's reply is not read beyond this: an empty or JSON 2xx is the
// cancel, one carrying an error_code is Bootpay's refusal (an *APIError,
// or after an attempt that may have been applied an
// *OutcomeUnknownError), and any other 2xx body (an HTML page from a
// proxy or captive portal) an *OutcomeUnknownError, since nothing shows
// the request reached Bootpay.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *CashReceiptsService) Cancel(ctx context.Context, p CashReceiptCancelParams, opts ...RequestOption) error {
	return s.cancel(ctx, &cashReceiptEndpoints.cancel, p, opts)
}

// PublishStandalone issues a cash receipt for a payment made outside
// Bootpay (별건 발행): POST /request/cash/receipt.
//
// Retry class Unsafe, for the reason Publish gives; the Reference of an
// unknown outcome is the OrderID.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *CashReceiptsService) PublishStandalone(ctx context.Context, p StandaloneCashReceiptParams, opts ...RequestOption) (*StandaloneCashReceipt, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return send[StandaloneCashReceipt](ctx, s.c, &cashReceiptEndpoints.publishStandalone, p.request(), p.OrderID, opts)
}

// CancelStandalone cancels a standalone cash receipt: DELETE
// /request/cash/receipt/{receipt_id}. Retry class Keyed, and its reply
// read, as Cancel.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *CashReceiptsService) CancelStandalone(ctx context.Context, p CashReceiptCancelParams, opts ...RequestOption) error {
	return s.cancel(ctx, &cashReceiptEndpoints.cancelStandalone, p, opts)
}

func (s *CashReceiptsService) cancel(ctx context.Context, ep *transport.Endpoint, p CashReceiptCancelParams, opts []RequestOption) error {
	query := url.Values{}
	if p.Username != "" {
		query.Set("cancel_username", p.Username)
	}
	if p.Message != "" {
		query.Set("cancel_message", p.Message)
	}
	_, _, err := transport.Send[transport.NoBody](ctx, s.c.t, &transport.Call{
		Endpoint: ep, Args: []transport.Arg{{Field: "ReceiptID", Value: p.ReceiptID}}, Query: query,
		Body: cashReceiptCancelRequest(p), Reference: p.ReceiptID,
	}, opts...)
	return err
}
