package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/internal/redact"
)

// CommerceEventKind is the kind of a Bootpay Commerce webhook (주문·구독
// 이벤트). Commerce documents neither the names of its events nor the
// member that carries them (UNCONFIRMED): DecodeCommerceEvent reads the
// first of "webhook_type", "event_type" and "event", normalized to upper
// case with "." and "-" read as "_" (so "order.paid" is ORDER_PAID) and the
// American spelling CANCELED read as CANCELLED. A payload with none of
// them gets its kind from the order status (see CommerceEvent.Kind). A
// kind paykit does not name still decodes, IsKnown reporting false, as
// long as it reads [A-Z0-9_]+ once normalized. Anything else (a ":", a
// quote, a letter outside ASCII) is ignored, as if the payload named no
// kind: an unsigned webhook's kind must never be able to spell part of a
// process-once key (see CommerceEvent.Key), and refusing the body would
// refuse, for ever, a genuine event Commerce names in a way paykit does
// not expect (its names are UNCONFIRMED).
//
// Commerce docs: https://developers.bootpay.co.kr/commerce/order/checkout
type CommerceEventKind string

// The kinds paykit names. The values are paykit's reading of Commerce's
// order and subscription states (UNCONFIRMED as wire names).
const (
	CommerceOrderPaid                 CommerceEventKind = "ORDER_PAID"                   // 결제완료
	CommerceOrderVirtualAccountIssued CommerceEventKind = "ORDER_VIRTUAL_ACCOUNT_ISSUED" // 입금대기: 가상계좌 발급
	CommerceOrderCancelled            CommerceEventKind = "ORDER_CANCELLED"              // 전액 취소 (환불)
	CommerceOrderPartialCancelled     CommerceEventKind = "ORDER_PARTIAL_CANCELLED"      // 부분취소 (부분 환불)
	CommerceSubscriptionPaid          CommerceEventKind = "SUBSCRIPTION_PAID"            // 구독 회차 결제완료
	CommerceSubscriptionPaused        CommerceEventKind = "SUBSCRIPTION_PAUSED"          // 구독 일시정지
	CommerceSubscriptionResumed       CommerceEventKind = "SUBSCRIPTION_RESUMED"         // 구독 재개
	CommerceSubscriptionTerminated    CommerceEventKind = "SUBSCRIPTION_TERMINATED"      // 구독 해지
)

var commerceKindNames = map[CommerceEventKind]string{
	CommerceOrderPaid: "order paid (결제완료)", CommerceOrderVirtualAccountIssued: "virtual account issued (입금대기)",
	CommerceOrderCancelled: "order cancelled (전액 취소)", CommerceOrderPartialCancelled: "order partially cancelled (부분취소)",
	CommerceSubscriptionPaid: "subscription paid (구독 결제완료)", CommerceSubscriptionPaused: "subscription paused (일시정지)",
	CommerceSubscriptionResumed: "subscription resumed (재개)", CommerceSubscriptionTerminated: "subscription terminated (해지)",
}

// commerceKindAliases are other spellings of the named kinds.
var commerceKindAliases = map[string]CommerceEventKind{
	"ORDER_REFUNDED":               CommerceOrderCancelled,
	"ORDER_PARTIAL_REFUNDED":       CommerceOrderPartialCancelled,
	"ORDER_PARTIALLY_REFUNDED":     CommerceOrderPartialCancelled,
	"ORDER_PARTIALLY_CANCELLED":    CommerceOrderPartialCancelled,
	"ORDER_DEPOSIT_WAIT":           CommerceOrderVirtualAccountIssued,
	"SUBSCRIPTION_CANCELLED":       CommerceSubscriptionTerminated,
	"SUBSCRIPTION_PAYMENT_SUCCESS": CommerceSubscriptionPaid,
}

// String names the kind in English with the Korean term, or reads
// CommerceEventKind("…") for a kind paykit does not name.
func (k CommerceEventKind) String() string {
	if name, ok := commerceKindNames[k]; ok {
		return name
	}
	// The sender's own text, unchecked: long digit runs masked, as in
	// every other text a webhook carries.
	return "CommerceEventKind(" + strconv.Quote(redact.DigitRuns(string(k))) + ")"
}

// GoString is the kind quoted, long digit runs masked (see String).
func (k CommerceEventKind) GoString() string { return strconv.Quote(redact.DigitRuns(string(k))) }

