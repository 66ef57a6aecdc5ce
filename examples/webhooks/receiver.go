// Command webhooks is a webhook receiver for PortOne V2 and Bootpay that
// fulfils each paid order exactly once, whether the payment is reported by
// the webhook, by its redeliveries, by the buyer's browser, or by all of
// them in any order (package webhook's Processor over an in-memory Store).
//
//	go run ./examples/webhooks
//
// runs it against the in-process PortOne and Bootpay sandboxes: it creates
// one order per gateway, delivers each payment's webhook twice and reports
// it from the browser once, and prints how often each order was fulfilled
// (once). A virtual account is fulfilled by the Transaction.Paid webhook
// after the deposit, never by the browser's report of the issued account.
// A payment (or Bootpay receipt) partly cancelled (부분취소) before its paid
// event is handled no longer holds the order's amount: it is not fulfilled
// as paid, and its webhook is acknowledged and logged at ERROR for a
// person to refund the rest or decide by hand; one that still reads PAID
// with money cancelled is not fulfilled either, and each of its
// deliveries is refused (PortOne delivers it again) and logged at ERROR. A
// payment that can never match its order fulfils nothing: one through a
// PortOne TEST channel, or of another amount or currency than its
// order's. Its webhook is acknowledged and logged, as no redelivery could
// ever fulfil it. A lookup that answered about another payment is not
// such a payment: that webhook is refused, so it is delivered again. To serve
// real webhooks, mount Receiver.Routes on your server, with your PortOne
// webhook secret, your API clients, and a Store shared by your instances
// (see webhook.Store for its SQL contract).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"os"
	"sync"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/webhook"
)

func main() {
	fmt.Println("Webhook receiver for PortOne and Bootpay against the in-process sandboxes: each webhook delivered twice and the browser's report once, each order fulfilled once")
	if err := demo(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "webhooks:", err)
		os.Exit(1)
	}
}

// Order is the merchant's own record: the amount comes from here, never
// from a webhook or a browser.
type Order struct {
	ID        string // the order id; for PortOne also the paymentId
	Amount    int64
	Fulfilled int // how many times it was fulfilled: must end at 1
}

// Shop is the merchant's order book (a database in production).
type Shop struct {
	mu     sync.Mutex
	orders map[string]*Order
}

// NewShop returns an empty Shop.
func NewShop() *Shop { return &Shop{orders: map[string]*Order{}} }

// Add records an order.
func (s *Shop) Add(id string, amount int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orders[id] = &Order{ID: id, Amount: amount}
}

// Get returns a copy of an order.
func (s *Shop) Get(id string) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return Order{}, false
	}
	return *o, true
}

// fulfil ships the order. It is not idempotent by itself, on purpose: the
// Processor is what keeps it to once.
func (s *Shop) fulfil(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return fmt.Errorf("%w %s", errUnknownOrder, id)
	}
	o.Fulfilled++
	return nil
}

// Receiver holds what the three endpoints share.
type Receiver struct {
	Shop    *Shop
	PortOne *portone.Client
	Bootpay *bootpay.Client
	Once    *webhook.Processor
	// PortOneVerifier checks PortOne's signatures.
	PortOneVerifier *webhook.PortOneVerifier
	// TrustedProxies are your load balancers, whose X-Forwarded-For the
	// Bootpay source guard believes.
	TrustedProxies []netip.Prefix
	// Log receives the verified payments acknowledged without fulfilment
	// (a TEST channel, a receipt cancelled in full, a payment partly
	// cancelled before it was fulfilled, a mismatch with the order), and
	// each delivery of a payment that reads PAID with money cancelled;
	// nil means slog.Default().
	Log *slog.Logger
}

// Routes returns the receiver's endpoints:
//
//	POST /webhooks/portone   PortOne V2 webhooks
//	POST /webhooks/bootpay   Bootpay PG webhooks
//	POST /payment/complete   the browser's report of a PortOne payment {"paymentId"}
func (rc *Receiver) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/portone", webhook.PortOneHandler(rc.PortOneVerifier, rc.onPortOne, webhook.WithProcessor(rc.Once)))
	mux.Handle("POST /webhooks/bootpay", webhook.BootpayHandler(webhook.BootpayLookup{Client: rc.Bootpay}, rc.onBootpay,
		webhook.WithProcessor(rc.Once), webhook.WithSourceGuard(webhook.SourceGuard{TrustedProxies: rc.TrustedProxies})))
	mux.HandleFunc("POST /payment/complete", rc.complete)
	return mux
}

