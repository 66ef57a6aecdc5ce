package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/redact"
)

// BootpayWebhookType is the "webhook_type" of a Bootpay PG webhook. Older
// payloads have none; BootpayEvent.Kind then derives it from the status.
//
// Bootpay docs: https://developers.bootpay.ai/server/webhook
type BootpayWebhookType string

// The webhook types Bootpay documents.
const (
	BootpayPaymentCompleted        BootpayWebhookType = "PAYMENT_COMPLETED"              // status 1: 결제완료 (or a virtual account deposited)
	BootpayPaymentCancelled        BootpayWebhookType = "PAYMENT_CANCELLED"              // status 20: 전액 취소
	BootpayPaymentPartialCancelled BootpayWebhookType = "PAYMENT_PARTIAL_CANCELLED"      // status 20: 부분취소
	BootpayVirtualAccountIssued    BootpayWebhookType = "PAYMENT_VIRTUAL_ACCOUNT_ISSUED" // status 5: 가상계좌 발급완료
)

// BootpayEvent is a Bootpay PG webhook (결제 통지): the receipt's fields as
// Bootpay posted them, JSON or form. Bootpay signs nothing, so none of it
// is trustworthy until verified: check the source address (SourceGuard)
// and look the receipt up (BootpayLookup), as Bootpay recommends.
type BootpayEvent struct {
	WebhookType      BootpayWebhookType `json:"webhook_type"` // "" in older payloads: see Kind
	ReceiptID        string             `json:"receipt_id"`
	OrderID          string             `json:"order_id"`
	Price            bootpay.Amount     `json:"price"`
	TaxFree          bootpay.Amount     `json:"tax_free"`
	CancelledPrice   bootpay.Amount     `json:"cancelled_price"` // cumulative; 0 when absent, null or "" (see Kind)
	CancelledTaxFree bootpay.Amount     `json:"cancelled_tax_free"`
	OrderName        string             `json:"order_name"`
	PG               string             `json:"pg"`
	Method           string             `json:"method"`
	MethodSymbol     string             `json:"method_symbol"`
	Status           bootpay.Status     `json:"status"`
	StatusLocale     string             `json:"status_locale"`

	// CancelledAt is the time of the receipt's latest cancellation as the
	// body reads it (Bootpay's v2 body is very likely the whole receipt);
	// zero when absent, null or "", and when it is no time Bootpay writes
	// (whether Bootpay always sends it, and whether it is the receipt's own
	// time to the second, is UNCONFIRMED). An unreadable one is no decode
	// error — the member comes on every event, a completion too — but
	// absent, which for a cancellation is the stricter reading. It places
	// a cancellation naming no cancelled_price against its receipt's state
	// (see BootpayLookup.Verify).
	CancelledAt bootpay.Time `json:"cancelled_at"`

	raw redact.Hidden // the body as received; see RawBody
}

// RawBody returns the body as received. Print or log it only where its
// contents may be seen: Bootpay's v1 payloads carried the private key, and
// a receipt may hold card data. Printing a BootpayEvent never shows it.
func (e *BootpayEvent) RawBody() []byte { return []byte(e.raw.Reveal()) }

// Kind is WebhookType normalised (trimmed, upper case: Bootpay's
// spelling), or for an older payload without one, the type its status
// implies: 1 is PAYMENT_COMPLETED, 5 PAYMENT_VIRTUAL_ACCOUNT_ISSUED, 20
// PAYMENT_CANCELLED when the whole price is cancelled and
// PAYMENT_PARTIAL_CANCELLED otherwise; any other status reads
// "STATUS_<n>". Kind decides the process-once key, so BootpayLookup
// refuses an event whose Kind the looked-up receipt contradicts.
//
// Whether Bootpay's cancellation bodies always carry cancelled_price is
// UNCONFIRMED (its documented v2 body shows none). A cancellation whose
// body names no amount (absent, null, "" or 0: no cancellation is of 0
// won) is judged and keyed on its receipt, placed against it by its
// cancelled_at when it has one (see BootpayLookup.Verify and
// VerifiedKey). An older payload at status 20 naming no amount cannot
// tell a full cancel from a 부분취소: Kind reads PAYMENT_CANCELLED, the
// reading under which nothing refunded in full is ever fulfilled, and the
// receipt decides (BootpayDelivery.Key carries the receipt's kind).
func (e *BootpayEvent) Kind() BootpayWebhookType {
	if e.typed() {
		return BootpayWebhookType(strings.ToUpper(strings.TrimSpace(string(e.WebhookType))))
	}
	if e.Status == bootpay.StatusCancelled && e.CancelledPrice == 0 {
		return BootpayPaymentCancelled
	}
	return statusKind(e.Status, e.Price, e.CancelledPrice)
}

