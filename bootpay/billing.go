package bootpay

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/paykit-kr/paykit/internal/transport"
)

// BillingService issues and destroys billing keys (빌링키), charges them
// (정기결제) and schedules charges (예약 결제). Use it through
// Client.Billing.
type BillingService struct{ c *Client }

// billingEndpoints are the operations of BillingService.
var billingEndpoints = struct {
	issue, issueTransfer, publishTransfer              transport.Endpoint
	get, getByReceipt, getSequential, destroy          transport.Endpoint
	charge, reserve, getReservation, cancelReservation transport.Endpoint
}{
	issue:           transport.Endpoint{Op: "billing.issue", Method: http.MethodPost, Route: "/request/subscribe", Class: transport.Unsafe},
	issueTransfer:   transport.Endpoint{Op: "billing.issue_transfer", Method: http.MethodPost, Route: "/request/subscribe/automatic-transfer", Class: transport.Unsafe},
	publishTransfer: transport.Endpoint{Op: "billing.publish_transfer", Method: http.MethodPost, Route: "/request/subscribe/automatic-transfer/publish", Class: transport.Unsafe},
	get:             transport.Endpoint{Op: "billing.get", Method: http.MethodGet, Route: "/billing_key/{billing_key}", Class: transport.Safe},
	getByReceipt:    transport.Endpoint{Op: "billing.get_by_receipt", Method: http.MethodGet, Route: "/subscribe/billing_key/{receipt_id}", Class: transport.Safe},
	getSequential:   transport.Endpoint{Op: "billing.get_sequential", Method: http.MethodGet, Route: "/subscribe/sequential_billing_key/{billing_key}", Class: transport.Safe},
	destroy:         transport.Endpoint{Op: "billing.destroy", Method: http.MethodDelete, Route: "/subscribe/billing_key/{billing_key}", Class: transport.Keyed},
	charge:          transport.Endpoint{Op: "billing.charge", Method: http.MethodPost, Route: "/subscribe/payment", Class: transport.Unsafe},
	reserve:         transport.Endpoint{Op: "billing.reserve", Method: http.MethodPost, Route: "/subscribe/payment/reserve", Class: transport.Unsafe},
	getReservation:  transport.Endpoint{Op: "billing.get_reservation", Method: http.MethodGet, Route: "/subscribe/payment/reserve/{reserve_id}", Class: transport.Safe},
	cancelReservation: transport.Endpoint{Op: "billing.cancel_reservation", Method: http.MethodDelete,
		Route: "/subscribe/payment/reserve/{reserve_id}", Class: transport.Keyed},
}

