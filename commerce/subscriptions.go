package commerce

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// SubscriptionsService manages order subscriptions, the subscription
// contracts (구독 계약): lists and lookups, the store's decisions (approve,
// reject, pause, resume, terminate, adjust), on-demand charges, and the
// buyer's in-progress requests. Use it through Client.Subscriptions.
type SubscriptionsService struct{ c *Client }

// subscriptionEndpoints are the operations of SubscriptionsService, with
// the role each needs and its retry class. Bootpay's SDKs send most of
// these writes an Idempotency-Key, but whether Commerce deduplicates by it
// is UNCONFIRMED, so a write is Keyed (retried with the same key) only
// when repeating it cannot move money or create anything:
//
//   - update (PUT of the contract's fields) and replaceAdjustments (PUT of
//     one cycle's whole list) set absolute values: a repeat leaves the
//     same state.
//   - deleteAdjustment removes one adjustment by its id and
//     revokeChargeKey one charge key: a repeat finds it gone.
//
// Every other write is Unsafe, never sent again once it may have reached
// Commerce: the on-demand charge (a repeat takes the money twice);
// approve (approving a waiting contract may start its billing, and a
// repeat is harmless only if Commerce refuses a second approval,
// UNCONFIRMED); addAdjustments (a repeat adds a second discount or
// surcharge to the same cycles); the buyer's requests (each files a new
// request, and purchase and termination carry a price or fees); reject,
// terminate, pause and resume (not deduplicated as far as Bootpay
// documents). The buyer's requests act as user, the store's decisions as
// supervisor. The literal routes (charge, requests/…) are declared before
// the {id} ones so that they are never read as an id.
var subscriptionEndpoints = struct {
	list, get, update, approve, reject, terminate, pause, resume               transport.Endpoint
	charge, revokeChargeKey                                                    transport.Endpoint
	requestPause, requestResume, requestPurchase, requestTransfer, requestTerm transport.Endpoint
	terminationFee, addAdjustments, replaceAdjustments, deleteAdjustment       transport.Endpoint
}{
	list:               transport.Endpoint{Op: "subscriptions.list", Method: http.MethodGet, Route: "/order_subscriptions", Class: transport.Safe, Header: RoleUser.header()},
	charge:             transport.Endpoint{Op: "subscriptions.charge", Method: http.MethodPost, Route: "/order_subscriptions/charge", Class: transport.Unsafe, Header: RoleSupervisor.header()},
	revokeChargeKey:    transport.Endpoint{Op: "subscriptions.revoke_charge_key", Method: http.MethodDelete, Route: "/order_subscriptions/charge", Class: transport.Keyed, Header: RoleSupervisor.header()},
	requestPause:       transport.Endpoint{Op: "subscriptions.request_pause", Method: http.MethodPost, Route: "/order_subscriptions/requests/ing/pause", Class: transport.Unsafe, Header: RoleUser.header()},
	requestResume:      transport.Endpoint{Op: "subscriptions.request_resume", Method: http.MethodPut, Route: "/order_subscriptions/requests/ing/resume", Class: transport.Unsafe, Header: RoleUser.header()},
	requestPurchase:    transport.Endpoint{Op: "subscriptions.request_purchase", Method: http.MethodPost, Route: "/order_subscriptions/requests/ing/purchase", Class: transport.Unsafe, Header: RoleUser.header()},
	requestTransfer:    transport.Endpoint{Op: "subscriptions.request_transfer", Method: http.MethodPost, Route: "/order_subscriptions/requests/ing/transfer", Class: transport.Unsafe, Header: RoleUser.header()},
	requestTerm:        transport.Endpoint{Op: "subscriptions.request_termination", Method: http.MethodPost, Route: "/order_subscriptions/requests/ing/termination", Class: transport.Unsafe, Header: RoleUser.header()},
	terminationFee:     transport.Endpoint{Op: "subscriptions.termination_fee", Method: http.MethodGet, Route: "/order_subscriptions/requests/ing/calculate_termination_fee", Class: transport.Safe, Header: RoleUser.header()},
	get:                transport.Endpoint{Op: "subscriptions.get", Method: http.MethodGet, Route: "/order_subscriptions/{order_subscription_id}", Class: transport.Safe, Header: RoleUser.header()},
	update:             transport.Endpoint{Op: "subscriptions.update", Method: http.MethodPut, Route: "/order_subscriptions/{order_subscription_id}", Class: transport.Keyed, Header: RoleSupervisor.header()},
	approve:            transport.Endpoint{Op: "subscriptions.approve", Method: http.MethodPut, Route: "/order_subscriptions/{order_subscription_id}/approve", Class: transport.Unsafe, Header: RoleSupervisor.header()},
	reject:             transport.Endpoint{Op: "subscriptions.reject", Method: http.MethodPut, Route: "/order_subscriptions/{order_subscription_id}/reject", Class: transport.Unsafe, Header: RoleSupervisor.header()},
	terminate:          transport.Endpoint{Op: "subscriptions.terminate", Method: http.MethodPut, Route: "/order_subscriptions/{order_subscription_id}/terminate", Class: transport.Unsafe, Header: RoleSupervisor.header()},
	pause:              transport.Endpoint{Op: "subscriptions.pause", Method: http.MethodPut, Route: "/order_subscriptions/{order_subscription_id}/pause", Class: transport.Unsafe, Header: RoleSupervisor.header()},
	resume:             transport.Endpoint{Op: "subscriptions.resume", Method: http.MethodPut, Route: "/order_subscriptions/{order_subscription_id}/resume", Class: transport.Unsafe, Header: RoleSupervisor.header()},
	addAdjustments:     transport.Endpoint{Op: "subscriptions.add_adjustment", Method: http.MethodPost, Route: "/order_subscriptions/{order_subscription_id}/adjustments", Class: transport.Unsafe, Header: RoleSupervisor.header()},
	replaceAdjustments: transport.Endpoint{Op: "subscriptions.replace_adjustments", Method: http.MethodPut, Route: "/order_subscriptions/{order_subscription_id}/adjustments", Class: transport.Keyed, Header: RoleSupervisor.header()},
	deleteAdjustment:   transport.Endpoint{Op: "subscriptions.delete_adjustment", Method: http.MethodDelete, Route: "/order_subscriptions/{order_subscription_id}/adjustments", Class: transport.Keyed, Header: RoleSupervisor.header()},
}