// typed reports a payload that names its webhook_type.
func (e *BootpayEvent) typed() bool { return strings.TrimSpace(string(e.WebhookType)) != "" }

// amountUnknown reports a cancellation whose body names no cumulative
// cancelled amount (a missing member decodes as 0, and no cancellation
// leaves 0 cancelled): only its receipt can say which 부분취소 it is.
func (e *BootpayEvent) amountUnknown() bool {
	k := e.Kind()
	return e.CancelledPrice == 0 && (k == BootpayPaymentCancelled || k == BootpayPaymentPartialCancelled)
}

// statusKind is the webhook type a receipt's status and amounts imply.
func statusKind(status bootpay.Status, price, cancelled bootpay.Amount) BootpayWebhookType {
	switch status {
	case bootpay.StatusPaid:
		return BootpayPaymentCompleted
	case bootpay.StatusVirtualAccountIssued:
		return BootpayVirtualAccountIssued
	case bootpay.StatusCancelled:
		if cancelled < price {
			return BootpayPaymentPartialCancelled
		}
		return BootpayPaymentCancelled
	}
	return BootpayWebhookType("STATUS_" + strconv.Itoa(int(status)))
}

// Key is the event's process-once key: the receipt id and Kind, and for a
// cancellation the cumulative cancelled amount, so that each 부분취소 of one
// receipt is its own event while a redelivery of one is not. A payment's
// completion has the key BootpayPaidKey gives the browser-callback path.
//
// A cancellation whose body names no cancelled_price (see Kind) has no
// amount to key by before its receipt is looked up: Key then ends at the
// kind, and is not the key to process it under. Use VerifiedKey with the
// receipt BootpayLookup.Verify returned, as BootpayHandler does.
func (e *BootpayEvent) Key() string {
	switch k := e.Kind(); {
	case e.amountUnknown():
		return bootpayKey(e.ReceiptID, k)
	case k == BootpayPaymentCancelled, k == BootpayPaymentPartialCancelled:
		return bootpayKey(e.ReceiptID, k) + ":" + strconv.FormatInt(e.CancelledPrice.Int64(), 10)
	default:
		return bootpayKey(e.ReceiptID, k)
	}
}

// VerifiedKey is the event's process-once key once BootpayLookup.Verify
// accepted it with the receipt r (BootpayHandler keys each delivery so):
// Key, except for a cancellation whose body names no cancelled_price (see
// Kind), which is keyed as if it named r's cumulative cancelled amount
// (and, for an older payload without webhook_type, r's kind: full or
// partial). A redelivery of one therefore keeps its key while the receipt
// is unchanged, and a body with and one without the amount are one event.
//
// Verify accepts such a cancellation only at or after its cancel: a
// cancelled_at later than the receipt's is not caught up. One equal to
// the receipt's (to the second), or absent, may still be a further
// cancel the receipt does not show yet — Bootpay's times are to the
// second, so two cancels within one second read alike — and would take
// the key of the cancel before it; the handler refuses such a key
// already processed (see BootpayHandler) rather than acknowledge it. One
// earlier than the receipt's, its kind agreeing, is keyed by the
// receipt's later cumulative amount (the body's time may be the request
// time and the receipt's the completion time: UNCONFIRMED), so it may
// take a later cancel's key. A delivery taking a further cancel's key
// runs at most once with it: act on the receipt's cumulative cancelled
// amount, never on a per-event delta, and no refund is counted twice or
// missed.
func (e *BootpayEvent) VerifiedKey(r *bootpay.Receipt) string {
	if !e.amountUnknown() || r == nil {
		return e.Key()
	}
	k := e.Kind()
	if !e.typed() && r.Status == bootpay.StatusCancelled {
		k = statusKind(r.Status, r.Price, r.CancelledPrice)
	}
	return bootpayKey(e.ReceiptID, k) + ":" + strconv.FormatInt(r.CancelledPrice.Int64(), 10)
}