// Issue issues a card billing key from raw card data (비인증 빌링키 발급):
// POST /request/subscribe. With Price set it also charges that amount.
//
// It returns the key only when the reply shows the issue as asked: an
// issued key (what Issued reports: a key in status 11, 빌링키 발급완료, or
// in status 1, which Issued also accepts because which of the two Bootpay
// sends is UNCONFIRMED; a key Issue returns needs no Issued check) of
// this SubscriptionID (a reply naming no or another subscription_id is
// refused, and neither key is printed) and, with a Price, its first charge
// (ReceiptData) read as Charge reads its receipt: status 1 (결제완료),
// exactly Price, and not a test-mode receipt (sandbox: true) unless
// AllowSandbox is set. Whatever order id Bootpay gives that charge is
// accepted: which one it uses is UNCONFIRMED. A 2xx reply that is not such
// a key is an *OutcomeUnknownError, never a key to check with Issued: read
// as "not issued", it could make the caller issue again and, with a Price,
// charge twice.
//
// Retry class Unsafe: Bootpay does not deduplicate issues, and one with a
// price moves money, so it is retried only when the request provably
// never left the client. Every unknown outcome (a reset, a timeout, a 5xx
// after sending, a 2xx that is not the issue as asked) matches
// ErrOutcomeUnknown and is an *OutcomeUnknownError. Never issue or charge
// again then: the key may be issued and the price charged. Settle it by
// the key's receipt id: GetByReceipt returns the key with its first
// charge (ReceiptData), to read as Issue does. The error's Reference is
// that receipt id when a 2xx reply naming this SubscriptionID carried
// one; otherwise (no reply, a reply without receipt_id, or one naming no
// or another subscription_id, whose receipt may be another subscriber's)
// it is the SubscriptionID, by which Bootpay documents no lookup, and the
// webhook brings the receipt id. Check the SubscriptionID of the key
// GetByReceipt returns before keeping it. When the reply held a
// charge not as asked, errors.As also reaches the *ChargeMismatchError
// (and its *MismatchError) holding that receipt: cancel it
// (Receipts.Cancel) or investigate, and fulfil nothing; one still being
// approved is a *PendingChargeError holding it: look it up again later
// (Receipts.Get).
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *BillingService) Issue(ctx context.Context, p IssueBillingKeyParams, opts ...RequestOption) (*BillingKey, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	out, res, err := transport.Send[BillingKey](ctx, s.c.t, &transport.Call{
		Endpoint: &billingEndpoints.issue, Body: p.request(), Reference: p.SubscriptionID,
	}, opts...)
	if err != nil {
		return nil, err
	}
	if err := issueReply(billingEndpoints.issue.Op, p.SubscriptionID, out, res, true); err != nil {
		return nil, err
	}
	if !out.Issued() {
		return nil, unknownReply(billingEndpoints.issue.Op, issueReference(p, out), res, &DecodeError{Gateway: "bootpay",
			Op: billingEndpoints.issue.Op, Status: res.StatusCode, Err: fmt.Errorf(
				"the reply (receipt %s, status %s) is not an issued billing key: look it up with GetByReceipt", out.ReceiptID, out.Status)})
	}
	if p.Price > 0 {
		if err := readFirstCharge(p, out, res); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// issueReply refuses the 2xx reply of an issue (op) of subscription sub
// that names another subscription, or (named) none: an
// *OutcomeUnknownError whose Reference is sub, naming neither key. A card
// issue's reply names its subscription (Bootpay's SDK types it required),
// and one naming none proves nothing about whose key it carries: kept and
// charged, it could be another person's card. A bank-account request's
// reply (status 41) is receipt-shaped in Bootpay's SDK, with no
// subscription_id, so named is false for it: only another one is refused.
func issueReply(op, sub string, out *BillingKey, res transport.Result, named bool) error {
	if out.SubscriptionID != sub && (named || out.SubscriptionID != "") {
		return otherObjectReply(op, sub, "subscription", out.SubscriptionID, res)
	}
	return nil
}

// readFirstCharge reads the charge an issue with a price made
// (receipt_data) as Charge reads its receipt (readCharge), under the
// order id Bootpay gave it; a missing charge, or one not as asked, is an
// *OutcomeUnknownError whose Reference is the key's receipt id (the
// SubscriptionID when the reply carried none).
func readFirstCharge(p IssueBillingKeyParams, key *BillingKey, res transport.Result) error {
	r := key.ReceiptData
	var err error
	if r == nil {
		err = errors.New("the reply shows no charge (receipt_data) for the price asked")
	} else if _, err = readCharge(ChargeParams{OrderID: cmp.Or(r.OrderID, p.SubscriptionID), Price: p.Price,
		AllowSandbox: p.AllowSandbox, Currency: p.Currency}, r); err == nil {
		return nil
	}
	op := billingEndpoints.issue.Op
	return unknownReply(op, issueReference(p, key), res, &DecodeError{Gateway: "bootpay", Op: op, Status: res.StatusCode,
		Err: fmt.Errorf("billing key receipt %s: its first charge is not the one asked: %w", key.ReceiptID, err)})
}

// issueReference is the Reference of an issue the reply leaves unknown:
// the key's receipt id (for GetByReceipt) only when the reply names this
// SubscriptionID, since a reply naming none may carry another subscriber's
// key receipt, which a caller must never settle with; else the
// SubscriptionID.
func issueReference(p IssueBillingKeyParams, out *BillingKey) string {
	if out.ReceiptID != "" && out.SubscriptionID == p.SubscriptionID {
		return out.ReceiptID
	}
	return p.SubscriptionID
}

// IssueTransfer asks for a bank-account billing key (계좌 자동이체):
// POST /request/subscribe/automatic-transfer. Bootpay verifies the
// account holder (ARS call or 간편인증) and answers with status 41
// (AwaitingPublish); then call PublishTransfer with its ReceiptID. A reply
// naming another subscription_id is an *OutcomeUnknownError, never a
// request to publish; one naming none is taken as this request's, as
// Bootpay's SDK types this reply as a receipt without subscription_id
// (PublishTransfer then checks that its reply is that receipt's).
//
// Retry class Unsafe (a second request would call the holder again). An
// unknown outcome is an *OutcomeUnknownError whose Reference is the
// SubscriptionID. Bootpay documents no lookup by subscription id, and
// only the lost reply carried the receipt id that GetByReceipt and
// PublishTransfer take. A request that was made waits in status 41 and
// issues no key until it is published with that receipt id; never publish
// a receipt id this call did not return. Start again with a new
// SubscriptionID (the holder is asked again). Whether Bootpay charges
// p.Price at the request or at the publish is UNCONFIRMED: after an
// unknown outcome of a request with a Price, ask again without one, and
// charge the new key (Charge) only once Bootpay's console or webhook
// shows that the first request charged nothing.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/billing/transfer-key
func (s *BillingService) IssueTransfer(ctx context.Context, p TransferBillingKeyParams, opts ...RequestOption) (*BillingKey, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	out, res, err := transport.Send[BillingKey](ctx, s.c.t, &transport.Call{
		Endpoint: &billingEndpoints.issueTransfer, Body: p.request(), Reference: p.SubscriptionID,
	}, opts...)
	if err != nil {
		return nil, err
	}
	if err := issueReply(billingEndpoints.issueTransfer.Op, p.SubscriptionID, out, res, false); err != nil {
		return nil, err
	}
	return out, nil
}

// PublishTransfer issues the bank-account billing key of a request in
// status 41 (출금동의 확인): POST
// /request/subscribe/automatic-transfer/publish. Check Issued on the
// result.
//
// Retry class Unsafe: whether Bootpay refuses a second publish is
// UNCONFIRMED, so it is never sent twice; after an unknown outcome look
// the key up with GetByReceipt(receiptID).
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/billing/transfer-key
func (s *BillingService) PublishTransfer(ctx context.Context, receiptID string, opts ...RequestOption) (*BillingKey, error) {
	if err := checkID("receiptID", receiptID); err != nil {
		return nil, err
	}
	out, res, err := transport.Send[BillingKey](ctx, s.c.t, &transport.Call{
		Endpoint: &billingEndpoints.publishTransfer, Body: receiptIDRequest{receiptID}, Reference: receiptID,
	}, opts...)
	if err != nil {
		return nil, err
	}
	if out.ReceiptID != receiptID {
		return nil, otherObjectReply(billingEndpoints.publishTransfer.Op, receiptID, "receipt", out.ReceiptID, res)
	}
	return out, nil
}

// send makes one call of ep with the JSON body and the reference an
// unknown outcome carries, and decodes the answer into a new T: the whole
// of a write whose answer needs no further check.
func send[T any](ctx context.Context, c *Client, ep *transport.Endpoint, body any, ref string, opts []RequestOption) (*T, error) {
	out, _, err := transport.Send[T](ctx, c.t, &transport.Call{Endpoint: ep, Body: body, Reference: ref}, opts...)
	return out, err
}

// otherObjectReply is the *OutcomeUnknownError of a write whose 2xx reply
// (res) describes another object than the one written to.
func otherObjectReply(op, want, what, got string, res transport.Result) *OutcomeUnknownError {
	return unknownReply(op, want, res, otherReply(op, res.StatusCode, what, got, want))
}

// unknownReply is the *OutcomeUnknownError of a write (op) whose 2xx
// reply (res) does not show the write as asked, err saying why; ref is
// what to reconcile with.
func unknownReply(op, ref string, res transport.Result, err error) *OutcomeUnknownError {
	return &OutcomeUnknownError{Gateway: "bootpay", Op: op, Reference: ref, IdempotencyKey: res.IdempotencyKey,
		Attempts: res.Attempts, Err: err}
}

// otherReply is the *DecodeError of a 2xx reply (its status) that
// describes another object (what: "receipt", "order" …) than want
// (transport.OtherObject).
func otherReply(op string, status int, what, got, want string) *DecodeError {
	return (*DecodeError)(transport.OtherObject("bootpay", op, status, what, got, want))
}

// lookup is a Safe GET of ep by the one id its route takes (field names
// it in a *ValidationError). A reply whose own id (replyID) is another is
// refused with a *DecodeError naming both, never returned as the object
// asked for.
func lookup[T any](ctx context.Context, c *Client, ep *transport.Endpoint, field, what, id string, replyID func(*T) string, opts []RequestOption) (*T, error) {
	out, res, err := transport.Send[T](ctx, c.t, &transport.Call{Endpoint: ep, Args: []transport.Arg{{Field: field, Value: id}}}, opts...)
	if err != nil {
		return nil, err
	}
	if got := replyID(out); got != id {
		return nil, otherReply(ep.Op, res.StatusCode, what, got, id)
	}
	return out, nil
}

// Get looks a billing key up by the key itself: GET
// /billing_key/{billing_key}. Retry class Safe.
//
// A reply that names another billing key is a *DecodeError that prints
// neither key, never that other key: a bad reply, not ErrNotFound, so
// look again. A reply that names no key is taken as this one's.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/billing/lookup
func (s *BillingService) Get(ctx context.Context, billingKey Secret, opts ...RequestOption) (*BillingKey, error) {
	out, res, err := transport.Send[BillingKey](ctx, s.c.t, &transport.Call{
		Endpoint: &billingEndpoints.get, Args: []transport.Arg{{Field: "billingKey", Value: string(billingKey)}},
	}, opts...)
	if err != nil {
		return nil, err
	}
	if out.BillingKey != "" && out.BillingKey != billingKey {
		// Neither key is printed: both are secrets.
		return nil, otherReply(billingEndpoints.get.Op, res.StatusCode, "billing key", "", "")
	}
	return out, nil
}

// GetByReceipt looks a billing key up by the receipt id of its issue:
// GET /subscribe/billing_key/{receipt_id}. Retry class Safe. A reply
// whose receipt_id is another (or absent) is a *DecodeError, never that
// other key: a bad reply, not ErrNotFound, so look again.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/billing/lookup
func (s *BillingService) GetByReceipt(ctx context.Context, receiptID string, opts ...RequestOption) (*BillingKey, error) {
	return lookup(ctx, s.c, &billingEndpoints.getByReceipt, "receiptID", "receipt", receiptID,
		func(k *BillingKey) string { return k.ReceiptID }, opts)
}

// SequentialParams names a priority (sequential) billing-key lookup:
// all three are required.
type SequentialParams struct {
	BillingKey Secret
	WidgetKey  string
	UserID     string
}

// GetSequential looks up the billing key that a payment widget uses
// first for a user (우선순위 빌링키): GET
// /subscribe/sequential_billing_key/{billing_key}?widget_key=…&user_id=….
// The response shape is UNCONFIRMED; what is not a field of BillingKey
// is in RawJSON. Retry class Safe.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/billing/lookup
func (s *BillingService) GetSequential(ctx context.Context, p SequentialParams, opts ...RequestOption) (*BillingKey, error) {
	if err := firstError(required("WidgetKey", p.WidgetKey), required("UserID", p.UserID)); err != nil {
		return nil, err
	}
	out, _, err := transport.Send[BillingKey](ctx, s.c.t, &transport.Call{
		Endpoint: &billingEndpoints.getSequential, Args: []transport.Arg{{Field: "BillingKey", Value: string(p.BillingKey)}},
		Query: url.Values{"widget_key": {p.WidgetKey}, "user_id": {p.UserID}},
	}, opts...)
	return out, err
}

type destroyResponse struct {
	BillingKey string `json:"billing_key"`
}

// Destroy revokes a billing key (빌링키 삭제): DELETE
// /subscribe/billing_key/{billing_key}. Its reservations are NOT
// cancelled by Bootpay: cancel them first (CancelReservation).
//
// Retry class Keyed: the key itself names the write, and destroying a
// destroyed key changes nothing, so it is retried on network errors and
// 5xx. A refusal after an attempt that may have been applied is an
// *OutcomeUnknownError: look the key up (Get) before anything else.
//
// Bootpay answers a destroy with {"billing_key": …}; only a 2xx naming
// this key is a destroy. A 2xx that names no key ({}, say) or another
// key proves nothing, and the key may still charge: an
// *OutcomeUnknownError that sends you to Get. Neither key is ever named
// in the error.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *BillingService) Destroy(ctx context.Context, billingKey Secret, opts ...RequestOption) error {
	out, res, err := transport.Send[destroyResponse](ctx, s.c.t, &transport.Call{
		Endpoint: &billingEndpoints.destroy, Args: []transport.Arg{{Field: "billingKey", Value: string(billingKey)}},
	}, opts...)
	if err != nil {
		return err
	}
	if out.BillingKey != string(billingKey) {
		// The key is a secret: the error names neither key.
		what := "describes another billing key"
		if out.BillingKey == "" {
			what = "names no billing key"
		}
		return &OutcomeUnknownError{Gateway: "bootpay", Op: billingEndpoints.destroy.Op, Attempts: res.Attempts,
			Err: &DecodeError{Gateway: "bootpay", Op: billingEndpoints.destroy.Op, Status: res.StatusCode,
				Err: errors.New("the reply " + what + ", so it does not show the key destroyed: look the key up with Get")}}
	}
	return nil
}

// Charge charges a billing key at once (빌링키 결제): POST
// /subscribe/payment. It returns the receipt only when it shows the
// charge as asked: status 1 (결제완료), this order id, exactly p.Price,
// and not a test-mode receipt (sandbox: true) unless p.AllowSandbox is
// set.
//
// Retry class Unsafe: a charge moves money and Bootpay's deduplication of
// order_id is UNCONFIRMED, so Charge is never sent twice once it may have
// reached Bootpay. If the outcome is unknown (a reset, a timeout, a 5xx
// after sending, a 2xx that is not a receipt of this order), the error
// matches ErrOutcomeUnknown and its Reference is the OrderID: call
// ReconcileCharge with the same order id and amount. Never charge again
// with a new order id before it says the charge was not made.
//
// A 2xx receipt of this order is read as ReconcileCharge reads the
// order's receipts, and never returned unless it is the charge as asked:
//
//   - status 1 for p.Price (and production, or AllowSandbox): the charge.
//   - a *ChargeMismatchError, which matches ErrOutcomeUnknown and reaches
//     a *MismatchError through errors.As (naming "price", "status",
//     "cancelled_price", "currency" or "sandbox"): money may have been
//     taken, but not as asked: another price, status 20 (결제취소 완료),
//     -20 (결제취소 실패) or -30 (결제취소 진행중), status 1 with money
//     cancelled, a currency other than p.Currency (KRW when empty; a
//     receipt naming none is KRW), or a test-mode receipt without
//     AllowSandbox. Do not charge again and do not fulfil; cancel that
//     receipt (Receipts.Cancel with its ReceiptID) or reconcile the order.
//   - a *PendingChargeError holding the receipt, which matches
//     ErrOutcomeUnknown: any other status, 0 (결제대기), 2, 3 (결제승인중),
//     5 or one this package does not know, and also -1 (결제 중간 실패) and
//     -2 (결제 승인 실패). Bootpay refuses a charge with an error, not with
//     a 2xx receipt, so whether a failed receipt in a charge's 2xx answer
//     is final is UNCONFIRMED: Charge reads it as unknown, which never
//     charges twice and never fulfils an unpaid order. Keep the order
//     pending and call ReconcileCharge: its *ChargeFailedError is the
//     answer after which charging again (with a new order id) is safe.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *BillingService) Charge(ctx context.Context, p ChargeParams, opts ...RequestOption) (*Receipt, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	out, res, err := transport.Send[Receipt](ctx, s.c.t, &transport.Call{
		Endpoint: &billingEndpoints.charge, Body: p.request(), Reference: p.OrderID,
	}, opts...)
	if err != nil {
		return nil, err
	}
	if out.OrderID != p.OrderID {
		return nil, &OutcomeUnknownError{Gateway: "bootpay", Op: billingEndpoints.charge.Op, Reference: p.OrderID,
			Attempts: res.Attempts, Err: otherReply(billingEndpoints.charge.Op, res.StatusCode, "order", out.OrderID, p.OrderID)}
	}
	return readCharge(p, out)
}