const defaultSubscriptionLimit = 20

// List returns one page of subscription contracts with Commerce's
// counters (구독 목록): GET /order_subscriptions (role user, Safe). Empty
// filters are not sent; statuses are sent comma-joined.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) List(ctx context.Context, p SubscriptionListParams, opts ...RequestOption) (*SubscriptionPage, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return s.page(ctx, &p, max(p.Page, 1), cmp.Or(p.Limit, defaultSubscriptionLimit), opts)
}

// All iterates over every contract matching p from p.Page on, fetching
// pages lazily until the list ends as for OrdersService.All: a short page
// ends it only once the contracts read reach the count Commerce reports.
// Breaking out of the loop stops fetching. An error is yielded once and
// ends it.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) All(ctx context.Context, p SubscriptionListParams, opts ...RequestOption) iter.Seq2[*Subscription, error] {
	if err := p.validate(); err != nil {
		return transport.Fail[*Subscription](err)
	}
	limit := cmp.Or(p.Limit, defaultSubscriptionLimit)
	return allPages(ctx, s.c, &subscriptionEndpoints.list, max(p.Page, 1), limit, func(n int) (*Page[Subscription], error) {
		page, err := s.page(ctx, &p, n, limit, opts)
		if err != nil {
			return nil, err
		}
		return &Page[Subscription]{Items: page.Items, Total: page.Total}, nil
	})
}