// IsKnown reports a kind paykit names.
func (k CommerceEventKind) IsKnown() bool { _, ok := commerceKindNames[k]; return ok }

// subscriptionStatus is the status a subscription event's subscription
// must have in the order; ok is false for the other kinds.
func (k CommerceEventKind) subscriptionStatus() (commerce.SubscriptionStatus, bool) {
	switch k {
	case CommerceSubscriptionPaused:
		return commerce.SubscriptionPaused, true
	case CommerceSubscriptionResumed:
		return commerce.SubscriptionActive, true
	case CommerceSubscriptionTerminated:
		return commerce.SubscriptionTerminated, true
	}
	return 0, false
}

// mustNameSubscription reports a kind whose event must name its
// subscription: SUBSCRIPTION_RESUMED, whose state (active) is also the one
// a contract starts in, so the order cannot tell a resumption from a
// contract never paused (see CommerceLookup.Verify). A pause or a
// termination leaves a state no contract starts in: the subscription the
// order holds in it has made that change, whose genuine event shares the
// key.
func (k CommerceEventKind) mustNameSubscription() bool { return k == CommerceSubscriptionResumed }

// normalizeCommerceKind reads "order.paid", "Order-Paid" and "ORDER_PAID"
// alike.
func normalizeCommerceKind(s string) CommerceEventKind {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.NewReplacer(".", "_", "-", "_", " ", "_", "CANCELED", "CANCELLED").Replace(s)
	if k, ok := commerceKindAliases[s]; ok {
		return k
	}
	return CommerceEventKind(s)
}