// onPortOne acts on a verified PortOne event: Transaction.Paid, in the
// current shape or the legacy 2024-01-01 one (paidPaymentID). The event
// only names the payment: look it up and compare it with the order before
// fulfilling.
//
// It runs inside Processor.Process under the Transaction.Paid key, which a
// nil return marks done for good. So a payment PortOne's lookup does not
// yet read as paid (the deposit still on its way, PAY_PENDING, FAILED from
// an earlier attempt or a lagging record, or a status this package does
// not know: see mayYetBePaid) returns errNotPaidYet: the key is released,
// the handler answers 500, and PortOne delivers again. Returning nil there
// would swallow the one Transaction.Paid this payment gets.
//
// A payment paid and since partly cancelled (PARTIAL_CANCELLED, 부분취소)
// before this event is handled is not paid in full (see fulfils): it is not
// fulfilled, and its webhook is acknowledged and logged at ERROR
// (partlyCancelled) for a person to refund the rest or ship by hand, as
// onBootpay does for a partly cancelled receipt. It never becomes PAID
// again, so no redelivery could change that.
//
// A payment that differs from its order only in what never changes once
// it is made (see neverMatches: its amount, currency, channel) never will
// match. Its webhook is acknowledged without fulfilment and logged
// (notFulfilled), since an error would only have PortOne redeliver it until
// it gives up. A payment that reads PAID with money cancelled (an
// amount.cancelled mismatch: its status not caught up with a 부분취소, or
// a PAID that carries cancelled money, UNCONFIRMED) is not fulfilled
// either; its status may yet read PARTIAL_CANCELLED, so it is an error and
// PortOne delivers it again, and each delivery is logged at ERROR
// (paidWithCancelled): PortOne's retries end, and a person must be told
// before they do. Any other mismatch (a reply about another payment id: a
// misrouting proxy or cache, which may read right next time) is an error,
// as is an order this instance does not know yet (it may still be created
// or replicated here): the key is released and PortOne delivers again.
//
// The lookup is bounded by half the Processor's lease (callbackTimeout):
// the handler runs the callback on a context with no deadline, and a
// callback still running when its lease ends may run twice (a redelivery
// takes the key over and fulfils the order, then this one fulfils it
// again). A lookup cut so is a failed lookup: the key is released and
// PortOne delivers again.
func (rc *Receiver) onPortOne(ctx context.Context, d *webhook.PortOneDelivery) error {
	paymentID := paidPaymentID(d.Event)
	if paymentID == "" {
		return nil // other events (and unknown types) are acknowledged and ignored here
	}
	lookupCtx, cancel := context.WithTimeout(ctx, rc.callbackTimeout())
	defer cancel()
	order, v, err := rc.verifyPortOne(lookupCtx, paymentID)
	var mismatch *portone.MismatchError
	switch {
	case errors.As(err, &mismatch) && neverMatches(mismatch):
		rc.notFulfilled(ctx, "portone", order, portOneBenign(mismatch), mismatch, "paymentId", mismatch.PaymentID)
		return nil
	case errors.As(err, &mismatch) && paidWithCancelled(mismatch):
		rc.paidWithCancelled(ctx, order, mismatch)
		return err // its status may yet catch up: PortOne delivers again
	case err != nil:
		return err // an unknown order, a failed lookup or a reply about another payment: PortOne delivers again
	case fulfils(v):
		return rc.Shop.fulfil(order.ID)
	case v.Outcome == portone.OutcomePartiallyCancelled:
		rc.partlyCancelled(ctx, "portone", order, "paymentId", paymentID, "cancelled", v.Payment.Amount.Cancelled)
		return nil
	case mayYetBePaid(v.Outcome):
		return fmt.Errorf("%w: %s is %s", errNotPaidYet, paymentID, v.Outcome)
	default:
		return nil // cancelled: it was paid and given back, so there is nothing to wait for
	}
}

