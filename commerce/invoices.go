package commerce

import (
	"context"
	"iter"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// InvoicesService creates, looks up, lists and sends invoices (청구서,
// 링크페이). Use it through Client.Invoices.
type InvoicesService struct{ c *Client }

// invoiceEndpoints are the operations of InvoicesService. Creation and
// sending are Unsafe: Bootpay's SDKs send them an Idempotency-Key, but
// whether Commerce deduplicates by it is UNCONFIRMED, and a repeat would
// create a second invoice the buyer may pay, or message the buyer twice.
// They carry no key, because net/http itself resends a request carrying
// one when its reused connection dies.
var invoiceEndpoints = struct {
	create, get, list, notify transport.Endpoint
}{
	create: transport.Endpoint{Op: "invoices.create", Method: http.MethodPost, Route: "/invoices", Class: transport.Unsafe, Header: RoleUser.header()},
	get:    transport.Endpoint{Op: "invoices.get", Method: http.MethodGet, Route: "/invoices/{invoice_id}", Class: transport.Safe, Header: RoleUser.header()},
	list:   transport.Endpoint{Op: "invoices.list", Method: http.MethodGet, Route: "/invoices", Class: transport.Safe, Header: RoleUser.header()},
	notify: transport.Endpoint{Op: "invoices.notify", Method: http.MethodPost, Route: "/invoices/{invoice_id}/notify", Class: transport.Unsafe, Header: RoleUser.header()},
}

// Create creates an invoice (청구서 생성): POST /invoices. In a checkout
// with a server-side discount, create it with the final price and pass
// InvoiceID to the checkout as request_id.
//
// Create is Unsafe: it is never sent again once it may have reached
// Commerce (whether Commerce deduplicates by Idempotency-Key is
// UNCONFIRMED, so none is sent). A reset, a timeout, a 5xx or a cut body
// after the request was written ends as an *OutcomeUnknownError carrying
// p.OrderID: before creating again, look for an invoice with that
// OrderID (All); a new Create call is a new invoice.
//
// An answer naming another price, another tax-free part or another
// order_id than p (each compared only when both name one) is not this
// invoice: a replayed or misrouted answer whose invoice_id, passed to the
// checkout as request_id, would have the buyer pay another amount for
// another order. It ends as that *OutcomeUnknownError carrying p.OrderID
// (errors.As reaches the *DecodeError naming the field), never as the
// invoice created: look for the invoice as above.
//
// Commerce API docs: https://commerce.bootpay.ai/link-payment/overview
func (s *InvoicesService) Create(ctx context.Context, p InvoiceCreateParams, opts ...RequestOption) (*Invoice, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return created(ctx, s.c, &invoiceEndpoints.create, p.body(), p.OrderID, func(inv *Invoice) []answerField {
		return []answerField{
			{"invoice price", numberText(inv.Price.Int64()), numberText(p.Price)},
			{"invoice tax_free_price", numberText(inv.TaxFreePrice.Int64()), numberText(p.TaxFreePrice)},
			{"invoice order_id", inv.OrderID, p.OrderID},
		}
	}, opts)
}

// Get looks an invoice up: GET /invoices/{invoice_id}. A missing invoice
// matches ErrNotFound; a 2xx reply naming another invoice_id is a
// *DecodeError, never that invoice: a bad reply, so look again.
//
// Commerce API docs: https://commerce.bootpay.ai/link-payment/overview
func (s *InvoicesService) Get(ctx context.Context, invoiceID string, opts ...RequestOption) (*Invoice, error) {
	return lookup(ctx, s.c, &invoiceEndpoints.get, "invoiceID", "invoice", invoiceID,
		func(i *Invoice) string { return i.InvoiceID }, opts)
}

// List returns one page of invoices (청구서 목록): GET /invoices. Pages are
// 1-based, 24 invoices by default, at most MaxLimit.
//
// Commerce API docs: https://commerce.bootpay.ai/link-payment/list
func (s *InvoicesService) List(ctx context.Context, p InvoiceListParams, opts ...RequestOption) (*Page[Invoice], error) {
	return pageOf[Invoice](ctx, s.c, &invoiceEndpoints.list, &p, defaultInvoiceLimit, opts)
}

// All iterates over every invoice matching p from p.Page on, fetching
// pages lazily until the list ends as for OrdersService.All: a short page
// ends it only once the invoices read reach the count Commerce reports.
// Breaking out of the loop stops fetching; an error is yielded once and
// ends it.
//
// Commerce API docs: https://commerce.bootpay.ai/link-payment/list
func (s *InvoicesService) All(ctx context.Context, p InvoiceListParams, opts ...RequestOption) iter.Seq2[*Invoice, error] {
	return everyPage[Invoice](ctx, s.c, &invoiceEndpoints.list, &p, defaultInvoiceLimit, opts)
}

// Notify sends an invoice to its buyer (청구서 발송): POST
// /invoices/{invoice_id}/notify with the channels, or none to leave them
// to Commerce. It is Unsafe: never sent again once it may have reached
// Commerce, so the buyer is messaged at most once per call; an unknown
// outcome is an *OutcomeUnknownError carrying invoiceID.
//
// The answer's shape is undocumented; it is read as an Ack, so that a 2xx
// in Commerce's error shape ({"success": false, "error_code", …}) is the
// refusal it is (an *APIError), never a sent invoice. A 204, an empty 200
// or any other JSON answer is success; a 2xx whose body is JSON null or
// not JSON at all (a proxy's page) proves nothing and is an
// *OutcomeUnknownError.
//
// Commerce API docs: https://commerce.bootpay.ai/link-payment/overview
func (s *InvoicesService) Notify(ctx context.Context, invoiceID string, sendTypes []SendType, opts ...RequestOption) error {
	_, err := send[Ack](ctx, s.c, &invoiceEndpoints.notify, arg("invoiceID", invoiceID), notifyBody{SendTypes: ints(sendTypes)}, invoiceID, opts)
	return err
}
