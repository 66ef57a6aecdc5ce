package commerce

import (
	"context"
	"iter"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// ProductsService manages the catalog (상품): list, look up, create (with
// image uploads), change, change status, delete. Use it through
// Client.Products.
type ProductsService struct{ c *Client }

// productEndpoints are the operations of ProductsService. Lookups take
// the user role; writes need manager. Bootpay's SDKs send creation, change
// and deletion an Idempotency-Key, but Commerce's deduplication by it is
// UNCONFIRMED. Creation is Unsafe: a repeat would list a second product.
// Change and deletion stay Keyed: each sets or removes one existing
// product to the same end state, so a repeat moves no money and creates
// nothing. The status change is Unsafe (its deduplication is UNCONFIRMED).
var productEndpoints = struct {
	list, get, create, update, status, delete transport.Endpoint
}{
	list:   transport.Endpoint{Op: "products.list", Method: http.MethodGet, Route: "/products", Class: transport.Safe, Header: RoleUser.header()},
	get:    transport.Endpoint{Op: "products.get", Method: http.MethodGet, Route: "/products/{product_id}", Class: transport.Safe, Header: RoleUser.header()},
	create: transport.Endpoint{Op: "products.create", Method: http.MethodPost, Route: "/products", Class: transport.Unsafe, Header: RoleManager.header()},
	update: transport.Endpoint{Op: "products.update", Method: http.MethodPut, Route: "/products/{product_id}", Class: transport.Keyed, Header: RoleManager.header()},
	status: transport.Endpoint{Op: "products.status", Method: http.MethodPut, Route: "/products/{product_id}/status", Class: transport.Unsafe, Header: RoleManager.header()},
	delete: transport.Endpoint{Op: "products.delete", Method: http.MethodDelete, Route: "/products/{product_id}", Class: transport.Keyed, Header: RoleManager.header()},
}

const defaultProductLimit = 20

// List returns one page of products (상품 목록): GET /products (role user,
// Safe). Empty filters are not sent. Pass WithUserJWT to see the catalog
// as a signed-in buyer does.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *ProductsService) List(ctx context.Context, p ProductListParams, opts ...RequestOption) (*Page[Product], error) {
	return pageOf[Product](ctx, s.c, &productEndpoints.list, &p, defaultProductLimit, opts)
}

// All iterates over every product matching p, fetching pages lazily;
// breaking out of the loop stops fetching.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *ProductsService) All(ctx context.Context, p ProductListParams, opts ...RequestOption) iter.Seq2[*Product, error] {
	return everyPage[Product](ctx, s.c, &productEndpoints.list, &p, defaultProductLimit, opts)
}

// Get looks a product up: GET /products/{id} (role user, Safe). A missing
// one matches ErrNotFound; a 2xx reply naming another product_id is a
// *DecodeError, never that product: a bad reply, so look again.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *ProductsService) Get(ctx context.Context, id string, opts ...RequestOption) (*Product, error) {
	return lookup(ctx, s.c, &productEndpoints.get, "id", "product", id,
		func(p *Product) string { return p.ProductID }, opts)
}

// Create creates a product (상품 등록): POST /products (role manager,
// Unsafe). Without ImageFiles the body is JSON; with them it is ONE
// multipart/form-data request carrying the fields and the files as
// images[0], images[1], …, built once. The product is never posted a
// second time, as JSON or otherwise: once the request may have reached
// Commerce an unknown outcome is an *OutcomeUnknownError carrying
// p.ExternalUID; look the product up (List) before creating it again.
//
// Commerce API docs: https://commerce.bootpay.ai/catalog/create
func (s *ProductsService) Create(ctx context.Context, p ProductParams, opts ...RequestOption) (*Product, error) {
	if err := p.validate(true); err != nil {
		return nil, err
	}
	body, err := p.body()
	if err != nil {
		return nil, err
	}
	return send[Product](ctx, s.c, &productEndpoints.create, nil, body, p.ExternalUID, opts)
}

// Update changes a product: PUT /products/{id} (role manager, Keyed).
// Only the fields set in p are sent; image files are uploaded as in
// Create. An answer naming another product (product_id) is an
// *OutcomeUnknownError carrying id, never that product.
//
// Commerce API docs: https://commerce.bootpay.ai/catalog/create
func (s *ProductsService) Update(ctx context.Context, id string, p ProductParams, opts ...RequestOption) (*Product, error) {
	if err := p.validate(false); err != nil {
		return nil, err
	}
	body, err := p.body()
	if err != nil {
		return nil, err
	}
	return byID(ctx, s.c, &productEndpoints.update, "id", "product", id, body, func(r *Product) string { return r.ProductID }, opts)
}

// SetStatus changes whether a product shows and sells, its periods and
// stock: PUT /products/{id}/status (role manager, Unsafe: never sent again
// once it may have reached Commerce).
//
// An *OutcomeUnknownError (Reference: id) means the change may or may not
// be applied: look the product up (Get) before changing it again.
//
// Commerce API docs: https://commerce.bootpay.ai/catalog/create
func (s *ProductsService) SetStatus(ctx context.Context, id string, p ProductStatusParams, opts ...RequestOption) (*Ack, error) {
	if p == (ProductStatusParams{}) {
		return nil, &ValidationError{Gateway: "commerce", Field: "params", Reason: "set at least one field to change"}
	}
	return send[Ack](ctx, s.c, &productEndpoints.status, arg("id", id), &p, id, opts)
}

// Delete deletes a product: DELETE /products/{id} (role manager, Keyed).
//
// An *OutcomeUnknownError (Reference: id) means the product may or may
// not be deleted: repeat the call with
// WithIdempotencyKey(err.IdempotencyKey), or look the product up (Get;
// ErrNotFound: deleted).
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *ProductsService) Delete(ctx context.Context, id string, opts ...RequestOption) (*Ack, error) {
	return send[Ack](ctx, s.c, &productEndpoints.delete, arg("id", id), nil, id, opts)
}