// callbackTimeout bounds the gateway calls a Process callback makes: half
// the Processor's lease (webhook.DefaultLease when it sets none), well
// within it, as Processor.Lease asks, so that the callback ends before
// another claimant may take its key over.
func (rc *Receiver) callbackTimeout() time.Duration {
	lease := webhook.DefaultLease
	if rc.Once != nil && rc.Once.Lease > 0 {
		lease = rc.Once.Lease
	}
	return lease / 2
}

// paidPaymentID is the payment a Transaction.Paid event names, in the
// current shape (*webhook.PortOneTransaction) or in the legacy 2024-01-01
// one a store may still choose in PortOne's console
// (*webhook.PortOneLegacyEvent, status "Paid"); "" for any other event.
// Both shapes share the Transaction.Paid key (webhook.PortOneKey), so a
// legacy Paid acknowledged unrun would mark that key done, and neither its
// redeliveries nor the browser's report would fulfil the order.
func paidPaymentID(ev webhook.PortOneEvent) string {
	if ev.EventType() != webhook.PortOneTransactionPaid {
		return ""
	}
	switch e := ev.(type) {
	case *webhook.PortOneTransaction:
		return e.PaymentID
	case *webhook.PortOneLegacyEvent:
		return e.PaymentID
	}
	return ""
}

// notFulfilled logs a verified payment of gateway that will never fulfil
// order (mismatch says why; payment are the attributes naming it). A
// mismatch nobody needs to look into, which benign names ("" for any
// other), is a warning: see portOneBenign and bootpayBenign. Any other is
// an error to look into (위변조 의심): money may have moved, for the wrong
// amount.
func (rc *Receiver) notFulfilled(ctx context.Context, gateway string, order Order, benign string, mismatch error, payment ...any) {
	log := rc.logger()
	attrs := append(payment, "order", order.ID)
	if benign != "" {
		// The gateways' mismatch texts say 위변조 의심, which this is not.
		log.WarnContext(ctx, gateway+": "+benign+" acknowledged without fulfilment", attrs...)
		return
	}
	log.ErrorContext(ctx, gateway+": payment does not match its order (위변조 의심); acknowledged without fulfilment",
		append(attrs, "mismatch", mismatch.Error())...)
}

// partlyCancelled logs, at ERROR, a verified payment of gateway that
// matched order but was partly cancelled (부분취소) before it was fulfilled
// (payment are the attributes naming it): the merchant holds only part of
// the order's amount, so it is not fulfilled as paid, and a person must
// refund the rest or decide what to ship. No 위변조 의심: the payment was
// made as ordered.
func (rc *Receiver) partlyCancelled(ctx context.Context, gateway string, order Order, payment ...any) {
	rc.logger().ErrorContext(ctx, gateway+": payment partly cancelled (부분취소) before fulfilment, not paid in full; "+
		"acknowledged without fulfilment: refund the rest or hold the order for a person", append(payment, "order", order.ID)...)
}

// paidWithCancelled reports whether m is about a payment that reads PAID
// with money cancelled (amount.cancelled), and not about another payment
// (id): the lookup answered for the payment asked about.
func paidWithCancelled(m *portone.MismatchError) bool {
	return m.Has("amount.cancelled") && !m.Has("id")
}

// paidWithCancelled logs, at ERROR, a PortOne payment of order that reads
// PAID with money cancelled (m): it is not fulfilled, and its webhook is
// answered 5xx so that PortOne delivers it again in case its status
// catches up (PARTIAL_CANCELLED, which partlyCancelled then logs). PortOne
// retries a webhook only a few times, so each delivery tells a person, who
// refunds the rest or decides by hand if the state lasts.
func (rc *Receiver) paidWithCancelled(ctx context.Context, order Order, m *portone.MismatchError) {
	rc.logger().ErrorContext(ctx, "portone: payment reads PAID with money cancelled, not paid in full; not fulfilled, "+
		"PortOne delivers it again: if this lasts, refund the rest or hold the order for a person",
		"paymentId", m.PaymentID, "order", order.ID, "cancelled", mismatchActual(m, "amount.cancelled"))
}

