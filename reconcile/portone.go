package reconcile

import (
	"context"
	"errors"
	"fmt"
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
	// SkipEvents stops Payments from reading PortOne's payment events (GET
	// /payment-events-by-cursor), so that it streams only the payments
	// created in the period. Leave it false: the zero value also reports a
	// payment created before the period whose money moved in it (a
	// deposit, a late approval, a refund). PortOne marks that endpoint
	// unstable; should it fail (the run ends with an error that says it
	// was reading payment events) while the payment list works, set
	// SkipEvents until it is back, and reconcile a trailing window that
	// covers your longest deposit deadline (입금 기한) and refund window
	// meanwhile (see Run).
	SkipEvents bool
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
// That list is by when payments were created, not by when money moved: a
// virtual account issued the day before and deposited in the period (or
// an approval that landed after midnight, or a refund or 부분취소 weeks
// later) is not in it. So Payments then reads PortOne's payment events of
// the period, by when they happened (PaymentsService.AllEvents, GET
// /payment-events-by-cursor: paid, partially cancelled, cancelled), and
// looks up (GET /payments/{paymentId}) each payment with an event in the
// period that was created outside it, once, streaming it in its current
// state. Run matches it by key (Merchant.Find looks at every period), so
// an order placed the day before and still pending for a payment paid in
// the period is reported (StatusDiffers), and one the merchant kept in
// step is not. A failed page of events or a failed lookup ends the run
// with its error, never a gap; PortOne marks the events endpoint unstable
// too: see SkipEvents.
//
// Those lookups are made one at a time, as the stream reaches each event
// (Options.Concurrency paces only Run's lookups of merchant records): a
// run costs, on top of the list pages, one GET per payment created before
// the period whose money moved in it (a deposit, a late approval, a
// refund or 부분취소), each waited for in turn, retries included. Give a
// run's context a deadline that allows for them: a deadline (or a
// cancel) that falls while they run ends the run with an error, never
// with a partial report that reads as clean.
//
// A payment reported this way may be reported again by the run over the
// period it was created in; key your follow-up by Key and Kind. A
// trailing window (see Run) is still the better routine: it compares each
// payment again until its money can no longer move, and does not rest on
// the events endpoint alone.
//
// An API secret that reaches several stores (하위 상점) needs
// portone.WithStoreID, on the client or in opts, naming the store whose
// orders the Merchant holds: a lookup without it asks the secret's own
// store, so another store's payment reads as absent and its order as
// MissingAtGateway, and the payment events, which without a store are
// every store's, name payments the lookup does not find, which ends the
// run with an error. Reconcile each store with its own gateway and its
// own orders.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func PortOne(client *portone.Client, opts ...portone.RequestOption) *PortOneGateway {
	return &PortOneGateway{client: client, opts: opts}
}

// portOnePageSize is PortOne's largest cursor page.
const portOnePageSize = 1000

// Payments streams the payments created in period, then (unless
// SkipEvents) those created outside it whose money moved in it. A payment
// without requestedAt (Payment decodes an absent one as the zero time)
// that PortOne's own filter returned is kept as inside the period: a
// duplicate across two daily runs is better than a payment no run ever
// reports.
//
// The payments with events are found without holding the period's
// payments in memory: an event whose payment was requested inside the
// period (the event's requestedAt, which the schema titles as the
// payment's, 결제 요청 시점; UNCONFIRMED that PortOne fills it so) needs
// nothing, since the creation list holds that payment; only the others
// are looked up, and only their ids are kept, to look each up once. Their
// number is the payments created outside the period whose money moved in
// it, not the period's payments.
// An event whose payment shows no requestedAt is looked up too, and the
// payment is dropped when its own requestedAt puts it in the period, or
// when the creation list already streamed it undated (only the ids of
// those undated payments are kept for that).
func (g *PortOneGateway) Payments(ctx context.Context, period Period) iter.Seq2[Record, error] {
	if g.SkipEvents {
		return g.created(ctx, period, nil)
	}
	return func(yield func(Record, error) bool) {
		undated := map[string]bool{}
		for _, seq := range []iter.Seq2[Record, error]{g.created(ctx, period, undated), g.movedIn(ctx, period, undated)} {
			for r, err := range seq {
				if !yield(r, err) || err != nil {
					return
				}
			}
		}
	}
}