func (s *SubscriptionsService) page(ctx context.Context, p *SubscriptionListParams, n, limit int, opts []RequestOption) (*SubscriptionPage, error) {
	q, err := encodeQuery(p.query(n, limit))
	if err != nil {
		return nil, err
	}
	out, _, err := transport.Send[SubscriptionPage](ctx, s.c.t, &transport.Call{Endpoint: &subscriptionEndpoints.list, Query: q}, opts...)
	return out, err
}

// Get looks a contract up: GET /order_subscriptions/{id} (role user,
// Safe). A missing one matches ErrNotFound; a 2xx reply naming another
// order_subscription_id is a *DecodeError, never that contract: a bad
// reply, so look again.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) Get(ctx context.Context, id string, opts ...RequestOption) (*Subscription, error) {
	return lookup(ctx, s.c, &subscriptionEndpoints.get, "id", "subscription", id,
		func(c *Subscription) string { return c.OrderSubscriptionID }, opts)
}

// Update changes a contract (구독 변경): PUT /order_subscriptions/{id} (role
// supervisor, Keyed: its Idempotency-Key is the same on every attempt; it
// sets absolute values, so a repeat leaves the same state).
// Only the fields set in p are sent. An answer naming another contract
// (order_subscription_id) is an *OutcomeUnknownError carrying id, never
// that contract, as for every write by id of this service.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) Update(ctx context.Context, id string, p SubscriptionUpdateParams, opts ...RequestOption) (*Subscription, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return s.decide(ctx, &subscriptionEndpoints.update, id, &p, opts)
}

// Approve approves a contract waiting for the store (구독 승인): PUT
// /order_subscriptions/{id}/approve (role supervisor, Unsafe: approval may
// start the contract's billing, so it is never sent again once it may have
// reached Commerce; an unknown outcome is an *OutcomeUnknownError carrying
// id: look the contract up before approving again). An answer naming
// another contract is an *OutcomeUnknownError carrying id, never that
// contract.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) Approve(ctx context.Context, id, why string, opts ...RequestOption) (*Subscription, error) {
	return s.decide(ctx, &subscriptionEndpoints.approve, id, reason{why}, opts)
}

// Reject rejects a contract waiting for the store (구독 거절): PUT
// /order_subscriptions/{id}/reject (role supervisor, Unsafe: never sent
// again once it may have reached Commerce; such an outcome is an
// *OutcomeUnknownError carrying id). An answer naming another contract is an
// *OutcomeUnknownError carrying id, never that contract.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) Reject(ctx context.Context, id, why string, opts ...RequestOption) (*Subscription, error) {
	return s.decide(ctx, &subscriptionEndpoints.reject, id, reason{why}, opts)
}

// Terminate ends a contract (해지): PUT /order_subscriptions/{id}/terminate
// (role supervisor, Unsafe). A termination may refund or charge fees, so it
// is never sent twice: an unknown outcome is an *OutcomeUnknownError
// carrying id; look the contract up before trying again. An answer naming
// another contract is an *OutcomeUnknownError carrying id, never that
// contract. A negative fee or refund is a *ValidationError before any I/O
// (see TerminateParams).
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) Terminate(ctx context.Context, id string, p TerminateParams, opts ...RequestOption) (*Subscription, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return s.decide(ctx, &subscriptionEndpoints.terminate, id, &p, opts)
}

// Pause pauses a contract (일시정지): PUT /order_subscriptions/{id}/pause (role
// supervisor, Unsafe). PausedAt is required. An answer naming another
// contract is an *OutcomeUnknownError carrying id, never that contract.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) Pause(ctx context.Context, id string, p PauseParams, opts ...RequestOption) (*Subscription, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return s.decide(ctx, &subscriptionEndpoints.pause, id, &p, opts)
}

