package commerce

import (
	"cmp"
	"context"
	"iter"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// InvoicesService creates, looks up, lists and sends invoices (청구서,
// 링크페이). Use it through Client.Invoices.
type InvoicesService struct{ c *Client }

// invoiceEndpoints are the operations of InvoicesService. Creation and
// sending carry an Idempotency-Key, which Bootpay's SDKs send with them,
// and are Keyed.
var invoiceEndpoints = struct {
	create, get, list, notify transport.Endpoint
}{
	create: transport.Endpoint{Op: "invoices.create", Method: http.MethodPost, Route: "/invoices", Class: transport.Keyed, Header: RoleUser.header()},
	get:    transport.Endpoint{Op: "invoices.get", Method: http.MethodGet, Route: "/invoices/{invoice_id}", Class: transport.Safe, Header: RoleUser.header()},
	list:   transport.Endpoint{Op: "invoices.list", Method: http.MethodGet, Route: "/invoices", Class: transport.Safe, Header: RoleUser.header()},
	notify: transport.Endpoint{Op: "invoices.notify", Method: http.MethodPost, Route: "/invoices/{invoice_id}/notify", Class: transport.Keyed, Header: RoleUser.header()},
}

// Create creates an invoice (청구서 생성): POST /invoices. In a checkout
// with a server-side discount, create it with the final price and pass
// InvoiceID to the checkout as request_id.
//
// Every attempt carries the same Idempotency-Key (WithIdempotencyKey, or
// one generated for this call), so a retry after a reset, a timeout or a
// 5xx creates at most one invoice. When the outcome is still unknown the
// error is an *OutcomeUnknownError carrying that key: call Create again
// with WithIdempotencyKey(key), never with a new key.
//
// Commerce API docs: https://commerce.bootpay.ai/link-payment/overview
func (s *InvoicesService) Create(ctx context.Context, p InvoiceCreateParams, opts ...RequestOption) (*Invoice, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	out, _, err := transport.Send[Invoice](ctx, s.c.t, &transport.Call{
		Endpoint: &invoiceEndpoints.create, Body: p.body(), Reference: p.OrderID,
	}, opts...)
	return out, err
}

// Get looks an invoice up: GET /invoices/{invoice_id}. A missing invoice
// matches ErrNotFound.
//
// Commerce API docs: https://commerce.bootpay.ai/link-payment/overview
func (s *InvoicesService) Get(ctx context.Context, invoiceID string, opts ...RequestOption) (*Invoice, error) {
	out, _, err := transport.Send[Invoice](ctx, s.c.t, &transport.Call{
		Endpoint: &invoiceEndpoints.get, Args: []transport.Arg{{Field: "invoiceID", Value: invoiceID}}, Reference: invoiceID,
	}, opts...)
	return out, err
}

// List returns one page of invoices (청구서 목록): GET /invoices. Pages are
// 1-based, 24 invoices by default, at most MaxLimit.
//
// Commerce API docs: https://commerce.bootpay.ai/link-payment/list
func (s *InvoicesService) List(ctx context.Context, p InvoiceListParams, opts ...RequestOption) (*Page[Invoice], error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return s.page(ctx, &p, max(p.Page, 1), cmp.Or(p.Limit, defaultInvoiceLimit), opts)
}

// All iterates over every invoice matching p from p.Page on, fetching
// pages lazily until one is shorter than the page size. Breaking out of
// the loop stops fetching; an error is yielded once and ends it.
//
// Commerce API docs: https://commerce.bootpay.ai/link-payment/list
func (s *InvoicesService) All(ctx context.Context, p InvoiceListParams, opts ...RequestOption) iter.Seq2[*Invoice, error] {
	if err := p.validate(); err != nil {
		return transport.Fail[*Invoice](err)
	}
	limit := cmp.Or(p.Limit, defaultInvoiceLimit)
	return allPages(ctx, max(p.Page, 1), limit, func(n int) (*Page[Invoice], error) { return s.page(ctx, &p, n, limit, opts) })
}

func (s *InvoicesService) page(ctx context.Context, p *InvoiceListParams, n, limit int, opts []RequestOption) (*Page[Invoice], error) {
	return listPage[Invoice](ctx, s.c, &invoiceEndpoints.list, p.query(n, limit), opts)
}

// Notify sends an invoice to its buyer (청구서 발송): POST
// /invoices/{invoice_id}/notify with the channels, or none to leave them
// to Commerce. It is keyed: a retry carries the same Idempotency-Key, so
// the buyer is messaged at most once per call.
//
// Commerce API docs: https://commerce.bootpay.ai/link-payment/overview
func (s *InvoicesService) Notify(ctx context.Context, invoiceID string, sendTypes []SendType, opts ...RequestOption) error {
	_, _, err := transport.Send[transport.NoBody](ctx, s.c.t, &transport.Call{
		Endpoint: &invoiceEndpoints.notify, Args: []transport.Arg{{Field: "invoiceID", Value: invoiceID}},
		Body: notifyBody{SendTypes: ints(sendTypes)}, Reference: invoiceID,
	}, opts...)
	return err
}
