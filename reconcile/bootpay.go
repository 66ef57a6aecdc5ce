package reconcile

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strconv"

	"github.com/paykit-kr/paykit/bootpay"
)

// BootpayGateway is the Bootpay PG side of a reconciliation: the key is
// the receipt id (receipt_id), which the merchant stores when it verifies
// or confirms the payment. Build it with Bootpay.
//
// Bootpay's PG API has no payment list, so the reconciliation is driven
// from the merchant's records: Payments yields nothing, every merchant
// record of the period reaches Lookup (GET /v2/receipt/{receipt_id}),
// Options.Concurrency at a time, retried by the client on network errors,
// 429 and 5xx with its backoff and Retry-After. MissingAtMerchant can
// therefore never be reported for Bootpay PG: a payment the merchant never
// recorded is found only through Bootpay's webhooks or its console.
// Nothing is ever written. Each receipt is compared in its state at the
// lookup, and only when its merchant record lies in the period: reconcile
// a trailing window that covers the longest deposit deadline (입금 기한)
// and your refund window, so a deposit or refund after the order's day is
// still compared (see Run).
//
// A test-mode receipt (sandbox: true: a payment made with the
// application's test keys) moved no money, so by default it never reads
// as money taken: a status that would (1 결제완료, 20 결제취소 완료, 3
// 결제승인중, …) is StatusFailed, with its SourceStatus marked "1
// (sandbox)". A merchant order recorded as paid on such a receipt (a
// staging key in production) is then a StatusDiffers, goods shipped for
// no money, instead of a match. Set AllowSandbox to reconcile a test
// application or the bootpaytest sandbox.
type BootpayGateway struct {
	client *bootpay.Client
	opts   []bootpay.RequestOption
	// AllowSandbox places a test-mode receipt (sandbox: true) by its
	// status, as a live one, like bootpay.VerifyParams.AllowSandbox. Leave
	// it false in production: the zero value fails closed, so a forgotten
	// field reports test payments, never counts them as money.
	AllowSandbox bool
}

// Bootpay returns the Bootpay PG side of a reconciliation over client;
// opts are passed to every lookup.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/receipt
func Bootpay(client *bootpay.Client, opts ...bootpay.RequestOption) *BootpayGateway {
	return &BootpayGateway{client: client, opts: opts}
}

// Payments yields nothing: Bootpay PG has no list of payments.
func (g *BootpayGateway) Payments(context.Context, Period) iter.Seq2[Record, error] {
	return func(func(Record, error) bool) {}
}

// Lookup looks the receipt with id key up. Only Bootpay's 404
// RC_NOT_FOUND is "none"; any other error, another 404 included, is the
// error and ends the run.
func (g *BootpayGateway) Lookup(ctx context.Context, key string) (Record, bool, error) {
	r, err := g.client.Receipts.Get(ctx, key, g.opts...)
	return lookedUp(r, err, bootpayAbsent, g.record)
}

// record is r in the common vocabulary; a test-mode receipt reads as no
// money unless g.AllowSandbox.
func (g *BootpayGateway) record(r *bootpay.Receipt) Record {
	rec := bootpayRecord(r)
	if r.Sandbox && !g.AllowSandbox {
		rec.Status, rec.SourceStatus = moneyless(rec.Status), rec.SourceStatus+" (sandbox)"
	}
	return rec
}

// bootpayAbsent recognises Bootpay's own answer that no receipt has the
// id: 404 RC_NOT_FOUND. A 404 without that error_code (a proxy's page, a
// wrong base URL) proves nothing about the payment. The older numeric
// not-found code (-2410) is UNCONFIRMED, so it ends the run rather than
// report a payment missing.
func bootpayAbsent(err error) bool {
	var e *bootpay.APIError
	return errors.As(err, &e) && e.StatusCode == http.StatusNotFound && e.Code == bootpay.CodeReceiptNotFound
}

// bootpayRecord is r in the common vocabulary, at its purchase time (its
// request time while it is not purchased), in r's currency ("" when the
// receipt names none: KRW).
func bootpayRecord(r *bootpay.Receipt) Record {
	at := r.PurchasedAt.Time
	if at.IsZero() {
		at = r.RequestedAt.Time
	}
	return Record{
		Key: r.ReceiptID, Ref: r.OrderID, Amount: r.Price.Int64(), Currency: r.Currency, Cancelled: r.CancelledPrice.Int64(),
		Status: BootpayStatus(r.Status, r.Price.Int64(), r.CancelledPrice.Int64()), SourceStatus: strconv.Itoa(int(r.Status)), At: at,
	}
}

// BootpayStatus places a Bootpay receipt status in the common vocabulary.
// Status 20 (결제취소 완료) stands for a full or a partial cancel; the
// amounts tell which. A failed cancel (-20) leaves the payment paid. An
// approval under way (3 결제승인중: the PG is approving, and may already
// have taken the money), a cancel in progress (-30) and the statuses that
// are not payments (billing keys, certificates) are StatusUnknown, which
// always reaches a person.
func BootpayStatus(s bootpay.Status, price, cancelled int64) Status {
	switch s {
	case bootpay.StatusReady, bootpay.StatusAwaitingConfirm, bootpay.StatusVirtualAccountIssued:
		return StatusPending
	case bootpay.StatusPaid, bootpay.StatusCancelFailed:
		return paidStatus(price, cancelled)
	case bootpay.StatusCancelled:
		if cancelled <= 0 {
			return StatusUnknown // cancelled, yet nothing cancelled: a person looks
		}
		return paidStatus(price, cancelled)
	case bootpay.StatusFailedBeforeApproval, bootpay.StatusApprovalFailed, bootpay.StatusVirtualAccountRevoked:
		return StatusFailed
	}
	return StatusUnknown
}

// paidStatus is the status of a paid payment with cancelled of price
// cancelled.
func paidStatus(price, cancelled int64) Status {
	switch {
	case cancelled <= 0:
		return StatusPaid
	case cancelled < price:
		return StatusPartiallyCancelled
	}
	return StatusCancelled
}