// mismatchActual is the payment's value of field in m ("" when m does not
// name it). The log quotes it rather than m.Error(), whose 위변조 의심 a
// refund is not.
func mismatchActual(m *portone.MismatchError, field string) string {
	for _, f := range m.Mismatches {
		if f.Field == field {
			return f.Actual
		}
	}
	return ""
}

// logger is rc.Log, or slog.Default() when it is nil.
func (rc *Receiver) logger() *slog.Logger {
	if rc.Log == nil {
		return slog.Default()
	}
	return rc.Log
}

// portOneBenign names a mismatch that is only a TEST channel: a tester,
// or a test channel key in the wrong hands; no money moved.
func portOneBenign(m *portone.MismatchError) string {
	if len(m.Mismatches) == 1 && m.Mismatches[0].Field == "channel.type" && m.Mismatches[0].Actual == string(portone.SelectedChannelTypeTest) {
		return "TEST-channel payment"
	}
	return ""
}

// bootpayBenign names a mismatch that is only the receipt's status: the
// receipt is no longer paid, cancelled in full (결제취소) by the merchant
// since it was paid (package webhook acknowledges such a completion as
// ErrSuperseded before it gets here, so this is a second line). The money
// moved as ordered and was given back.
func bootpayBenign(m *bootpay.MismatchError) string {
	if len(m.Mismatches) == 1 && m.Has("status") {
		return "receipt no longer paid"
	}
	return ""
}

// neverMatches reports whether m names only fields PortOne never changes
// on a payment once it is made: amount.total (the amount paid, which a
// partial cancel leaves as it is), currency and channel.type. No later
// lookup can make such a payment match, so its webhook is acknowledged.
// Any other field, "id" above all (the reply was about another payment:
// a misrouting proxy or cache), "amount.cancelled" (a PAID payment with
// money cancelled, whose status may not have caught up) or one this
// example does not know, may read right next time: acknowledging it would
// mark the Transaction.Paid key done, and the order would never be
// fulfilled, by the webhook or by the browser.
//
// A channel.type mismatch is final only when PortOne named a channel
// (TEST): a payment sent without one may name it next time, so a mismatch
// on that alone is delivered again. Beside another amount or currency it
// changes nothing: those never come to match.
func neverMatches(m *portone.MismatchError) bool {
	final := false
	for _, f := range m.Mismatches {
		switch {
		case f.Field == "amount.total", f.Field == "currency", f.Field == "channel.type" && f.Actual != "":
			final = true
		case f.Field == "channel.type":
		default:
			return false
		}
	}
	return final
}

// fulfils reports whether a verified payment is to be fulfilled: PAID
// only, the whole amount held (Verify refuses a PAID payment with money
// cancelled). A payment paid and then cancelled in part (PARTIAL_CANCELLED,
// 부분취소) matched the order, since Verify compares amount.total, the
// amount as paid, but the merchant no longer holds it all: it is not
// fulfilled as paid (see portone.OutcomePartiallyCancelled). Nor is one
// cancelled in full.
func fulfils(v *portone.VerifiedPayment) bool {
	return v.Outcome == portone.OutcomePaid
}

// errNotPaidYet reports a payment that may still become paid (the buyer
// has not deposited yet, or the gateway's record lags its webhook).
var errNotPaidYet = errors.New("payment not paid yet")

// mayYetBePaid reports whether a payment with outcome o can still become
// PAID, so that its Transaction.Paid key must stay open. An unrecognized
// status counts: marking its key done could lose a payment. So does
// FAILED: PortOne sends Transaction.Paid only for an approved payment, so
// FAILED beside it is a record that has not caught up (an earlier attempt
// under the same paymentId, or a lookup lagging its webhook), not a
// verdict.
func mayYetBePaid(o portone.Outcome) bool {
	switch o {
	case portone.OutcomeAwaitingDeposit, portone.OutcomePending, portone.OutcomeFailed, portone.OutcomeUnrecognized:
		return true
	}
	return false
}

