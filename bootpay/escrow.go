package bootpay

import (
	"context"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// EscrowService reports the shipping of escrow payments (에스크로). Use it
// through Client.Escrow.
type EscrowService struct{ c *Client }

// escrowEndpoints are the operations of EscrowService.
var escrowEndpoints = struct {
	startShipping transport.Endpoint
}{
	startShipping: transport.Endpoint{Op: "escrow.start_shipping", Method: http.MethodPut, Route: "/escrow/shipping/start/{receipt_id}", Class: transport.Keyed},
}

// StartShipping registers the shipment of an escrow payment (배송 시작):
// PUT /escrow/shipping/start/{receipt_id} (a PUT: the official Go SDK
// sent a GET until 2.0.4). It returns the payment's receipt.
//
// Retry class Keyed: a PUT of the same shipment twice changes nothing,
// so it is retried on network errors and 5xx; a refusal after an attempt
// that may have been applied is an *OutcomeUnknownError (look the
// receipt's escrow_data up).
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *EscrowService) StartShipping(ctx context.Context, p ShippingParams, opts ...RequestOption) (*Receipt, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	r, _, err := receiptWrite(ctx, s.c, &transport.Call{
		Endpoint: &escrowEndpoints.startShipping, Args: []transport.Arg{{Field: "ReceiptID", Value: p.ReceiptID}},
		Body: p.request(), Reference: p.ReceiptID,
	}, opts)
	return r, err
}
