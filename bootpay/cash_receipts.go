package bootpay

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

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
	r, _, err := receiptWrite(ctx, s.c, &transport.Call{
		Endpoint: &cashReceiptEndpoints.publish, Body: p.request(), Reference: p.ReceiptID,
	}, opts)
	return r, err
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
// Bootpay (별건 발행): POST /request/cash/receipt. A 2xx reply that names
// another order_id or another price than p's is not this cash receipt:
// an *OutcomeUnknownError, so that its receipt_id is never stored as
// this order's (and never cancelled as this order's by CancelStandalone).
// A reply that names neither (or a price of 0) is taken as this one.
//
// Retry class Unsafe, for the reason Publish gives: a second publish
// would report the income twice. The Reference of an unknown outcome is
// the OrderID. Bootpay documents no lookup that settles it: the cash
// receipt's receipt_id came only in the lost reply, and whether GET
// /lookup/order/{order_id} (Payments.ListByOrderID) lists a standalone
// cash receipt is UNCONFIRMED. So never publish again on your own: mark
// the order's cash receipt as unknown and settle it by hand in Bootpay's
// console (관리자), where a cash receipt issued for the order id is
// found; publish again only once none is there, and cancel a wrong one
// there or with CancelStandalone and the receipt_id the console shows.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *CashReceiptsService) PublishStandalone(ctx context.Context, p StandaloneCashReceiptParams, opts ...RequestOption) (*StandaloneCashReceipt, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	op := cashReceiptEndpoints.publishStandalone.Op
	out, res, err := transport.Send[StandaloneCashReceipt](ctx, s.c.t, &transport.Call{
		Endpoint: &cashReceiptEndpoints.publishStandalone, Body: p.request(), Reference: p.OrderID,
	}, opts...)
	switch {
	case err != nil:
		return nil, err
	case out.OrderID != "" && out.OrderID != p.OrderID:
		return nil, otherObjectReply(op, p.OrderID, "order", out.OrderID, res)
	case out.Price.Int64() != 0 && out.Price.Int64() != p.Price:
		return nil, unknownReply(op, p.OrderID, res, otherReply(op, res.StatusCode, "price",
			strconv.FormatInt(out.Price.Int64(), 10), strconv.FormatInt(p.Price, 10)))
	}
	return out, nil
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