// errFailedChargeReply is why a charge answered 2xx with a receipt in
// status -1 or -2 is still unknown (see Charge).
var errFailedChargeReply = errors.New("the charge was answered with a failed receipt, which Bootpay does not document " +
	"as its refusal of a charge (UNCONFIRMED): ReconcileCharge settles it")

// readCharge reads the receipt of this order a charge was answered with,
// by settleCharge's classification of one receipt: only status 1 is the
// charge; another status that shows money taken, or a receipt that does
// not match, is a *ChargeMismatchError; anything else is pending.
func readCharge(p ChargeParams, r *Receipt) (*Receipt, error) {
	got, err := settleCharge(ReconcileChargeParams{OrderID: p.OrderID, Amount: p.Price, AllowSandbox: p.AllowSandbox,
		Currency: p.Currency}, []*Receipt{r})
	if err == nil && got.Status == StatusPaid {
		return got, nil
	}
	var mismatch *MismatchError
	var failed *ChargeFailedError
	switch {
	case errors.As(err, &failed):
		return nil, &PendingChargeError{OrderID: p.OrderID, Receipt: r, Err: errFailedChargeReply}
	case err == nil: // charged, but cancelled since or being cancelled
		mismatch = &MismatchError{ReceiptID: r.ReceiptID, Receipt: r, AfterConfirm: true}
	case !errors.As(err, &mismatch):
		return nil, err // a *PendingChargeError
	}
	if r.Status != StatusPaid {
		mismatch.Mismatches = append(mismatch.Mismatches, Mismatch{Field: "status", Expected: StatusPaid.String(), Actual: r.Status.String()})
	}
	return nil, &ChargeMismatchError{OrderID: p.OrderID, Requested: p.Price, Receipt: r, Mismatch: mismatch}
}

