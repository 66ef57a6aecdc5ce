package bootpay

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// PaymentsService looks payments up by your order id, lists the payment
// methods enabled for your store, and creates payment links. Use it
// through Client.Payments.
type PaymentsService struct{ c *Client }

// paymentEndpoints are the operations of PaymentsService.
var paymentEndpoints = struct {
	byOrder, methods, link transport.Endpoint
}{
	byOrder: transport.Endpoint{Op: "payments.list_by_order", Method: http.MethodGet, Route: "/lookup/order/{order_id}", Class: transport.Safe},
	methods: transport.Endpoint{Op: "payments.methods", Method: http.MethodGet, Route: "/seller/payment/method", Class: transport.Safe},
	link:    transport.Endpoint{Op: "payments.link", Method: http.MethodPost, Route: "/request/payment", Class: transport.Unsafe},
}

// ListByOrderID returns the receipts of an order id (주문번호로 조회):
// GET /lookup/order/{order_id}. Bootpay answers with an array; a single
// receipt object is accepted too. Receipts of other order ids in the
// reply are refused with a *DecodeError, never returned as this order's.
// No receipt is an empty list or ErrNotFound, as Bootpay answers.
// Retry class Safe.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/receipt
func (s *PaymentsService) ListByOrderID(ctx context.Context, orderID string, opts ...RequestOption) ([]*Receipt, error) {
	out, _, err := transport.Send[receiptList](ctx, s.c.t, &transport.Call{
		Endpoint: &paymentEndpoints.byOrder, Args: []transport.Arg{{Field: "orderID", Value: orderID}},
	}, opts...)
	if err != nil {
		return nil, err
	}
	for _, r := range *out {
		if r.OrderID != orderID {
			return nil, &DecodeError{Gateway: "bootpay", Op: paymentEndpoints.byOrder.Op, Status: http.StatusOK,
				Err: fmt.Errorf("the reply holds a receipt of order %q, not %q", r.OrderID, orderID)}
		}
	}
	return *out, nil
}

// receiptList decodes an array of receipts, or one receipt.
type receiptList []*Receipt

func (l *receiptList) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '{' {
		r := new(Receipt)
		if err := r.UnmarshalJSON(data); err != nil {
			return err
		}
		*l = receiptList{r}
		return nil
	}
	var list []*Receipt
	if err := json.Unmarshal(data, &list); err != nil {
		return err
	}
	for i, r := range list {
		if r == nil {
			return fmt.Errorf("bootpay: receipt %d of the list is null", i)
		}
	}
	*l = list
	return nil
}

// Methods lists the payment methods enabled for your store (사용 가능한
// 결제수단): GET /seller/payment/method. Bootpay documents neither the
// shape nor the fields of its elements (UNCONFIRMED): PaymentMethod names
// the likely ones and keeps every element's raw JSON. Retry class Safe.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *PaymentsService) Methods(ctx context.Context, opts ...RequestOption) ([]PaymentMethod, error) {
	out, _, err := transport.Send[[]PaymentMethod](ctx, s.c.t, &transport.Call{Endpoint: &paymentEndpoints.methods}, opts...)
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// Link creates a payment link (REST 결제요청): POST /request/payment.
// Bootpay answers with the URL the buyer pays at.
//
// Retry class Unsafe: a second request would create a second link for the
// same order, so it is never sent twice once it may have reached Bootpay;
// after an unknown outcome (Reference: OrderID) look the order up with
// ListByOrderID once the buyer paid, or create a link for a new order.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *PaymentsService) Link(ctx context.Context, p LinkParams, opts ...RequestOption) (*PaymentLink, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return send[PaymentLink](ctx, s.c, &paymentEndpoints.link, p.request(), p.OrderID, opts)
}