// Resume resumes a paused contract (재개): PUT
// /order_subscriptions/{id}/resume (role supervisor, Unsafe). An answer
// naming another contract is an *OutcomeUnknownError carrying id, never
// that contract.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) Resume(ctx context.Context, id, why string, opts ...RequestOption) (*Subscription, error) {
	return s.decide(ctx, &subscriptionEndpoints.resume, id, reason{why}, opts)
}

// decide sends one of the store's writes on contract id and returns the
// contract as Commerce answers it. An answer naming another contract
// (order_subscription_id) is an *OutcomeUnknownError carrying id (byID):
// the write was applied to something, maybe to id; look the contract up.
func (s *SubscriptionsService) decide(ctx context.Context, ep *transport.Endpoint, id string, body any, opts []RequestOption) (*Subscription, error) {
	return byID(ctx, s.c, ep, "id", "subscription", id, body,
		func(c *Subscription) string { return c.OrderSubscriptionID }, opts)
}

// Charge charges a subscription's charge key now (수동 결제): POST
// /order_subscriptions/charge (role supervisor, Unsafe). The charge key
// travels in the body only.
//
// Money moves at most once: Commerce does not document deduplicating
// charges (Bootpay's SDKs send an Idempotency-Key, but whether the server
// honours it is UNCONFIRMED), so a charge is never sent again once it may
// have reached Commerce. A reset, a timeout, a 5xx or a cut body after the
// request was written ends as an *OutcomeUnknownError: before charging
// again, look for the charge among the period's orders (Orders.List) or
// the subscription's bills (SubscriptionBills.List); a new Charge call is
// a new charge. Every intended charge needs your own order id in
// Metadata["order_id"] (the key Bootpay's checkout guide and Verify use;
// a *ValidationError before any I/O without it): the error's Reference
// carries it, and it finds the order again. A 2xx naming neither order_id
// nor receipt_id proves nothing and is an *OutcomeUnknownError too.
//
// A 2xx is a charge made only when it does not contradict the request.
// The answer's shape is UNCONFIRMED, so its price, status and
// receipt_status are not required; those present are checked, and each
// contradiction is an error saying what to do, chosen so that no reading
// of it leads to a second charge:
//
//   - metadata whose "order_id" is not your order id (Commerce echoes the
//     order's metadata), checked first: an *OutcomeUnknownError carrying
//     your order id, whatever the statuses say. The answer is about
//     another charge (a replayed or misrouted answer) and proves nothing
//     about this one, not even a failure: do not charge again; look for
//     the charge by your order id among the period's orders. An answer
//     without metadata, or without its "order_id", is not held against it.
//   - receipt_status -2 (결제 승인 실패), its status unpaid under both of
//     Bootpay's numberings (see below: 0 주문대기, 10 취소완료, …; never
//     1), on a call no earlier attempt of which may have been applied: a
//     *ChargeFailedError. The PG refused the approval and nothing was
//     taken; Commerce may keep the failed order. Deal with the cause (the
//     card, its limit) and charge again with a new Charge call, or give
//     the cycle up.
//   - any other receipt_status than 1 (결제완료): ready, awaiting
//     confirmation, a virtual account, cancelled, a code paykit does not
//     know, or -2 when the status may say paid (1 included): an *OutcomeUnknownError
//     carrying your order id. The payment is not made yet, or not as a
//     charge should be: do not charge again; look the order up (its
//     number is in the error's message; Orders.Get) until it settles.
//   - a status that is not a paid one, outside the failed payment above:
//     an *OutcomeUnknownError carrying your order id, as for a
//     receipt_status other than 1. The order is not paid, or no longer;
//     do not charge again; look it up (Orders.Get). Bootpay numbers the
//     statuses two ways (which one Commerce answers with is UNCONFIRMED):
//     its SDKs' constants (OrderStatus) read 1 as 입금대기 and 2 as
//     결제완료, while Commerce's order-detail example
//     (https://commerce.bootpay.ai/orders/detail) shows a paid order as
//     status 1 beside receipt_status 1, as the checkout guide numbers it
//     (1 결제완료). A billing-key charge has no deposit to wait for, so
//     beside receipt_status 1 (the PG took the money) a status paid under
//     either numbering is a charge made: 1, 2 결제완료, 3 구독 결제완료 or
//     8 구매확정. Only a status unpaid under both is refused there: 0
//     주문대기, 4, 5, 10 취소완료, 11, 12, a code paykit does not know.
//     Without receipt_status the status alone must read paid
//     (OrderStatus.Paid), so 1 is refused: it may be a deposit awaited.
//   - paid (receipt_status 1, or none sent) at another price than
//     p.Price: a *ChargeMismatchError, which matches ErrOutcomeUnknown.
//     Money was taken, not as asked: never charge again for the cycle;
//     look the order up and cancel it (OrderCancellations.Request) or
//     settle the difference.
//
// A charge accepted beside status 1 is not paid to paykit's webhook
// check (webhook.CommerceLookup keeps OrderStatus.Paid, as Verify does:
// it decides fulfilment, and a deposit awaited reads 1 too): while the
// order reads status 1 its SUBSCRIPTION_PAID webhook is answered 502 (403
// when the event reads status 1 as well) and its callback is not run.
// That is no failed charge: never charge again on it. Fulfil the cycle
// from this answer (receipt_status 1: the PG took the money) under
// webhook.CommercePaidKey(Charge.OrderNumber), through the store your
// webhook handler processes events with, so that a SUBSCRIPTION_PAID
// accepted once the order reads paid runs nothing; and report the
// numbering to paykit so the rule can follow what Commerce confirms.
//
// A refusal in Commerce's error shape is an *APIError (nothing was
// charged) and, after an attempt that may have been applied, an
// *OutcomeUnknownError.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) Charge(ctx context.Context, p ChargeParams, opts ...RequestOption) (*Charge, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	ch, res, err := transport.Send[Charge](ctx, s.c.t, &transport.Call{Endpoint: &subscriptionEndpoints.charge, Body: &p, Reference: p.orderID()}, opts...)
	if err != nil {
		return nil, err
	}
	if err := ch.contradicts(&p, res); err != nil {
		return nil, err
	}
	return ch, nil
}