// ReconcileCharge settles a charge whose outcome was unknown by looking
// it up by its order id (GET /lookup/order/{order_id}), as
// ReconcileConfirm does for a confirm. It never charges. A nil error says
// the charge was made, not that the order is paid now: the receipt it
// returns may be in status 20, -20 or -30 (a cancel has reached it since),
// so read its Status and fulfil only status 1. The outcomes:
//
//   - a receipt of the order for exactly Amount that shows money was
//     taken: status 1 (결제완료), 20 (결제취소 완료, cancelled since), -20
//     (결제취소 실패: a cancel failed, the money is still taken) or -30
//     (결제취소 진행중). The charge was made; the receipt is returned with
//     a nil error: read its Status before fulfilling.
//   - a *ChargeFailedError: the order's only receipts are in status -1
//     (결제 중간 실패) or -2 (결제 승인 실패). Nothing was charged, and this
//     is the only outcome after which a new charge (with a new order id)
//     is safe.
//   - a *PendingChargeError (matches ErrOutcomeUnknown): no receipt of
//     the order yet, or one in any other status (0, 2, 3, 5, or a code
//     this package does not know). The charge may still land or may have
//     landed: keep the order pending and call again later; never charge
//     again.
//   - a *MismatchError: money was taken, but not as expected: the charged
//     receipt has another amount or a currency other than p.Currency (KRW
//     when empty; a receipt naming none is KRW), or reads status 1 with
//     money cancelled (cancelled_price, which Bootpay documents only with
//     status 20), or there are several charged receipts; or the receipt is a test-mode
//     one (sandbox: true) and AllowSandbox is not set. Do not charge
//     again; refund or investigate.
//   - any other error: the lookup failed and nothing is settled; call it
//     again later.
//
// Only -1 and -2 are read as "not charged" because treating a charged
// order as failed would move money twice, while treating a failed one as
// unknown only delays it.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *BillingService) ReconcileCharge(ctx context.Context, p ReconcileChargeParams, opts ...RequestOption) (*Receipt, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	found, err := s.c.Payments.ListByOrderID(ctx, p.OrderID, opts...)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	return settleCharge(p, found)
}

