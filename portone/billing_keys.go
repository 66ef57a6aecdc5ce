package portone

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"

	"github.com/paykit-kr/paykit/internal/transport"
)

// BillingKeysService issues, confirms, looks up and deletes billing keys (빌링키).
// Use it through the Client field of the same name.
type BillingKeysService struct{ c *Client }

// billingKeyEndpoints are the operations of BillingKeysService.
var billingKeyEndpoints = struct {
	get, list, issue, remove, confirm, confirmIssueAndPay transport.Endpoint
}{
	get:                transport.Endpoint{Op: "billingKeys.get", Method: http.MethodGet, Route: "/billing-keys/{billingKey}", Class: transport.Safe},
	list:               transport.Endpoint{Op: "billingKeys.list", Method: http.MethodGet, Route: "/billing-keys", Class: transport.Safe},
	issue:              transport.Endpoint{Op: "billingKeys.issue", Method: http.MethodPost, Route: "/billing-keys", Class: transport.Keyed},
	remove:             transport.Endpoint{Op: "billingKeys.delete", Method: http.MethodDelete, Route: "/billing-keys/{billingKey}", Class: transport.Keyed},
	confirm:            transport.Endpoint{Op: "billingKeys.confirm", Method: http.MethodPost, Route: "/billing-keys/confirm", Class: transport.Keyed},
	confirmIssueAndPay: transport.Endpoint{Op: "billingKeys.confirmIssueAndPay", Method: http.MethodPost, Route: "/billing-keys/confirm-issue-and-pay", Class: transport.Keyed},
}

// Get looks a billing key up (빌링키 단건 조회): GET /billing-keys/{billingKey}.
// The store id (WithStoreID, else the client's default) goes in the query.
//
// Errors: BILLING_KEY_NOT_FOUND (404, ErrNotFound), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST. A 2xx reply about another billing key
// (or none) is a *DecodeError that prints neither key, never that key: a
// bad reply, not ErrNotFound, so look again. So is a reply whose storeId
// is not the store sent (when one was).
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/billingKey
func (s *BillingKeysService) Get(ctx context.Context, billingKey BillingKey, opts ...RequestOption) (*BillingKeyInfo, error) {
	ep := &billingKeyEndpoints.get
	call := &transport.Call{
		Endpoint: ep, Args: idArg("billingKey", string(billingKey)),
		Query: s.c.storeQuery("", opts),
	}
	out, res, err := transport.Send[BillingKeyInfo](ctx, s.c.t, call, opts...)
	if err != nil {
		return nil, err
	}
	if out.BillingKey != billingKey {
		return nil, otherObject(ep.Op, res.StatusCode, "billing key", "", "") // both are secrets
	}
	if err := otherStore(ep.Op, res.StatusCode, call.Query.Get("storeId"), "billing key", out); err != nil {
		return nil, err
	}
	return out, nil
}

// List returns one page of billing keys (빌링키 다건 조회): GET /billing-keys
// with the params as JSON in the requestBody query parameter.
//
// Errors: FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST. When a store is sent
// (Filter.StoreID, else WithStoreID, else the client's default), a page
// holding an item of another store (하위 상점: another seller), or naming
// none, is a *DecodeError, never that store's item: look again. All ends
// with the same error, yielding none of that page.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/billingKey
func (s *BillingKeysService) List(ctx context.Context, p BillingKeyListParams, opts ...RequestOption) (*BillingKeyInfoList, error) {
	return listOf[BillingKeyInfoList](ctx, s.c, &billingKeyEndpoints.list, p, opts)
}

// All iterates over every billing key List would return page by page,
// from p.Page on (page 0 of 10 for a zero p.Page), fetching each page only
// when the loop needs it: breaking out stops fetching, and an error is
// yielded once, with a nil key, and ends the iteration.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/billingKey
func (s *BillingKeysService) All(ctx context.Context, p BillingKeyListParams, opts ...RequestOption) iter.Seq2[*BillingKeyInfo, error] {
	return allOf(ctx, s.c, &billingKeyEndpoints.list, p, opts, func(l *BillingKeyInfoList) ([]BillingKeyInfo, PageInfo) { return l.Items, l.Page })
}