// contradicts returns the error of a charge answer that contradicts p
// (see Charge), or nil.
func (c *Charge) contradicts(p *ChargeParams, res transport.Result) error {
	// A failed approval is believed only when no numbering reads the
	// status as paid: otherwise "charge again" could charge twice.
	paid := c.sent.status && c.Status.paidUnderEitherNumbering()
	switch {
	case c.namesAnotherCharge(p):
		// First: another charge's failed payment says nothing of this one.
		return &OutcomeUnknownError{Gateway: "commerce", Op: subscriptionEndpoints.charge.Op, Reference: p.orderID(),
			Attempts: res.Attempts, Err: fmt.Errorf("commerce: the charge's answer (order %s) names order_id %q in its metadata, not %q: it is another charge's answer",
				c.OrderNumber, c.Metadata.String(metadataOrderID), p.orderID())}
	case c.sent.receiptStatus && c.ReceiptStatus == ReceiptFailed && !paid && !res.MayHaveApplied:
		return &ChargeFailedError{Reference: p.orderID(), Charge: c}
	case c.sent.receiptStatus && c.ReceiptStatus != ReceiptPaid, c.sent.status && !c.statusPaid():
		return &OutcomeUnknownError{Gateway: "commerce", Op: subscriptionEndpoints.charge.Op, Reference: p.orderID(),
			Attempts: res.Attempts, Err: c.notPaid()}
	case c.sent.price && c.Price.Int64() != p.Price:
		return &ChargeMismatchError{Reference: p.orderID(), Requested: p.Price, Charge: c}
	}
	return nil
}