// settleCharge reads the receipts of a charged order.
func settleCharge(p ReconcileChargeParams, found []*Receipt) (*Receipt, error) {
	var charged, unknown []*Receipt
	var failed *Receipt
	for _, r := range found {
		switch {
		case chargedStatus(r.Status):
			charged = append(charged, r)
		case r.Status == StatusFailedBeforeApproval || r.Status == StatusApprovalFailed:
			failed = r
		default:
			unknown = append(unknown, r)
		}
	}
	switch {
	case len(charged) > 1:
		return nil, &MismatchError{ReceiptID: charged[0].ReceiptID, Receipt: charged[0], AfterConfirm: true,
			Mismatches: []Mismatch{{Field: "receipt_id", Expected: "one paid receipt", Actual: fmt.Sprintf("%d paid receipts", len(charged))}}}
	case len(charged) == 1:
		r := charged[0]
		if err := r.Verify(VerifyParams{OrderID: p.OrderID, Amount: p.Amount, Status: r.Status, AllowSandbox: p.AllowSandbox,
			Currency: p.Currency}); err != nil {
			var mismatch *MismatchError
			if errors.As(err, &mismatch) {
				mismatch.AfterConfirm = true // the receipt is charged: money was taken
			}
			return nil, err
		}
		return r, nil
	case len(unknown) > 0:
		return nil, &PendingChargeError{OrderID: p.OrderID, Receipt: unknown[0]}
	case failed != nil:
		return nil, &ChargeFailedError{OrderID: p.OrderID, Receipt: failed}
	}
	return nil, &PendingChargeError{OrderID: p.OrderID}
}