// verifyPortOne looks the payment up and compares it with the order: the
// amount and currency from the merchant's own record, and a LIVE channel.
// Leaving AllowTest false is what stops a TEST-channel payment (no money
// moved; anyone with the store's test channel key can make one, and here
// the paymentId is the order id) from fulfilling a real order. Set it only
// on a staging server that takes test payments on purpose. A payment
// without a channel, paid or cancelled in part, cannot be shown to be
// live: Verify reports it as a channel.type mismatch.
func (rc *Receiver) verifyPortOne(ctx context.Context, paymentID string) (Order, *portone.VerifiedPayment, error) {
	order, ok := rc.Shop.Get(paymentID)
	if !ok {
		return Order{}, nil, fmt.Errorf("%w %s", errUnknownOrder, paymentID)
	}
	v, err := rc.PortOne.Payments.Verify(ctx, portone.VerifyParams{
		PaymentID: paymentID, Amount: order.Amount, Currency: portone.CurrencyKRW})
	return order, v, err
}

// errUnknownOrder reports a payment id that names no order of the shop.
var errUnknownOrder = errors.New("unknown order")

// onBootpay acts on a Bootpay event whose receipt was looked up and agreed
// with it: compare the receipt with the order, then fulfil.
//
// The webhook's lookup lets a PAYMENT_COMPLETED through with a receipt
// partly cancelled (부분취소) since, status 20 with less than its price
// cancelled: that receipt was paid for its full price (Verify still
// compares it, see bootpayPaidStatus), but the merchant no longer holds
// it all, so it is not fulfilled as paid: its webhook is acknowledged and
// logged at ERROR (partlyCancelled) for a person to refund the rest or
// ship by hand, as onPortOne does for a PARTIAL_CANCELLED payment. A
// receipt cancelled in full never gets here (the webhook package
// acknowledges its completion as ErrSuperseded).
//
// The order's currency is compared too (KRW, as the shop's amounts are
// won): a receipt of the same number in another currency (15000 USD for a
// 15000 won order) is not the order's amount. webhook.BootpayLookup does
// not compare currency: it compares the event with the receipt, and the
// currency the order expects is the merchant's to check here.
//
// A receipt that does not match its order never will: its price and
// currency do not change, and a receipt cancelled in full is not paid
// again. Its webhook is acknowledged without fulfilment and logged
// (notFulfilled: a receipt that is only no longer paid at WARN, any other
// mismatch, such as another amount or currency, at ERROR), since an error
// would only have Bootpay redeliver it until it gives up. An order this
// instance does not know yet may still be created (or replicated) here, so
// that one stays an error and is redelivered, as is a failed lookup (the
// handler answers it).
func (rc *Receiver) onBootpay(ctx context.Context, d *webhook.BootpayDelivery) error {
	if d.Event.Kind() != webhook.BootpayPaymentCompleted {
		return nil
	}
	order, ok := rc.Shop.Get(d.Receipt.OrderID)
	if !ok {
		return fmt.Errorf("%w %s", errUnknownOrder, d.Receipt.OrderID)
	}
	err := d.Receipt.Verify(bootpay.VerifyParams{OrderID: order.ID, Amount: order.Amount, Currency: "KRW", Status: bootpayPaidStatus(d.Receipt)})
	var mismatch *bootpay.MismatchError
	switch {
	case errors.As(err, &mismatch):
		rc.notFulfilled(ctx, "bootpay", order, bootpayBenign(mismatch), mismatch,
			"receiptId", d.Receipt.ReceiptID, "status", d.Receipt.Status.String())
		return nil
	case err != nil:
		return err
	case bootpayPartlyCancelled(d.Receipt):
		rc.partlyCancelled(ctx, "bootpay", order, "receiptId", d.Receipt.ReceiptID, "cancelled", d.Receipt.CancelledPrice.Int64())
		return nil
	}
	return rc.Shop.fulfil(order.ID)
}

// bootpayPaidStatus is the status r must have to match its order: 결제완료
// (StatusPaid), or 결제취소 (StatusCancelled) when r is only partly
// cancelled (bootpayPartlyCancelled), which Bootpay reports with the same
// status 20 as a full cancel. Receipt.Verify still compares Price, the
// amount as paid, with the order's, so a partly cancelled receipt of
// another amount is 위변조 의심 like any other; one that matches is still
// not fulfilled (see onBootpay). A receipt cancelled in full is expected
// paid, so its status is a mismatch.
func bootpayPaidStatus(r *bootpay.Receipt) bootpay.Status {
	if bootpayPartlyCancelled(r) {
		return bootpay.StatusCancelled
	}
	return bootpay.StatusPaid
}