// statusPaid reports whether the answer's status reads paid (see Charge):
// beside receipt_status 1 under either of Bootpay's numberings, since a
// billing-key charge has no deposit to wait for; otherwise under its SDKs'
// constants alone (OrderStatus.Paid).
func (c *Charge) statusPaid() bool {
	if c.sent.receiptStatus && c.ReceiptStatus == ReceiptPaid {
		return c.Status.paidUnderEitherNumbering()
	}
	return c.Status.Paid()
}

// namesAnotherCharge reports an answer whose metadata carries an
// "order_id" (of any type) that is not p's: the metadata Commerce echoes
// is another charge's. An answer without one is not held against it.
func (c *Charge) namesAnotherCharge(p *ChargeParams) bool {
	_, present := c.Metadata[metadataOrderID]
	return present && c.Metadata.String(metadataOrderID) != p.orderID()
}

// notPaid describes an answer whose receipt_status or status is not paid.
func (c *Charge) notPaid() error {
	msg := fmt.Sprintf("commerce: the charge's order %s is answered", c.OrderNumber)
	sep := " with"
	if c.sent.receiptStatus {
		msg += fmt.Sprintf("%s receipt_status %v", sep, c.ReceiptStatus)
		sep = " and"
	}
	if c.sent.status {
		msg += fmt.Sprintf("%s status %v", sep, c.Status)
	}
	return errors.New(msg + ", not paid (결제완료)")
}

// ChargeFailedError reports an on-demand charge that Commerce answered
// with a failed payment: receipt_status -2 (결제 승인 실패) while the order's
// status is unpaid under both of Bootpay's numberings (never 1, which its
// checkout guide reads as 결제완료), on a call no earlier attempt of which
// may have been applied. The PG refused the approval and nothing was taken.
// Commerce may keep the failed order (Charge.OrderNumber). Deal with the
// cause (the card, its limit) and charge again with a new Charge call,
// or give the cycle up. It matches no error category.
type ChargeFailedError struct {
	Reference string  // your order id of the charge, Metadata["order_id"]
	Charge    *Charge // Commerce's answer (its RawJSON included)
}

// Error names your order id and Commerce's order.
func (e *ChargeFailedError) Error() string {
	return fmt.Sprintf("commerce: subscriptions.charge: the charge of %s failed (결제 승인 실패, order %s): nothing was taken",
		e.Reference, e.Charge.OrderNumber)
}

// ChargeMismatchError reports an on-demand charge that Commerce answered
// as paid (receipt_status 1, or none sent) at another price than the one
// asked for. Money was taken, not as asked: never charge again for the
// cycle; look the order up (Charge.OrderNumber, Orders.Get) and cancel it
// (OrderCancellations.Request) or settle the difference. Whether the
// answer's price is the amount charged is UNCONFIRMED, so it matches
// ErrOutcomeUnknown: code that looks an unknown outcome up before
// charging again does so here too.
type ChargeMismatchError struct {
	Reference string  // your order id of the charge, Metadata["order_id"]
	Requested int64   // the price you asked for (ChargeParams.Price)
	Charge    *Charge // Commerce's answer; Charge.Price is the price it reports
}

// Error names both prices, your order id and Commerce's order.
func (e *ChargeMismatchError) Error() string {
	return fmt.Sprintf("commerce: subscriptions.charge: the charge of %s was answered as paid at %d, not the %d asked for (order %s): look the order up before charging again",
		e.Reference, e.Charge.Price.Int64(), e.Requested, e.Charge.OrderNumber)
}

// Is matches ErrOutcomeUnknown.
func (e *ChargeMismatchError) Is(target error) bool { return target == ErrOutcomeUnknown }