// wellFormed reports a normalized kind made of A-Z, 0-9 and "_" only.
func (k CommerceEventKind) wellFormed() bool {
	for _, c := range []byte(k) {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return k != ""
}

// CommerceEvent is a Bootpay Commerce order or subscription webhook as
// Commerce posted it, JSON or form. Its schema is UNCONFIRMED: the fields
// below are read under the names Commerce's order uses (order_id,
// order_number, price, status, …); anything else stays in RawBody. Nothing
// in it is trustworthy until CommerceLookup has looked the order up: act
// on the returned *commerce.Order, not on the event.
type CommerceEvent struct {
	// WebhookType is the kind as sent, normalized (see CommerceEventKind);
	// "" when the payload names none. Kind ignores one that does not read
	// [A-Z0-9_]+.
	WebhookType CommerceEventKind `json:"-"`
	// OrderID and OrderNumber name the order; at least one is present.
	OrderID     string `json:"order_id"`
	OrderNumber string `json:"order_number"`
	OrderName   string `json:"order_name"`
	// Price is the order's amount; CancelledPrice how much of it is
	// cancelled so far (cumulative, 0 when absent). Exact won.
	Price          commerce.Amount        `json:"price"`
	TaxFreePrice   commerce.Amount        `json:"tax_free_price"`
	CancelledPrice commerce.Amount        `json:"cancelled_price"`
	Status         commerce.OrderStatus   `json:"status"`
	ReceiptStatus  commerce.ReceiptStatus `json:"receipt_status"`
	ReceiptID      string                 `json:"receipt_id"`
	// OrderSubscriptionID names the subscription of a subscription event,
	// when the payload carries it. The verified key takes the subscription
	// from the looked-up order instead (see VerifiedKey).
	OrderSubscriptionID string `json:"order_subscription_id"`

	raw redact.Hidden // the body as received; see RawBody
}

// RawBody returns the body as received, with every member this type does
// not name. It may hold the buyer's contact details and card data: print
// or log it only where they may be seen. Printing a CommerceEvent never
// shows it.
func (e *CommerceEvent) RawBody() []byte { return []byte(e.raw.Reveal()) }

// Kind is WebhookType, or for a payload without one (or with one that does
// not read [A-Z0-9_]+ once normalized), the kind its status implies: 10 (취소완료), or a payment cancelled (receipt_status 20)
// naming no cancelled amount or the whole price, ORDER_CANCELLED; a paid
// status (2, 3, 8) with a cancelled amount ORDER_PARTIAL_CANCELLED; 3
// (구독 결제완료) SUBSCRIPTION_PAID; 2 and 8 ORDER_PAID; 1 (입금대기)
// ORDER_VIRTUAL_ACCOUNT_ISSUED; any other status reads "STATUS_<n>".
//
// A payment cancelled is read before the paid statuses because the order
// status may still read paid once its payment is cancelled, and
// CommerceLookup takes such an order as cancelled in full: read as
// ORDER_PAID, the event would be superseded by the very cancellation it
// reports and never run. One naming a cancelled amount below the price
// stays a 부분취소 (Bootpay's receipt status 20 also covers partial
// cancellations), so that no partial refund is read as the whole.
func (e *CommerceEvent) Kind() CommerceEventKind {
	switch {
	case e.WebhookType != "" && e.WebhookType.wellFormed():
		return e.WebhookType
	case e.Status == commerce.OrderCancelled:
		return CommerceOrderCancelled
	case e.ReceiptStatus == commerce.ReceiptCancelled && (e.CancelledPrice == 0 || e.CancelledPrice == e.Price):
		return CommerceOrderCancelled
	case e.Status.Paid() && e.CancelledPrice > 0:
		return CommerceOrderPartialCancelled
	case e.Status == commerce.OrderSubscriptionDone:
		return CommerceSubscriptionPaid
	case e.Status.Paid():
		return CommerceOrderPaid
	case e.Status == commerce.OrderDepositWait:
		return CommerceOrderVirtualAccountIssued
	}
	return CommerceEventKind("STATUS_" + strconv.Itoa(int(e.Status)))
}

// Key is the event's process-once key before the lookup: the order (its
// number, or its id when the payload has no number) and Kind; for a
// 부분취소 also the cumulative cancelled amount, so that each partial
// refund of one order is its own event while a redelivery of one is not;
// for a subscription's state change also the subscription it names (the
// verified key names the order's: see VerifiedKey). A full
// cancellation happens once per order, so its key carries no amount: a
// payload with and one without cancelled_price are the same event.
//
// A payment of the order — ORDER_PAID or SUBSCRIPTION_PAID, typed or read
// from a paid status — is keyed CommercePaidKey, the key of the
// browser-callback path, whichever kind it carries: Orders.Verify accepts
// every paid status (2, 3, 8) on that path, so the order's payment must
// have one key on both. An order is one payment: fulfil it on either
// kind, since a callback that acknowledges a SUBSCRIPTION_PAID without
// acting has spent the order's payment key.
//
// Whether Commerce charges a subscription's renewal as a new order or
// again on the same order is UNCONFIRMED. Its API lists orders by
// subscription (order_subscription_ids) and bills each cycle separately,
// which reads as a new order per renewal: such a renewal has its own order
// number, hence its own key, and runs. Were a renewal delivered as a
// second SUBSCRIPTION_PAID of the same order, it would be acknowledged
// without running while the Store remembers the first payment. paykit
// accepts that rather than key a payment by anything the browser path does
// not share: the subscription's current cycle, for one, advances on the
// first order too (Commerce's order example shows a 1회차 order at cycle
// 3), so keyed by it a late redelivery of the first payment would run it
// again. Reconcile a subscription's cycles from its bills, not from these
// events.
//
// A kind paykit does not name (IsKnown false: one the payload spells, or
// the STATUS_<n> of an unnamed status) is keyed by the order's state
// instead of the kind — commerce:order:"<number>":unnamed:<status>:
// <receipt_status>:<cancelled_price> — the status and receipt status of
// the looked-up order (VerifiedKey) and the refunded sum CommerceLookup
// proved equal to cancelled_price. Commerce's webhooks are unsigned, and
// CommerceLookup can check no claim an unnamed kind makes, so anyone who
// knows an order (its buyer) can post one: keyed by its own text, such a
// post could spell a named kind's key (a future 부분취소's, spending it
// before the genuine webhook arrives) or make a new key per post without
// bound, filling the Store until every gateway's genuine events sharing it
// are refused. Keyed by the state, a forgery makes at most one key per
// real change of the order's state, never a named kind's key ("unnamed"
// is no kind: kinds are upper case). Two different unnamed kinds posted
// for one state therefore run once between them: act on the looked-up
// order's state, never on an unnamed kind.
//
// A payload may name the order by its id alone: Key then carries the id,
// and is not the key to process it under. Use VerifiedKey with the order
// CommerceLookup.Verify returned, as CommerceHandler does.
//
// A subscription paused, resumed and paused again sends two
// SUBSCRIPTION_PAUSED events with one key: while the Store remembers the
// first, the second is acknowledged without running the callback. Read
// the subscription's state from the looked-up order rather than counting
// events.
func (e *CommerceEvent) Key() string {
	return e.keyOf(e.ref(), e.OrderSubscriptionID, e.Status, e.ReceiptStatus)
}

// VerifiedKey is the event's process-once key once CommerceLookup.Verify
// accepted it with the order o (CommerceHandler keys each delivery so):
// Key with the order named by o's order_number, however the payload named
// it, so that a payload naming the order_id alone, one naming its number
// and the browser-callback path's CommercePaidKey agree. Without an order
// it is Key. An unnamed kind's key takes the status and receipt status
// from o (see Key).
//
// A subscription's pause, resumption or termination is keyed by the
// subscription o holds in the state the kind describes: the one the event
// names, or, for a pause or termination naming none, the only one o holds
// in that state (CommerceLookup.Verify refuses an event naming none for an
// order holding several, and a resumption naming none). Commerce's
// webhooks are unsigned, so anyone who knows an order can post its
// subscription event without order_subscription_id; keyed by its own
// text, that post and the genuine event naming the subscription would run
// the callback once each for one change of one contract. A resumption
// naming none is not keyed by o's active subscription: every contract
// starts active, so such a post, made before the contract was ever
// paused, would spend the key of its first genuine resumption.
func (e *CommerceEvent) VerifiedKey(o *commerce.Order) string {
	if o == nil || o.OrderNumber == "" {
		return e.Key()
	}
	return e.keyOf(o.OrderNumber, e.verifiedSubscription(o), o.Status, o.ReceiptStatus)
}

// verifiedSubscription is the id of the subscription a subscription event
// is about, as o holds it (see VerifiedKey); for any other kind, an event
// o does not bear out, or a SUBSCRIPTION_RESUMED naming none (which
// CommerceLookup.Verify refuses), the id the event names.
func (e *CommerceEvent) verifiedSubscription(o *commerce.Order) string {
	k := e.Kind()
	status, ok := k.subscriptionStatus()
	if !ok || k.mustNameSubscription() && e.OrderSubscriptionID == "" {
		return e.OrderSubscriptionID
	}
	if id, n := orderSubscription(o, e.OrderSubscriptionID, status); n == 1 {
		return id
	}
	return e.OrderSubscriptionID
}

// keyOf is the event's key with the order named by ref and, for a
// subscription's state change, the subscription named by sub; status and
// receipt are the order's state, which only an unnamed kind's key reads.
func (e *CommerceEvent) keyOf(ref, sub string, status commerce.OrderStatus, receipt commerce.ReceiptStatus) string {
	k := e.Kind()
	switch {
	case e.paidKind():
		return CommercePaidKey(ref)
	case !k.IsKnown():
		// The kind is unchecked text: key by the state, never by it.
		return commerceKey(ref, "unnamed") + ":" + strconv.Itoa(int(status)) + ":" + strconv.Itoa(int(receipt)) +
			":" + strconv.FormatInt(e.CancelledPrice.Int64(), 10)
	}
	key := commerceKey(ref, k)
	switch {
	case k == CommerceOrderPartialCancelled:
		key += ":" + strconv.FormatInt(e.CancelledPrice.Int64(), 10)
	case sub != "":
		if _, ok := k.subscriptionStatus(); ok {
			key += ":" + strconv.Quote(sub)
		}
	}
	return key
}

// ref is the reference the order is looked up and keyed by.
func (e *CommerceEvent) ref() string {
	if e.OrderNumber != "" {
		return e.OrderNumber
	}
	return e.OrderID
}

// CommercePaidKey is the key of an order's payment: the VerifiedKey of
// every ORDER_PAID and SUBSCRIPTION_PAID event of the order (see Key).
// Use it on the browser-callback path (the redirect's order_number, after
// commerce's Orders.Verify succeeded) so that the redirect and the webhook
// run your fulfilment once between them.
func CommercePaidKey(orderNumber string) string { return commerceKey(orderNumber, CommerceOrderPaid) }

func commerceKey(ref string, k CommerceEventKind) string {
	return "commerce:order:" + strconv.Quote(ref) + ":" + string(k)
}

// commerceKindMembers are the members a kind may arrive in, in order.
var commerceKindMembers = []string{"webhook_type", "event_type", "event"}

// DecodeCommerceEvent decodes a Bootpay Commerce webhook body: a
// URL-encoded form when contentType says application/x-www-form-urlencoded
// (Commerce's header_content_type 1), JSON otherwise (2). It is tolerant:
// unknown members are kept in RawBody, codes and amounts may be numbers or
// strings (2, 2.0 or "2"), and a kind paykit does not name still decodes.
// It requires an order (order_id or order_number), price and status, and
// refuses a negative or fractional amount and a cancelled amount above the
// price: a *DecodeError. A kind that does not read [A-Z0-9_]+ once
// normalized is kept in WebhookType but ignored by Kind (see
// CommerceEventKind).
func DecodeCommerceEvent(contentType string, body []byte) (*CommerceEvent, error) {
	ev, err := formOrJSON(contentType, body, decodeCommerceForm, decodeCommerceJSON)
	if err == nil {
		err = ev.check()
	}
	if err != nil {
		return nil, &DecodeError{Sender: "commerce", Err: err}
	}
	ev.raw = redact.Hide(string(body))
	return ev, nil
}

func (e *CommerceEvent) check() error {
	switch {
	case e.OrderID == "" && e.OrderNumber == "":
		return errors.New("order_id and order_number are missing")
	case e.Price < 0 || e.TaxFreePrice < 0 || e.CancelledPrice < 0:
		return errors.New("negative amount")
	case e.CancelledPrice > e.Price:
		return errors.New("cancelled_price exceeds price")
	}
	return nil
}

// commerceEventFields lets the wire decode into a CommerceEvent without
// its methods.
type commerceEventFields CommerceEvent

// commerceEventWire decodes an event in one pass: the shallower members
// shadow the embedded fields of the same name, so the required ones and
// the kind arrive raw.
type commerceEventWire struct {
	*commerceEventFields
	Price       json.RawMessage `json:"price"`
	Status      json.RawMessage `json:"status"`
	WebhookType json.RawMessage `json:"webhook_type"`
	EventType   json.RawMessage `json:"event_type"`
	Event       json.RawMessage `json:"event"`
}

func decodeCommerceJSON(body []byte) (*CommerceEvent, error) {
	ev := &CommerceEvent{}
	w := commerceEventWire{commerceEventFields: (*commerceEventFields)(ev)}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, err
	}
	if bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
		return nil, errors.New("null body")
	}
	for _, f := range []struct {
		name string
		raw  json.RawMessage
		dst  json.Unmarshaler
	}{{"price", w.Price, &ev.Price}, {"status", w.Status, &ev.Status}} {
		if absent(f.raw) {
			return nil, errors.New(f.name + " is missing")
		}
		if err := f.dst.UnmarshalJSON(f.raw); err != nil {
			return nil, err
		}
	}
	for _, raw := range []json.RawMessage{w.WebhookType, w.EventType, w.Event} {
		s, err := kindText(raw)
		if err != nil {
			return nil, err
		}
		if s != "" {
			ev.WebhookType = normalizeCommerceKind(s)
			break
		}
	}
	return ev, nil
}