// Issue issues a billing key from card credentials (빌링키 발급): POST
// /billing-keys. The store id goes in the body. The write is keyed: every
// attempt carries the same Idempotency-Key, so a retry cannot issue twice.
// When some channels of a channel group fail, the key is still issued and
// ChannelSpecificFailures lists them. A 2xx without billingKeyInfo's
// billingKey and issuedAt says nothing about what was issued: it ends
// with ErrOutcomeUnknown.
//
// Errors: CHANNEL_NOT_FOUND (404), CHANNEL_SPECIFIC (502, every channel
// failed; see APIError.RawBody), PG_PROVIDER (502, with PGCode and
// PGMessage), FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST.
//
// An *OutcomeUnknownError (a lost answer; a key already used for another
// request) may hide an issued key that no answer told you. Its Reference
// is p.Customer.ID, the one thing List filters by (Filter.CustomerID;
// the key itself is a secret and never in an error), or empty when you
// sent none: then look for the key in the BillingKey.Issued webhook or
// List over the time of the call. No money moves on Issue; a key you
// will not use can be deleted (Delete).
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/billingKey
func (s *BillingKeysService) Issue(ctx context.Context, p IssueBillingKeyParams, opts ...RequestOption) (*IssueBillingKeyResponse, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	return send[IssueBillingKeyResponse](ctx, s.c, &transport.Call{
		Endpoint: &billingKeyEndpoints.issue, Body: p, Reference: p.customerID(),
	}, opts)
}

// Delete deletes a billing key (빌링키 삭제): DELETE
// /billing-keys/{billingKey}, with storeId, reason, requester and
// skipWebhook in the query. The write is keyed. Delete refuses a key that
// still has scheduled payments (PAYMENT_SCHEDULE_ALREADY_EXISTS): revoke
// them first. A 2xx without deletedAt ends with ErrOutcomeUnknown.
//
// Errors: BILLING_KEY_NOT_FOUND and BILLING_KEY_NOT_ISSUED (404,
// ErrNotFound), BILLING_KEY_ALREADY_DELETED and
// PAYMENT_SCHEDULE_ALREADY_EXISTS (409, ErrConflict), CHANNEL_SPECIFIC and
// PG_PROVIDER (502), FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/billingKey
func (s *BillingKeysService) Delete(ctx context.Context, p DeleteBillingKeyParams, opts ...RequestOption) (*DeleteBillingKeyResponse, error) {
	if err := optionalID("StoreID", p.StoreID); err != nil {
		return nil, err
	}
	return send[DeleteBillingKeyResponse](ctx, s.c, &transport.Call{
		Endpoint: &billingKeyEndpoints.remove, Args: idArg("BillingKey", string(p.BillingKey)),
		Query: p.query(s.c.store(p.StoreID, opts)),
	}, opts)
}

// Confirm completes a billing-key issuance that waits for manual approval
// (빌링키 발급 수동 승인): POST /billing-keys/confirm. Call it soon: the PG
// may time the issuance out. The store id goes in the body; the write is
// keyed. A 2xx without billingKey ends with ErrOutcomeUnknown.
//
// Errors: BILLING_KEY_NOT_FOUND (404), INFORMATION_MISMATCH and
// BILLING_KEY_ALREADY_ISSUED (409, ErrConflict), PG_PROVIDER (502),
// FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST. BILLING_KEY_ALREADY_ISSUED
// says the token's key was already issued, maybe by an earlier Confirm of
// yours whose answer was lost: the key is in your BillingKey.Issued
// webhook or your own records; do not issue another. It stays a definite
// refusal: no money moves on Confirm, and nothing names the key to look
// it up by (the token is a secret). An *OutcomeUnknownError of Confirm (a
// lost answer) carries no Reference for the same reason: look for the key
// there too before asking the customer to issue another.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/billingKey
func (s *BillingKeysService) Confirm(ctx context.Context, p ConfirmBillingKeyParams, opts ...RequestOption) (*ConfirmedBillingKeySummary, error) {
	if err := firstError(optionalID("StoreID", p.StoreID), requireText("BillingIssueToken", p.BillingIssueToken)); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	return send[ConfirmedBillingKeySummary](ctx, s.c, &transport.Call{Endpoint: &billingKeyEndpoints.confirm, Body: p}, opts)
}