// BootpayPaidKey is the Key of the PAYMENT_COMPLETED event of a receipt:
// use it on the browser-callback path (after Receipts.Verify or
// ConfirmVerified succeeded) so that the callback and the webhook run your
// fulfilment once between them.
func BootpayPaidKey(receiptID string) string { return bootpayKey(receiptID, BootpayPaymentCompleted) }

func bootpayKey(receiptID string, k BootpayWebhookType) string {
	return "bootpay:receipt:" + strconv.Quote(receiptID) + ":" + string(k)
}

// bootpayRequired are the members without which an event names no payment.
var bootpayRequired = []string{"receipt_id", "order_id", "price", "status"}

// DecodeBootpayEvent decodes a Bootpay PG webhook body: a URL-encoded form
// when contentType says application/x-www-form-urlencoded, JSON otherwise.
// receipt_id, order_id, price and status are required; amounts are exact
// won (1000, 1000.0 or "1000"; a fraction or a negative amount is an
// error). Anything else is a *DecodeError.
func DecodeBootpayEvent(contentType string, body []byte) (*BootpayEvent, error) {
	ev, err := formOrJSON(contentType, body, decodeBootpayForm, decodeBootpayJSON)
	if err != nil {
		return nil, &DecodeError{Sender: "bootpay", Err: err}
	}
	ev.raw = redact.Hide(string(body))
	return ev, nil
}

func decodeBootpayJSON(body []byte) (*BootpayEvent, error) {
	missing, err := jsonx.Missing(body, bootpayRequired...)
	if err != nil {
		return nil, err
	}
	if missing != "" {
		return nil, errors.New(missing + " is missing")
	}
	// cancelled_at is read apart, leniently (see lenientTime): the outer
	// member shadows the event's own.
	type event BootpayEvent
	var aux struct {
		*event
		CancelledAt json.RawMessage `json:"cancelled_at"`
	}
	ev := &BootpayEvent{}
	aux.event = (*event)(ev)
	if err := json.Unmarshal(body, &aux); err != nil {
		return nil, err
	}
	ev.CancelledAt = lenientTime(aux.CancelledAt)
	return ev, nil
}

// lenientTime reads a cancelled_at, a JSON value, as absent (the zero
// time) when it is no time Bootpay writes. The member is decoded on every
// event, a completion too, and an unreadable one must not make a genuine
// event undecodable (a 400, never retried into success). Read as absent,
// it orders nothing: a cancellation naming no cancelled_price then takes
// the stricter path of one naming no cancelled_at (see
// BootpayLookup.Verify and BootpayHandler).
func lenientTime(v []byte) bootpay.Time {
	var t bootpay.Time
	if len(v) == 0 || t.UnmarshalJSON(v) != nil {
		return bootpay.Time{}
	}
	return t
}

// decodeBootpayForm reads the scalar fields of a form body. How Bootpay
// encodes nested objects in a form is not documented; they are left to
// the receipt lookup.
func decodeBootpayForm(body []byte) (*BootpayEvent, error) {
	q, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, errors.New("malformed form body")
	}
	for _, name := range bootpayRequired {
		if q.Get(name) == "" {
			return nil, errors.New(name + " is missing")
		}
	}
	ev := &BootpayEvent{
		WebhookType: BootpayWebhookType(q.Get("webhook_type")), ReceiptID: q.Get("receipt_id"), OrderID: q.Get("order_id"),
		OrderName: q.Get("order_name"), PG: q.Get("pg"), Method: q.Get("method"), MethodSymbol: q.Get("method_symbol"),
		StatusLocale: q.Get("status_locale"),
	}
	if err := decodeFormNumbers(q, formNumber{"price", &ev.Price}, formNumber{"tax_free", &ev.TaxFree},
		formNumber{"cancelled_price", &ev.CancelledPrice}, formNumber{"cancelled_tax_free", &ev.CancelledTaxFree},
		formNumber{"status", &ev.Status}); err != nil {
		return nil, err
	}
	ev.CancelledAt = formTime(q.Get("cancelled_at"))
	return ev, nil
}