// kindText reads a kind member: a string or a number, "" when absent.
func kindText(raw json.RawMessage) (string, error) {
	if absent(raw) {
		return "", nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", errors.New("the event kind is neither a string nor a number")
	}
	return n.String(), nil
}

// absent reports a member that is missing or null.
func absent(raw json.RawMessage) bool { return len(raw) == 0 || string(raw) == "null" }

// decodeCommerceForm reads the scalar fields of a form body. How Commerce
// encodes nested members (user, products) in a form is undocumented; they
// are left to the order lookup.
func decodeCommerceForm(body []byte) (*CommerceEvent, error) {
	q, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, errors.New("malformed form body")
	}
	for _, name := range []string{"price", "status"} {
		if q.Get(name) == "" {
			return nil, errors.New(name + " is missing")
		}
	}
	ev := &CommerceEvent{
		OrderID: q.Get("order_id"), OrderNumber: q.Get("order_number"), OrderName: q.Get("order_name"),
		ReceiptID: q.Get("receipt_id"), OrderSubscriptionID: q.Get("order_subscription_id"),
	}
	for _, name := range commerceKindMembers {
		if s := q.Get(name); s != "" {
			ev.WebhookType = normalizeCommerceKind(s)
			break
		}
	}
	if err := decodeFormNumbers(q, formNumber{"price", &ev.Price}, formNumber{"tax_free_price", &ev.TaxFreePrice},
		formNumber{"cancelled_price", &ev.CancelledPrice}, formNumber{"status", &ev.Status},
		formNumber{"receipt_status", &ev.ReceiptStatus}); err != nil {
		return nil, err
	}
	return ev, nil
}