// bootpayPartlyCancelled reports whether r was paid and then cancelled in
// part (부분취소): status 20 with 0 < CancelledPrice < Price.
func bootpayPartlyCancelled(r *bootpay.Receipt) bool {
	return r.Status == bootpay.StatusCancelled && r.CancelledPrice.Int64() > 0 && !r.FullyCancelled()
}

// complete is the browser's path for PortOne: the same verification and
// the same key as the Transaction.Paid webhook, so the two run fulfilment
// once between them.
//
// It looks the payment up BEFORE claiming the key, and claims it only for
// a paid payment (as PortOnePaidKey's doc asks), PAID (fulfils); one
// partly cancelled since is answered "partially cancelled" and left to the
// webhook, which logs it for a person. A virtual account the
// buyer has not paid into yet, or a PAY_PENDING payment, is answered with
// its status and leaves the key alone, so that the Transaction.Paid
// webhook sent after the deposit still fulfils the order. Claiming first
// would mark the key done with nothing fulfilled, and that webhook would
// be acknowledged without running.
//
// A fulfilment that ran but whose key the store could not record as done
// (webhook.ErrNotRecorded) is answered paid and logged at ERROR, as the
// webhook handlers acknowledge it: the order was fulfilled, and a 500
// would tell a buyer who paid to try again. A key already done is
// answered from the order: paid when it was fulfilled, "not fulfilled"
// otherwise, since the webhook may have finished the key without
// fulfilling (a payment it found partly cancelled, logged for a person).
func (rc *Receiver) complete(w http.ResponseWriter, r *http.Request) {
	var in struct {
		PaymentID string `json:"paymentId"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&in); err != nil || in.PaymentID == "" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	order, v, err := rc.verifyPortOne(r.Context(), in.PaymentID)
	var mismatch *portone.MismatchError
	switch {
	case errors.As(err, &mismatch) && neverMatches(mismatch), errors.Is(err, errUnknownOrder):
		http.Error(w, "payment not verified", http.StatusBadRequest)
		return
	case err != nil: // a failed lookup, or a reply about another payment
		http.Error(w, "payment lookup failed; try again", http.StatusBadGateway)
		return
	case !fulfils(v):
		writeStatus(w, v.Outcome.String()) // e.g. "awaiting deposit": the webhook fulfils it once paid
		return
	}
	// Paid was paid for good, so fulfilling needs no second lookup; the
	// key keeps the webhook from fulfilling it again. The buyer closing the
	// tab must not cut a fulfilment half-way (its key would be released and
	// the webhook would run it again), so it runs detached from the
	// request's cancellation, as the webhook handlers run theirs.
	ran, err := rc.Once.Process(context.WithoutCancel(r.Context()), webhook.PortOnePaidKey(in.PaymentID), func(context.Context) error {
		return rc.Shop.fulfil(order.ID)
	})
	switch {
	case errors.Is(err, webhook.ErrInProgress):
		http.Error(w, "processing", http.StatusConflict) // the webhook is on it; ask again shortly
	case ran && errors.Is(err, webhook.ErrNotRecorded):
		// Fulfilled; only the key's record failed. The buyer paid and the
		// order ships: "try again" would invite paying again. Log it, as
		// the webhook handlers report it, since the key can be claimed
		// again once its lease ends.
		rc.logger().ErrorContext(r.Context(), "portone: order fulfilled but its key not recorded as done",
			"order", order.ID, "paymentId", in.PaymentID, "err", err.Error())
		writeStatus(w, "paid")
	case err != nil:
		http.Error(w, "fulfilment failed; try again", http.StatusInternalServerError)
	case !ran && !rc.fulfilled(order.ID):
		writeStatus(w, "not fulfilled") // the webhook closed the key without fulfilling; a person was told
	default:
		writeStatus(w, "paid")
	}
}

// fulfilled reports whether the shop fulfilled order id.
func (rc *Receiver) fulfilled(id string) bool {
	o, ok := rc.Shop.Get(id)
	return ok && o.Fulfilled > 0
}

// writeStatus answers the browser {"status": status}.
func writeStatus(w http.ResponseWriter, status string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"status": status})
}