// created streams the payments PortOne lists as created in period,
// undated ones included; when undated is not nil, the id of each undated
// one streamed is added to it.
func (g *PortOneGateway) created(ctx context.Context, period Period, undated map[string]bool) iter.Seq2[Record, error] {
	params := portone.PaymentCursorParams{From: period.From, Until: period.Until, Size: portOnePageSize}
	// PortOne's until is inclusive; the period's is not.
	keep := func(p *portone.Payment) bool {
		if p.RequestedAt.IsZero() && undated != nil {
			undated[p.ID] = true
		}
		return inPeriodOrUndated(period, p.RequestedAt)
	}
	return records(g.client.Payments.All(ctx, params, g.opts...), keep, g.record)
}

// movedIn streams the payments created outside period (before it, or
// undated) that have a payment event in it, each once, looked up in their
// current state. looked holds the ids not to look up: the undated
// payments the creation list streamed, to which movedIn adds each payment
// it looks up. The first error, of the events list or of a lookup, is
// yielded and ends it; the events list's carries the SkipEvents advice
// unless ctx ended, which is no fault of the endpoint.
func (g *PortOneGateway) movedIn(ctx context.Context, period Period, looked map[string]bool) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		params := portone.PaymentCursorParams{From: period.From, Until: period.Until, Size: portOnePageSize}
		for e, err := range g.client.Payments.AllEvents(ctx, params, g.opts...) {
			if err != nil {
				// A run that was cancelled or ran out of time is no fault of
				// the endpoint: no advice to switch it off.
				advice := " (set PortOneGateway.SkipEvents only while this endpoint fails)"
				if ctx.Err() != nil {
					advice = ""
				}
				yield(Record{}, fmt.Errorf("reconcile: reading PortOne's payment events%s: %w", advice, err))
				return
			}
			// An event at Until (PortOne's until is inclusive) is the next
			// period's; an undated one is kept, as in the creation list.
			if !inPeriodOrUndated(period, e.CreatedAt) || period.Contains(e.RequestedAt) || looked[e.PaymentID] {
				continue
			}
			looked[e.PaymentID] = true
			p, err := g.eventPayment(ctx, e)
			if err != nil {
				yield(Record{}, err)
				return
			}
			if period.Contains(p.RequestedAt) {
				continue // the creation list held it: the event's requestedAt was missing
			}
			if !yield(g.record(p), nil) {
				return
			}
		}
	}
}

// eventPayment looks up the payment of event e. Every error is the run's:
// an event names a payment PortOne holds, so even its 404
// PAYMENT_NOT_FOUND proves only that the lookup asked elsewhere (another
// store, for a secret reaching several and no portone.WithStoreID), never
// that the payment is absent; and a payment of another id is never
// compared in its place.
func (g *PortOneGateway) eventPayment(ctx context.Context, e *portone.PaymentEvent) (*portone.Payment, error) {
	p, err := g.client.Payments.Get(ctx, e.PaymentID, g.opts...)
	switch {
	case err != nil && portOneAbsent(err):
		return nil, fmt.Errorf("reconcile: PortOne lists a payment event (%s) of payment %q of store %q, but looking it up found none: "+
			"reconcile one store at a time with portone.WithStoreID: %w", e.Type, e.PaymentID, e.StoreID, err)
	case err != nil:
		return nil, fmt.Errorf("reconcile: looking up payment %q of a payment event: %w", e.PaymentID, err)
	case p.ID != e.PaymentID:
		return nil, fmt.Errorf("reconcile: looking up payment %q of a payment event answered with payment %q", e.PaymentID, p.ID)
	}
	return p, nil
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