// chargedStatus reports a status that shows the money was taken: paid,
// cancelled since, or a cancel that failed or is still running.
func chargedStatus(s Status) bool {
	return s == StatusPaid || s == StatusCancelled || s == StatusCancelFailed || s == StatusCancelling
}

// Reserve schedules a charge (예약 결제): POST
// /subscribe/payment/reserve. Bootpay charges the key at ExecuteAt and
// sends the webhook to FeedbackURL. A key holds at most
// MaxReservationsPerKey reservations; Reserve refuses one past the limit
// (by Scheduled) before sending anything.
//
// Retry class Unsafe: a reservation becomes a charge, and Bootpay does
// not deduplicate it, so it is never sent twice once it may have reached
// Bootpay. An unknown outcome with no 2xx reply (a reset, a timeout, a
// 5xx) is an *OutcomeUnknownError whose Reference is the OrderID: the
// reservation, if made, charges under that order id, so reconcile after
// ExecuteAt with ReconcileCharge, and do not reserve again with a new
// order id.
//
// Bootpay answers {reserve_id, reserve_execute_at}, naming no order, so
// the Reservation returned cannot prove it is this order's: before acting
// on its ReserveID (CancelReservation), look it up (GetReservation) and
// check its OrderID. A reply whose reserve_execute_at is another instant
// than ExecuteAt (to the second, in any zone: the request carries whole
// seconds) is an unknown outcome too, whose Reference is the OrderID: a
// reservation may have been made, but not for the time asked. Reserve
// then returns the reply's Reservation WITH the error: look its ReserveID
// up, and only if its order id is yours cancel it. Whatever that shows,
// settle your order by its OrderID (ReconcileCharge) after the earlier of
// the two times, and never reserve again (under a new order id, or the
// same) before it says nothing was charged, or before GetReservation
// shows this order's reservation revoked (cancelled before its time:
// nothing will charge under the order). A reply that names no time is
// taken as the time asked.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *BillingService) Reserve(ctx context.Context, p ReserveParams, opts ...RequestOption) (*Reservation, error) {
	if err := p.validate(s.c.now()); err != nil {
		return nil, err
	}
	body := p.request()
	body.ReserveExecuteAt = kstTimestamp(p.ExecuteAt)
	out, res, err := transport.Send[Reservation](ctx, s.c.t, &transport.Call{
		Endpoint: &billingEndpoints.reserve, Body: body, Reference: p.OrderID,
	}, opts...)
	if err != nil {
		return nil, err
	}
	if at := out.ExecuteAt.Time; !at.IsZero() && !at.Truncate(time.Second).Equal(p.ExecuteAt.Truncate(time.Second)) {
		op := billingEndpoints.reserve.Op
		// The reply goes back with the error: its ReserveID is the one
		// handle on a reservation that may charge at the wrong time.
		return out, unknownReply(op, p.OrderID, res, &DecodeError{Gateway: "bootpay", Op: op, Status: res.StatusCode,
			Err: fmt.Errorf("the reply schedules reservation %s at %s, not %s", out.ReserveID, kstTimestamp(at), body.ReserveExecuteAt)})
	}
	return out, nil
}