// formTime reads a form member as the JSON value it would be in a JSON
// payload (digits as Unix time, anything else as a string), leniently as
// lenientTime does.
func formTime(v string) bootpay.Time {
	if v == "" {
		return bootpay.Time{}
	}
	if _, err := strconv.ParseFloat(v, 64); err != nil {
		v = strconv.Quote(v)
	}
	return lenientTime([]byte(v))
}

// formNumber is a form member read as the JSON number it would be in a
// JSON payload, so that both encodings of one event decode alike.
type formNumber struct {
	name string
	dst  json.Unmarshaler
}

// decodeFormNumbers reads each member present in q into its destination;
// an absent or empty one is left zero.
func decodeFormNumbers(q url.Values, members ...formNumber) error {
	for _, f := range members {
		if v := q.Get(f.name); v != "" {
			if err := f.dst.UnmarshalJSON([]byte(v)); err != nil {
				return err
			}
		}
	}
	return nil
}

// BootpayAddresses is the source range Bootpay documents for its PG
// webhooks (223.130.82.0/24).
//
// Bootpay docs: https://developers.bootpay.ai/server/webhook
var BootpayAddresses = []netip.Prefix{netip.MustParsePrefix("223.130.82.0/24")}

// SourceGuard admits a request only from allowed addresses. Behind a load
// balancer or reverse proxy the peer is the proxy: list it in
// TrustedProxies and the guard reads X-Forwarded-For from the right,
// skipping your trusted proxies, and takes the first other address as the
// client. X-Forwarded-For from any other peer is ignored, since anyone can
// send it. An IPv6 address is read without its zone (the peer
// "[fe80::1%eth0]:443" is fe80::1), so a prefix matches it.
type SourceGuard struct {
	// Allowed are the sender's addresses; nil means BootpayAddresses.
	Allowed []netip.Prefix
	// TrustedProxies are your own proxies, whose X-Forwarded-For is
	// believed. None by default.
	TrustedProxies []netip.Prefix
}

// Check returns nil for a request from an allowed address, and otherwise a
// *VerificationError matching ErrUntrustedSource.
func (g *SourceGuard) Check(r *http.Request) error {
	addr, ok := g.clientAddr(r)
	if ok && contains(g.allowed(), addr) {
		return nil
	}
	return unverified("bootpay", ErrUntrustedSource, "")
}

func (g *SourceGuard) allowed() []netip.Prefix {
	if g.Allowed == nil {
		return BootpayAddresses
	}
	return g.Allowed
}

// clientAddr finds the client's address; ok is false when the peer or a
// forwarded hop cannot be parsed.
func (g *SourceGuard) clientAddr(r *http.Request) (netip.Addr, bool) {
	client, ok := parseAddr(r.RemoteAddr)
	if !ok || !contains(g.TrustedProxies, client) {
		return client, ok
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" && len(hops) == 1 {
			break // no X-Forwarded-For: the proxy itself is the client
		}
		if client, ok = parseAddr(hop); !ok {
			return client, false
		}
		if !contains(g.TrustedProxies, client) {
			break
		}
	}
	return client, true
}

// parseAddr reads "ip", "ip:port" or "[ipv6]:port", unmapping IPv4-in-IPv6
// and dropping an IPv6 zone ("fe80::1%eth0"): netip.Prefix.Contains is
// false for every zoned address, so a proxy reaching the server over
// link-local would never match the prefix listed for it. The zone names
// the local interface, not the peer, so it admits nothing the address
// alone would not.
func parseAddr(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	a, err := netip.ParseAddr(s)
	return a.Unmap().WithZone(""), err == nil
}