// RevokeChargeKey revokes a charge key, so it can charge no more: DELETE
// /order_subscriptions/charge with {charge_key, user} in the body (role
// supervisor, Keyed).
//
// An *OutcomeUnknownError means the key may or may not be revoked, and
// nothing can look it up: treat the key as still able to charge, and
// repeat the call with WithIdempotencyKey(err.IdempotencyKey) until it
// succeeds (a repeat finds the key gone; Commerce's answer to a key
// already revoked is UNCONFIRMED). The error carries no Reference: the
// key is a secret, never part of an error.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) RevokeChargeKey(ctx context.Context, key ChargeKey, user *ChargeUser, opts ...RequestOption) (*Ack, error) {
	if key == "" {
		return nil, &ValidationError{Gateway: "commerce", Field: "key", Reason: "is required"}
	}
	return send[Ack](ctx, s.c, &subscriptionEndpoints.revokeChargeKey, nil, chargeKeyBody{key, user}, "", opts)
}

// RequestPause files the buyer's request to pause (일시정지 요청): POST
// /order_subscriptions/requests/ing/pause (role user, Unsafe, like every
// buyer's request: each call files a new request, so it is never sent
// again once it may have reached Commerce; an unknown outcome is an
// *OutcomeUnknownError carrying the contract's id or order number).
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) RequestPause(ctx context.Context, p PauseRequest, opts ...RequestOption) (*Ack, error) {
	return s.buyerRequest(ctx, &subscriptionEndpoints.requestPause, p.SubscriptionTarget, &p, opts)
}

// RequestResume files the buyer's request to resume (재개 요청): PUT
// /order_subscriptions/requests/ing/resume (role user, Unsafe; Bootpay's
// page says POST, its SDKs' contract tests PUT, which paykit sends).
//
// An *OutcomeUnknownError (Reference: the contract's id or order number)
// means the request may have been filed: before filing it again, look for
// it (TerminationFee's HasPendingRequest says whether the contract has a
// request pending; Get shows the contract).
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) RequestResume(ctx context.Context, p ResumeRequest, opts ...RequestOption) (*Ack, error) {
	return s.buyerRequest(ctx, &subscriptionEndpoints.requestResume, p.SubscriptionTarget, &p, opts)
}

// RequestPurchase files the buyer's request to buy the goods out
// (중도인수 요청): POST /order_subscriptions/requests/ing/purchase (role
// user, Unsafe: it carries a price, checked before any I/O as
// PurchaseRequest says).
//
// An *OutcomeUnknownError (Reference: the contract's id or order number)
// means the request may have been filed: before filing it again, look for
// it (TerminationFee's HasPendingRequest says whether the contract has a
// request pending; Get shows the contract).
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) RequestPurchase(ctx context.Context, p PurchaseRequest, opts ...RequestOption) (*Ack, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return s.buyerRequest(ctx, &subscriptionEndpoints.requestPurchase, p.SubscriptionTarget, &p, opts)
}

// RequestTransfer files the buyer's request to hand the contract over
// (승계 요청): POST /order_subscriptions/requests/ing/transfer (role user,
// Unsafe).
//
// An *OutcomeUnknownError (Reference: the contract's id)
// means the request may have been filed: before filing it again, look for
// it (TerminationFee's HasPendingRequest says whether the contract has a
// request pending; Get shows the contract).
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) RequestTransfer(ctx context.Context, p TransferRequest, opts ...RequestOption) (*Ack, error) {
	return s.buyerRequest(ctx, &subscriptionEndpoints.requestTransfer, SubscriptionTarget{OrderSubscriptionID: p.OrderSubscriptionID}, &p, opts)
}

// RequestTermination files the buyer's request to terminate (해지 요청):
// POST /order_subscriptions/requests/ing/termination (role user, Unsafe:
// it carries fees, checked before any I/O as TerminateParams says).
//
// An *OutcomeUnknownError (Reference: the contract's id or order number)
// means the request may have been filed: before filing it again, look for
// it (TerminationFee's HasPendingRequest says whether the contract has a
// request pending; Get shows the contract).
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) RequestTermination(ctx context.Context, p TerminationRequest, opts ...RequestOption) (*Ack, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return s.buyerRequest(ctx, &subscriptionEndpoints.requestTerm, p.SubscriptionTarget, &p, opts)
}