// ConfirmIssueAndPay completes a billing-key issuance and its first payment
// that wait for manual approval (빌링키 발급 및 초회 결제 수동 승인): POST
// /billing-keys/confirm-issue-and-pay. The store id goes in the body; the
// write is keyed, so a retry cannot charge twice.
//
// It is a charge, so p.PaymentID is required (a *ValidationError before
// any I/O; PortOne's schema makes it optional): every unknown outcome
// names the payment to look up. Only an answer that says what was charged
// is a success: a 2xx without billingKey or paymentId, or one naming
// another payment than p.PaymentID, ends with ErrOutcomeUnknown (an
// *OutcomeUnknownError whose Reference is p.PaymentID, around a
// *DecodeError): look that payment up before anything else.
//
// Errors: BILLING_KEY_NOT_FOUND (404), INFORMATION_MISMATCH (409,
// ErrConflict), PG_PROVIDER (502), FORBIDDEN, UNAUTHORIZED,
// INVALID_REQUEST. A 409 BILLING_KEY_ALREADY_ISSUED (or ALREADY_PAID) ends
// with ErrOutcomeUnknown even on the only attempt (Reference: p.PaymentID,
// the *APIError inside): an earlier call of yours with the same token,
// whose answer was lost, may have issued the key and charged the first
// payment. Look the payment up (Payments.Get) before charging again.
// Whether PortOne ever answers PG_PROVIDER for a PG timeout after the card
// company approved is UNCONFIRMED: after one, look the payment up before
// charging the buyer again under a new payment id.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/billingKey
func (s *BillingKeysService) ConfirmIssueAndPay(ctx context.Context, p ConfirmBillingKeyIssueAndPayParams, opts ...RequestOption) (*ConfirmedBillingKeyIssueAndPaySummary, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	ep := &billingKeyEndpoints.confirmIssueAndPay
	out, res, err := exchange[ConfirmedBillingKeyIssueAndPaySummary](ctx, s.c, &transport.Call{
		Endpoint: ep, Body: p, Reference: p.PaymentID,
	}, opts)
	if err != nil {
		return nil, err
	}
	if out.PaymentID != p.PaymentID {
		return nil, otherPaymentReply(ep.Op, p.PaymentID, out.PaymentID, res)
	}
	return out, nil
}

// otherPaymentReply is the error of a charge whose 2xx answer names
// another payment (got) than the one sent (sent). Something was applied,
// so what happened to the caller's payment is unknown: an
// *OutcomeUnknownError (around a *DecodeError) that sends the caller to
// look its own payment up, never to act on the other one.
func otherPaymentReply(op, sent, got string, res transport.Result) error {
	return outcomeUnknown(op, sent, res, fmt.Errorf("the reply names payment %q, not %q", shorten(got), sent))
}

// outcomeUnknown is the error of a write (op, to reconcile by reference)
// whose 2xx answer (res) contradicts the call, as why says: something
// was applied under the key, maybe not this write, so its outcome is
// unknown: an *OutcomeUnknownError around a *DecodeError.
func outcomeUnknown(op, reference string, res transport.Result, why error) error {
	return &OutcomeUnknownError{
		Gateway: "portone", Op: op, Reference: reference, IdempotencyKey: res.IdempotencyKey, Attempts: res.Attempts,
		Err: &DecodeError{Gateway: "portone", Op: op, Status: res.StatusCode, Err: why},
	}
}

// query is where Delete sends everything but the key: storeId, reason,
// requester and skipWebhook.
func (p *DeleteBillingKeyParams) query(store string) url.Values {
	q := url.Values{}
	if store != "" {
		q.Set("storeId", store)
	}
	if p.Reason != "" {
		q.Set("reason", p.Reason)
	}
	if p.Requester != "" {
		q.Set("requester", string(p.Requester))
	}
	if p.SkipWebhook {
		q.Set("skipWebhook", "true")
	}
	return q
}