// GetReservation looks a reservation up: GET
// /subscribe/payment/reserve/{reserve_id}. Retry class Safe. A reply
// whose reserve_id is another (or absent) is a *DecodeError, never that
// other reservation: a bad reply, not ErrNotFound, so look again.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/billing/reserve-lookup
func (s *BillingService) GetReservation(ctx context.Context, reserveID string, opts ...RequestOption) (*ReservationDetail, error) {
	return lookup(ctx, s.c, &billingEndpoints.getReservation, "reserveID", "reservation", reserveID,
		func(r *ReservationDetail) string { return r.ReserveID }, opts)
}

type cancelReservationResponse struct {
	ReserveID string `json:"reserve_id"`
	Success   *bool  `json:"success"`
}

// CancelReservation cancels a scheduled charge: DELETE
// /subscribe/payment/reserve/{reserve_id}. A reservation that already
// ran cannot be cancelled (cancel its receipt instead).
//
// Retry class Keyed: the reserve id names the write and a second cancel
// changes nothing, so it is retried on network errors and 5xx; a refusal
// after an attempt that may have been applied is an
// *OutcomeUnknownError: look it up with GetReservation. A 2xx with
// "success": false is an *APIError (nothing was cancelled), unless an
// earlier attempt may have been applied: then it is an
// *OutcomeUnknownError too (Reference is the reserve id), since that
// attempt may be what made the reservation uncancellable.
//
// Bootpay answers a cancel with {"reserve_id": …, "success": true}; only
// a 2xx with "success": true (and, when it names one, this reserve_id) is
// a cancel. A 2xx without "success" ({}, say) proves nothing, and the
// reservation may still charge when its time comes: an
// *OutcomeUnknownError (Reference is the reserve id) that sends you to
// GetReservation.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *BillingService) CancelReservation(ctx context.Context, reserveID string, opts ...RequestOption) error {
	out, res, err := transport.Send[cancelReservationResponse](ctx, s.c.t, &transport.Call{
		Endpoint: &billingEndpoints.cancelReservation, Args: []transport.Arg{{Field: "reserveID", Value: reserveID}},
		Reference: reserveID,
	}, opts...)
	switch {
	case err != nil:
		return err
	case out.ReserveID != "" && out.ReserveID != reserveID:
		return otherObjectReply(billingEndpoints.cancelReservation.Op, reserveID, "reservation", out.ReserveID, res)
	case out.Success == nil:
		return &OutcomeUnknownError{Gateway: "bootpay", Op: billingEndpoints.cancelReservation.Op, Reference: reserveID,
			IdempotencyKey: res.IdempotencyKey, Attempts: res.Attempts,
			Err: &DecodeError{Gateway: "bootpay", Op: billingEndpoints.cancelReservation.Op, Status: res.StatusCode,
				Err: errors.New(`the reply has no "success", so it does not show the reservation cancelled: look it up with GetReservation`)}}
	case !*out.Success:
		return reservationNotCancelled(reserveID, res)
	}
	return nil
}

// reservationNotCancelled is the error of a 2xx "success": false. After an
// earlier attempt that may have been applied (a 5xx, a reset), that answer
// may only say the reservation is no longer cancellable because that
// attempt cancelled it, so it proves nothing: the outcome is unknown.
func reservationNotCancelled(reserveID string, res transport.Result) error {
	refusal := &APIError{StatusCode: res.StatusCode, Op: billingEndpoints.cancelReservation.Op, Attempts: res.Attempts,
		Message: "Bootpay answered success: false; the reservation was not cancelled"}
	if !res.MayHaveApplied {
		return refusal
	}
	return &OutcomeUnknownError{Gateway: "bootpay", Op: billingEndpoints.cancelReservation.Op, Reference: reserveID,
		IdempotencyKey: res.IdempotencyKey, Attempts: res.Attempts, Err: refusal}
}