func (s *SubscriptionsService) buyerRequest(ctx context.Context, ep *transport.Endpoint, t SubscriptionTarget, body any, opts []RequestOption) (*Ack, error) {
	if err := t.validate(); err != nil {
		return nil, err
	}
	return send[Ack](ctx, s.c, ep, nil, body, t.ref(), opts)
}

// TerminationFee calculates what ending a contract would cost now (해지
// 수수료 계산): GET
// /order_subscriptions/requests/ing/calculate_termination_fee with the
// contract's id and/or order number (role user, Safe).
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) TerminationFee(ctx context.Context, t SubscriptionTarget, opts ...RequestOption) (*TerminationFee, error) {
	if err := t.validate(); err != nil {
		return nil, err
	}
	q, err := encodeQuery(terminationFeeQuery(t))
	if err != nil {
		return nil, err
	}
	out, _, err := transport.Send[TerminationFee](ctx, s.c.t, &transport.Call{Endpoint: &subscriptionEndpoints.terminationFee, Query: q}, opts...)
	return out, err
}

// AddAdjustment adds a price adjustment to some cycles of a contract (금액
// 조정; a negative price is a discount): POST
// /order_subscriptions/{id}/adjustments (role supervisor, Unsafe: a
// repeat would add the adjustment twice, so it is never sent again once it
// may have reached Commerce; an unknown outcome is an
// *OutcomeUnknownError carrying id: look the contract up before adding
// again). Commerce refuses cycles already paid, all or nothing.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) AddAdjustment(ctx context.Context, id string, a Adjustment, opts ...RequestOption) (*Ack, error) {
	if err := a.validate(); err != nil {
		return nil, err
	}
	return send[Ack](ctx, s.c, &subscriptionEndpoints.addAdjustments, arg("id", id), &a, id, opts)
}

// ReplaceAdjustments replaces the adjustments of one cycle (duration): PUT
// /order_subscriptions/{id}/adjustments (role supervisor, Keyed: it
// replaces the cycle's whole list, so a repeat leaves the same list).
//
// An *OutcomeUnknownError (Reference: id) means the cycle's list may or
// may not be replaced: repeat the call with the same list and
// WithIdempotencyKey(err.IdempotencyKey), which leaves that list either
// way.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) ReplaceAdjustments(ctx context.Context, id string, duration int, as []Adjustment, opts ...RequestOption) (*Ack, error) {
	for i := range as {
		if err := as[i].validate(); err != nil {
			return nil, err
		}
	}
	if as == nil {
		as = []Adjustment{} // an empty list clears the cycle; null is not a list
	}
	return send[Ack](ctx, s.c, &subscriptionEndpoints.replaceAdjustments, arg("id", id), adjustmentsBody{duration, as}, id, opts)
}

// DeleteAdjustment removes one adjustment: DELETE
// /order_subscriptions/{id}/adjustments with
// {"order_subscription_adjustment_id": …} in the body, not the query (role
// supervisor, Keyed).
//
// An *OutcomeUnknownError (Reference: id) means the adjustment may or may
// not be gone: repeat the call with WithIdempotencyKey(err.IdempotencyKey)
// (a repeat finds it gone; Commerce's answer to an adjustment already
// deleted is UNCONFIRMED).
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionsService) DeleteAdjustment(ctx context.Context, id, adjustmentID string, opts ...RequestOption) (*Ack, error) {
	if err := checkID("adjustmentID", adjustmentID); err != nil {
		return nil, err
	}
	return send[Ack](ctx, s.c, &subscriptionEndpoints.deleteAdjustment, arg("id", id), adjustmentIDBody{adjustmentID}, id, opts)
}