func contains(prefixes []netip.Prefix, a netip.Addr) bool {
	for _, p := range prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// BootpayLookup verifies Bootpay PG webhooks the way Bootpay recommends:
// never trust the body, look the receipt up (GET /v2/receipt/{receipt_id})
// and compare.
//
// It compares the event with the receipt, not with your order: it proves
// that Bootpay holds the payment the event describes, whatever its price.
// Bootpay's browser SDK sets the price, so a buyer who edits it pays 100
// won for a 15 000 won order and Bootpay sends a genuine webhook about a
// genuine 100-won receipt, which Verify accepts. Compare the receipt's
// order_id, price and currency with your own order's before fulfilling,
// as bootpay's Receipt.Verify does.
//
// Bootpay docs: https://developers.bootpay.ai/server/webhook
type BootpayLookup struct {
	Client *bootpay.Client
	// AllowSandbox accepts events about test-mode receipts (sandbox:
	// true), as bootpay.VerifyParams.AllowSandbox. Leave it false in
	// production: a test-mode payment moved no money, so its event is
	// refused as a mismatch.
	AllowSandbox bool
}

// Verify looks the event's receipt up and returns it when its receipt id,
// order id, price, status and cumulative cancelled amount all equal the
// event's, the event's Kind is the one the receipt implies (webhook_type
// decides the process-once key, so a type the receipt contradicts, or one
// this package does not know, is refused), and it is not a test-mode
// receipt (unless AllowSandbox). Act on the returned receipt, not on the
// event.
//
// One later state is accepted: a PAYMENT_COMPLETED (status 1, nothing
// cancelled) whose receipt has since been partly cancelled (status 20,
// cancelled below the price) for the same order and price. The receipt
// proves the payment was made, and its partial cancel is its own event
// with its own key, so running the paid event now runs nothing twice;
// refusing it would leave the paid event never run if its first delivery
// failed. The receipt returned is the current one (status 20). After a
// full cancel the completion is superseded (below): a refunded order is
// not to be fulfilled.
//
// A receipt that differs is a *VerificationError matching ErrMismatch, with
// the *bootpay.MismatchError naming each field (errors.As reaches it). A
// receipt Bootpay does not know is a *VerificationError matching
// ErrMismatch too (errors.Is(err, bootpay.ErrNotFound) holds).
//
// A cancellation whose body names no cancelled_price (UNCONFIRMED whether
// Bootpay's always does) is judged on the receipt's own state: a
// PAYMENT_CANCELLED, or an older payload at status 20, is accepted for a
// receipt cancelled in full; a PAYMENT_PARTIAL_CANCELLED, or an older
// payload at status 20, for a receipt cancelled in part. It is keyed by
// the receipt's cumulative cancelled amount (VerifiedKey). When it names a
// cancelled_at and the receipt has one, they are compared to the second
// (cancelled_at read as the time of the receipt's latest cancel, moving
// with each 부분취소: UNCONFIRMED, as is its presence in the body). The
// event's later is a further cancel the receipt does not show yet
// (ErrNotCaughtUp). The event's equal is accepted; two cancels of one
// receipt within one second cannot be told apart so, and BootpayHandler
// refuses such a delivery already processed. The event's earlier is
// accepted too when its kind agrees with the receipt (a 부분취소 about a
// receipt partly cancelled), run once on the cumulative amount: the body
// may carry the request time and the receipt the completion time
// (UNCONFIRMED), and superseding it on a time alone could lose the
// merchant's only notice of a refund. It is superseded (ErrSuperseded)
// only when its kind shows the receipt moved past it: a 부분취소 about a
// receipt since cancelled in full, whose full cancel comes with its own
// webhook. Without a cancelled_at it is never superseded — nothing shows
// that the receipt moved past it — so a 부분취소 naming neither about a
// receipt since cancelled in full is a mismatch, refused so that Bootpay
// delivers it again.
//
// A stale event — the same receipt, order and price, but cancelled further
// since (a completion whose receipt is now fully cancelled, a 부분취소
// followed by another) — is a *VerificationError matching ErrSuperseded
// instead, returned with the current receipt: the newer state comes with
// its own webhook, so the event is not run, and BootpayHandler
// acknowledges it so that Bootpay stops delivering it.
//
// An event ahead of the receipt — differing only in its status,
// cumulative cancelled amount and webhook type, the receipt showing less
// progress (less cancelled, not cancelled yet, or still 결제대기, 승인대기 or
// 가상계좌 발급완료 for a completion) — is not stale: Bootpay's record may
// lag its webhook. It is an error matching ErrNotCaughtUp (no
// *VerificationError, no receipt), which BootpayHandler answers 502 so
// that Bootpay delivers it again. So is any event differing only so from
// a receipt at 결제취소 진행중 (-30), whatever the direction: that state
// passes, the cancel completing (status 20) or failing back, and the next
// lookup judges the event. None of these can apply an event twice.
//
// Any other lookup failure (network, 5xx, rate limit) is returned as it
// is: the event may be genuine, so answer so that Bootpay delivers it
// again.
func (l BootpayLookup) Verify(ctx context.Context, ev *BootpayEvent) (*bootpay.Receipt, error) {
	r, err := l.Client.Receipts.Get(ctx, ev.ReceiptID)
	switch {
	case errors.Is(err, bootpay.ErrNotFound) || errors.Is(err, bootpay.ErrInvalidRequest):
		return nil, &VerificationError{Sender: "bootpay", Reason: ErrMismatch, Err: err}
	case err != nil:
		return nil, err
	}
	if err := compareReceipt(ev, r, l.AllowSandbox); err != nil {
		var mismatch *bootpay.MismatchError
		if errors.As(err, &mismatch) {
			moved := progressOf(mismatch.Mismatches, func(m bootpay.Mismatch) progress { return progress{m.Field, m.Expected, m.Actual} })
			switch {
			case !onlyProgress(moved):
			case r.Status == bootpay.StatusCancelling:
				// 결제취소 진행중 passes: the cancel completes or fails back, and the next lookup judges the event.
				return nil, notCaughtUp("bootpay", moved, err)
			case bootpayMovedPast(ev, r):
				return r, superseded("bootpay", moved, err)
			case bootpayBehind(ev, r):
				return nil, notCaughtUp("bootpay", moved, err)
			}
		}
		return nil, &VerificationError{Sender: "bootpay", Reason: ErrMismatch, Err: err}
	}
	return r, nil
}

// compareReceipt compares with bootpay's own Receipt.Verify, and adds the
// cumulative cancelled amount and the webhook type. A cancellation naming
// no amount is compared on the receipt's: the kind (which an older payload
// takes from the receipt) says whether it must be full or partial, and
// its cancelled_at, when both it and the receipt have one, differs only
// when later than the receipt's (ahead of it), or earlier while the kind
// differs too (an earlier time alone orders nothing: see
// BootpayLookup.Verify).
func compareReceipt(ev *BootpayEvent, r *bootpay.Receipt, allowSandbox bool) error {
	status, cancelled, kind := ev.Status, ev.CancelledPrice, statusKind(r.Status, r.Price, r.CancelledPrice)
	evKind := ev.Kind()
	switch {
	case paidThenPartlyCancelled(ev, r):
		status, cancelled, kind = r.Status, r.CancelledPrice, BootpayPaymentCompleted
	case ev.amountUnknown():
		cancelled = r.CancelledPrice
		if !ev.typed() && r.Status == bootpay.StatusCancelled {
			evKind = kind // an older payload says only "cancelled": the receipt tells full from partial
		}
	}
	err := r.Verify(bootpay.VerifyParams{ReceiptID: ev.ReceiptID, OrderID: ev.OrderID, Amount: ev.Price.Int64(), Status: status,
		Currency: r.Currency, AllowSandbox: allowSandbox}) // the event names no currency: the receipt's is compared with the order by the caller
	var mismatch *bootpay.MismatchError
	switch {
	case err != nil && !errors.As(err, &mismatch):
		return err // the event's own values are unusable: no price, or status 0 (결제대기), which reports no payment
	case mismatch == nil:
		mismatch = &bootpay.MismatchError{ReceiptID: ev.ReceiptID, Receipt: r}
	}
	if r.CancelledPrice != cancelled {
		mismatch.Mismatches = append(mismatch.Mismatches, bootpay.Mismatch{Field: "cancelled_price",
			Expected: strconv.FormatInt(cancelled.Int64(), 10), Actual: strconv.FormatInt(r.CancelledPrice.Int64(), 10)})
	}
	if evKind != kind {
		mismatch.Mismatches = append(mismatch.Mismatches, bootpay.Mismatch{Field: "webhook_type",
			Expected: string(evKind), Actual: string(kind)})
	}
	if at, now, ok := cancelTimes(ev, r); ok && (at.After(now) || at.Before(now) && evKind != kind) {
		mismatch.Mismatches = append(mismatch.Mismatches, bootpay.Mismatch{Field: "cancelled_at",
			Expected: at.Format(time.RFC3339), Actual: now.Format(time.RFC3339)})
	}
	if len(mismatch.Mismatches) == 0 {
		return nil
	}
	return mismatch
}

// paidThenPartlyCancelled reports a completion event (status 1, nothing
// cancelled) about a receipt that is now partly cancelled: still paid in
// part, so the completion is still true.
func paidThenPartlyCancelled(ev *BootpayEvent, r *bootpay.Receipt) bool {
	return ev.Kind() == BootpayPaymentCompleted && ev.Status == bootpay.StatusPaid && ev.CancelledPrice == 0 &&
		r.Status == bootpay.StatusCancelled && r.CancelledPrice > 0 && r.CancelledPrice < r.Price
}

// cancelTimes returns the cancelled_at of a cancellation naming no amount
// and of its receipt, both to the second (the precision of Bootpay's
// timestamps: a finer one in only one of them must not make the event
// look ahead forever); ok is false for any other event, or when either has
// none, and then the times order nothing.
func cancelTimes(ev *BootpayEvent, r *bootpay.Receipt) (event, receipt time.Time, ok bool) {
	if !ev.amountUnknown() || ev.CancelledAt.IsZero() || r.CancelledAt.IsZero() {
		return time.Time{}, time.Time{}, false
	}
	return ev.CancelledAt.Truncate(time.Second), r.CancelledAt.Truncate(time.Second), true
}

// bootpayMovedPast reports a receipt cancelled further since the event:
// more cancelled than the event names, or, for a 부분취소 naming no
// amount, cancelled in full at a later cancelled_at. The receipt's later
// time alone shows nothing (it may be the completion of this very
// cancel), nor does a full cancel without the times: such an event is
// never superseded (see BootpayLookup.Verify).
func bootpayMovedPast(ev *BootpayEvent, r *bootpay.Receipt) bool {
	if !ev.amountUnknown() {
		return r.CancelledPrice > ev.CancelledPrice
	}
	at, now, ok := cancelTimes(ev, r)
	return ok && now.After(at) && ev.Kind() == BootpayPaymentPartialCancelled && r.FullyCancelled()
}

// redelivered answers a delivery whose process-once key (VerifiedKey with
// r) was already processed. It is acknowledged (nil), except for a
// cancellation naming no cancelled_price, and no cancelled_at earlier than
// its receipt's (none, one the receipt cannot be ordered against, or one
// equal to the second: a further cancel within the same second reads so),
// while the receipt is not cancelled in full: its key is built from the
// receipt alone, so it may be a redelivery
// of the cancel processed under that key, or a further cancel the receipt
// does not show yet, and acknowledging the latter would lose the
// merchant's only notice of that refund. It is answered ErrNotCaughtUp
// (502): Bootpay delivers it again, and once the receipt shows the further
// cancel it is keyed by it and runs. A true redelivery is thus refused
// until Bootpay stops retrying — noise in WithErrorHook and in Bootpay's
// webhook log, never a refund missed or run twice. After a full cancel no
// further cancel can come, so a redelivery then is acknowledged.
func (e *BootpayEvent) redelivered(r *bootpay.Receipt) error {
	if !e.amountUnknown() || r == nil || r.FullyCancelled() {
		return nil
	}
	if at, now, ok := cancelTimes(e, r); ok && at.Before(now) {
		return nil
	}
	return &notCaughtUpError{progressError{text: fmt.Sprintf("webhook: bootpay: receipt %s: a cancellation naming no "+
		"cancelled_price, and no cancelled_at earlier than the receipt's, already processed at the receipt's cancelled_price %d: "+
		"it may be a further cancel the receipt does not show yet", e.ReceiptID, r.CancelledPrice.Int64())}}
}

// bootpayAck is the answer Bootpay requires: HTTP 200 with this body;
// anything else is retried.
const bootpayAck = `{"success":true}`
