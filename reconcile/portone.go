package reconcile

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strconv"

	"github.com/paykit-kr/paykit/portone"
)

// PortOneGateway is the PortOne V2 side of a reconciliation: the key is
// the payment id (paymentId), which the merchant stores when it requests
// the payment ("결제 완료 이후 결제 기록 조회나 위변조 대사 작업 시 사용되기
// 때문에 고객사 DB 상에 별도로 저장해야 합니다"). Build it with PortOne.
//
// A payment through a test channel (channel.type TEST) moved no money, so
// by default it never reads as money taken: a status that would (PAID,
// PARTIAL_CANCELLED, CANCELLED, PAY_PENDING, …) is StatusFailed, with its
// SourceStatus marked "PAID (TEST channel)". A merchant order recorded as
// paid on such a payment (a test channel key left in production) is then
// a StatusDiffers, goods shipped for no money, instead of a match. A PAID
// or PARTIAL_CANCELLED payment whose channel is absent or of a type this
// package does not know cannot be shown to be live or test: it is
// StatusUnknown ("PAID (no channel)"), which always reaches a person, as
// portone.VerifyParams refuses it; a payment in another status is placed
// by its status alone, since it holds no money either way. Set AllowTest
// to reconcile a staging store or the portonetest sandbox, whose channel
// is a TEST channel.
type PortOneGateway struct {
	client *portone.Client
	opts   []portone.RequestOption
	// AllowTest places a payment through a test channel by its status, as
	// a live one, and a payment without a channel too, like
	// portone.VerifyParams.AllowTest. Leave it false in production: the
	// zero value fails closed, so a forgotten field reports test payments,
	// never counts them as money.
	AllowTest bool
}

// PortOne returns the PortOne side of a reconciliation over client. opts
// (for example portone.WithStoreID) are passed to every request.
//
// Payments reads GET /payments-by-cursor (PaymentsService.All) in pages of
// 1,000: every payment created (requested) in the period, whatever its
// status now, so a payment paid or cancelled later is still seen with its
// current state. PortOne marks that endpoint unstable; should it change,
// the iterator's error ends the run rather than a silent gap. Lookup is
// GET /payments/{paymentId}. Nothing is ever written.
//
// Payments are listed by when they were created, not by when money moved:
// a virtual account deposited the day after it was issued is PAID during
// that next day but listed under the day before, which a run over the next
// day alone never reads. Reconcile a trailing window that covers the
// longest deposit deadline (입금 기한) of your virtual accounts and your
// refund window (see Run). PortOne's list of payment events by when they
// happened (PaymentsService.AllEvents, GET /payment-events-by-cursor) is
// not read by this adapter.
//
// An API secret that reaches several stores (하위 상점) needs
// portone.WithStoreID, on the client or in opts, naming the store whose
// orders the Merchant holds: a lookup without it asks the secret's own
// store, so another store's payment reads as absent and its order as
// MissingAtGateway. Reconcile each store with its own gateway and its
// own orders.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func PortOne(client *portone.Client, opts ...portone.RequestOption) *PortOneGateway {
	return &PortOneGateway{client: client, opts: opts}
}

// portOnePageSize is PortOne's largest cursor page.
const portOnePageSize = 1000

// Payments streams the payments created in period. A payment without
// requestedAt (Payment decodes an absent one as the zero time) that
// PortOne's own filter returned is kept as inside the period: a duplicate
// across two daily runs is better than a payment no run ever reports.
func (g *PortOneGateway) Payments(ctx context.Context, period Period) iter.Seq2[Record, error] {
	params := portone.PaymentCursorParams{From: period.From, Until: period.Until, Size: portOnePageSize}
	// PortOne's until is inclusive; the period's is not.
	inPeriod := func(p *portone.Payment) bool { return inPeriodOrUndated(period, p.RequestedAt) }
	return records(g.client.Payments.All(ctx, params, g.opts...), inPeriod, g.record)
}

// Lookup looks the payment with id key up. Only PortOne's 404
// PAYMENT_NOT_FOUND is "none"; any other error, another 404 included, is
// the error and ends the run.
func (g *PortOneGateway) Lookup(ctx context.Context, key string) (Record, bool, error) {
	p, err := g.client.Payments.Get(ctx, key, g.opts...)
	return lookedUp(p, err, portOneAbsent, g.record)
}

// record is p in the common vocabulary, placed by its channel unless
// g.AllowTest (see PortOneGateway).
func (g *PortOneGateway) record(p *portone.Payment) Record {
	r := portOneRecord(p)
	if g.AllowTest {
		return r
	}
	switch {
	case p.Channel != nil && p.Channel.Type == portone.SelectedChannelTypeLive:
	case p.Channel != nil && p.Channel.Type == portone.SelectedChannelTypeTest:
		r.Status, r.SourceStatus = moneyless(r.Status), r.SourceStatus+" (TEST channel)"
	case r.Status == StatusPaid || r.Status == StatusPartiallyCancelled:
		// Money may be held and nothing says whether it is real: fail
		// closed. A full cancel holds none either way.
		r.Status, r.SourceStatus = StatusUnknown, r.SourceStatus+unprovenChannel(p.Channel)
	}
	return r
}

// unprovenChannel marks the SourceStatus of a payment whose channel is
// neither LIVE nor TEST.
func unprovenChannel(c *portone.SelectedChannel) string {
	if c == nil {
		return " (no channel)"
	}
	return " (channel type " + strconv.Quote(string(c.Type)) + ")"
}

// portOneAbsent recognises PortOne's own answer that no payment has the
// id: 404 PAYMENT_NOT_FOUND. A 404 without that type (a proxy's page, a
// wrong base URL) proves nothing about the payment.
func portOneAbsent(err error) bool {
	var e *portone.APIError
	return errors.As(err, &e) && e.StatusCode == http.StatusNotFound && e.Type == portone.ErrorTypePaymentNotFound
}

// portOneRecord is p in the common vocabulary, in p's currency.
func portOneRecord(p *portone.Payment) Record {
	return Record{
		Key: p.ID, Ref: p.TransactionID, Amount: p.Amount.Total, Currency: string(p.Currency), Cancelled: p.Amount.Cancelled,
		Status: PortOneStatus(p.Status), SourceStatus: string(p.Status), At: p.RequestedAt,
	}
}

// PortOneStatus places a PortOne payment status in the common vocabulary.
// PAY_PENDING (결제 완료 대기: an approval whose outcome PortOne has not
// yet learned) is StatusUnknown, not pending: an approval under way may
// already have taken the money, so it always reaches a person. A status
// PortOne adds later is StatusUnknown too.
func PortOneStatus(s portone.PaymentStatus) Status {
	switch s {
	case portone.PaymentStatusReady, portone.PaymentStatusVirtualAccountIssued:
		return StatusPending
	case portone.PaymentStatusPaid:
		return StatusPaid
	case portone.PaymentStatusPartialCancelled:
		return StatusPartiallyCancelled
	case portone.PaymentStatusCancelled:
		return StatusCancelled
	case portone.PaymentStatusFailed:
		return StatusFailed
	}
	return StatusUnknown
}
