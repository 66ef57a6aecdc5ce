package webhook

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/url"
	"strconv"
	"time"

	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/portone"
)

// PortOneEventType is the "type" of a PortOne V2 webhook event (version
// 2024-04-25). PortOne may add types without notice; an event of a type not
// listed here decodes to *PortOneUnknownEvent.
//
// PortOne docs: https://developers.portone.io/opi/ko/integration/webhook/readme-v2
type PortOneEventType string

// The event types PortOne documents.
const (
	PortOneTransactionReady                PortOneEventType = "Transaction.Ready"                // 결제창이 열렸을 때
	PortOneTransactionPaid                 PortOneEventType = "Transaction.Paid"                 // 결제(예약 결제 포함)가 승인되었을 때, 가상계좌 입금 포함
	PortOneTransactionVirtualAccountIssued PortOneEventType = "Transaction.VirtualAccountIssued" // 가상계좌가 발급되었을 때
	PortOneTransactionPartialCancelled     PortOneEventType = "Transaction.PartialCancelled"     // 결제가 부분 취소되었을 때
	PortOneTransactionCancelled            PortOneEventType = "Transaction.Cancelled"            // 결제가 완전 취소되었을 때
	PortOneTransactionFailed               PortOneEventType = "Transaction.Failed"               // 결제(예약 결제 포함)가 실패했을 때
	PortOneTransactionPayPending           PortOneEventType = "Transaction.PayPending"           // 결제 승인 대기 (해외 결제)
	PortOneTransactionCancelPending        PortOneEventType = "Transaction.CancelPending"        // (비동기 취소) 결제 취소를 요청했을 때
	PortOneTransactionDisputeCreated       PortOneEventType = "Transaction.DisputeCreated"       // 분쟁이 발생되었을 때
	PortOneTransactionDisputeResolved      PortOneEventType = "Transaction.DisputeResolved"      // 분쟁이 해소되었을 때
	PortOneTransactionConfirm              PortOneEventType = "Transaction.Confirm"              // 컨펌 프로세스의 승인 요청 (confirmUrl)
	PortOneBillingKeyReady                 PortOneEventType = "BillingKey.Ready"                 // 빌링키 발급창이 열렸을 때
	PortOneBillingKeyIssued                PortOneEventType = "BillingKey.Issued"                // 빌링키가 발급되었을 때
	PortOneBillingKeyFailed                PortOneEventType = "BillingKey.Failed"                // 빌링키 발급이 실패했을 때
	PortOneBillingKeyDeleted               PortOneEventType = "BillingKey.Deleted"               // 빌링키가 삭제되었을 때
	PortOneBillingKeyUpdated               PortOneEventType = "BillingKey.Updated"               // 빌링키가 업데이트되었을 때
)

// PortOneEvent is one decoded PortOne webhook event. Switch on its
// concrete type:
//
//	switch e := ev.(type) {
//	case *webhook.PortOneTransaction:          // Ready, Paid, VirtualAccountIssued, Failed, PayPending, Dispute*
//	case *webhook.PortOneCancellation:         // PartialCancelled, Cancelled, CancelPending (with CancellationID)
//	case *webhook.PortOneConfirm:              // Confirm (with TotalAmount)
//	case *webhook.PortOneBillingKey:           // BillingKey.*
//	case *webhook.PortOneLegacyEvent:          // the 2024-01-01 shape
//	case *webhook.PortOneUnknownEvent:         // a type PortOne added later: ignore it
//	}
//
// and on e.Type within a case. An event says what happened, not the
// payment's amount: look the payment up (portone's Payments.Verify) before
// acting on it, as PortOne recommends.
type PortOneEvent interface {
	// EventType is the event's type; for the legacy shape, its status as
	// the 2024-04-25 type ("Paid" is Transaction.Paid).
	EventType() PortOneEventType
	portOneEvent()
}

// PortOneTransaction is a Transaction.* event about a payment that carries
// no more than its ids: Ready, Paid, VirtualAccountIssued, Failed,
// PayPending, DisputeCreated and DisputeResolved.
type PortOneTransaction struct {
	Type      PortOneEventType
	Timestamp time.Time // when the event happened; the same on every redelivery
	PaymentID string    // your payment id (결제 건 아이디)
	// StoreID is the store (상점 아이디); it may be empty: PortOne's own
	// examples omit it on some events.
	StoreID       string
	TransactionID string // PortOne's id of the payment attempt
}

// PortOneCancellation is a cancellation event:
// Transaction.PartialCancelled (부분 취소), Transaction.Cancelled (완전 취소)
// and Transaction.CancelPending (비동기 취소 요청).
type PortOneCancellation struct {
	PortOneTransaction
	CancellationID string // PortOne's id of this cancellation (취소 고유 번호)
}

// PortOneConfirm is Transaction.Confirm, sent to your confirmUrl
// in PortOne's confirm process (컨펌 프로세스): PortOne approves the payment
// only if you answer 200. TotalAmount is the amount to approve.
//
// PortOne docs: https://developers.portone.io/opi/ko/extra/confirm-process/readme-v2
type PortOneConfirm struct {
	PortOneTransaction
	TotalAmount int64
}

// PortOneBillingKey is a BillingKey.* event.
type PortOneBillingKey struct {
	Type      PortOneEventType
	Timestamp time.Time
	// BillingKey is the key the event is about: a credential that charges
	// the customer, so it prints as [REDACTED] (fmt, slog); Reveal gives
	// the value to look it up or store it.
	BillingKey portone.BillingKey
	StoreID    string // may be empty
}

// Format prints the event with the billing key masked, for every fmt verb:
// fmt would otherwise print the key raw where it cannot call its methods
// (a pointer to the event printed with %s inside another value).
func (e PortOneBillingKey) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, e) }

// LogValue logs the event with the billing key masked, also through slog's
// JSON handler (which would encode the key in the clear).
func (e PortOneBillingKey) LogValue() slog.Value {
	type plain PortOneBillingKey
	return redact.LogValue(plain(e))
}

// PortOneLegacyEvent is the webhook body of version 2024-01-01 (JSON or
// form), chosen per store in PortOne's console: {"payment_id", "tx_id",
// "status"}, or {"payment_id", "tx_id", "total_amount"} for a confirm.
// Status is PascalCase ("Paid", "PartialCancelled").
type PortOneLegacyEvent struct {
	PaymentID   string
	TxID        string
	Status      string // "Ready", "Paid", "VirtualAccountIssued", "PartialCancelled", "Cancelled", "Failed", "PayPending", "CancelPending"; "" for a confirm
	TotalAmount int64  // a confirm's amount; 0 otherwise
}

// PortOneUnknownEvent is an event of a type this package does not know.
// PortOne asks receivers to ignore such a message without an error.
type PortOneUnknownEvent struct {
	Type string
	// Raw is the whole event (compact JSON). It may hold secrets (a
	// future BillingKey.* type carries the billing key), so it prints
	// masked, with its type, timestamp and ids shown; Raw.Reveal gives
	// the bytes.
	Raw RawJSON
}

// Format prints the event with its body masked (see RawJSON), for every
// fmt verb.
func (e PortOneUnknownEvent) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, e) }

// LogValue logs the event with its body masked, also through slog's JSON
// handler (which would otherwise encode the body as received).
func (e PortOneUnknownEvent) LogValue() slog.Value {
	type plain PortOneUnknownEvent
	return redact.LogValue(plain(e))
}

// EventType returns e.Type.
func (e *PortOneTransaction) EventType() PortOneEventType { return e.Type }

// EventType returns e.Type.
func (e *PortOneBillingKey) EventType() PortOneEventType { return e.Type }

// EventType maps the legacy status to the 2024-04-25 type: "Paid" is
// Transaction.Paid, a confirm (no status) Transaction.Confirm.
func (e *PortOneLegacyEvent) EventType() PortOneEventType {
	if e.Status == "" {
		return PortOneTransactionConfirm
	}
	return PortOneEventType("Transaction." + e.Status)
}

// EventType returns e.Type.
func (e *PortOneUnknownEvent) EventType() PortOneEventType { return PortOneEventType(e.Type) }

func (*PortOneTransaction) portOneEvent()  {}
func (*PortOneBillingKey) portOneEvent()   {}
func (*PortOneLegacyEvent) portOneEvent()  {}
func (*PortOneUnknownEvent) portOneEvent() {}

// eventTime decodes the envelope's timestamp tolerantly (jsonx.Time):
// absent, null or "" is the zero time.
type eventTime struct{ t *time.Time }

func (e eventTime) UnmarshalJSON(data []byte) error {
	t, err := jsonx.Time(data, time.UTC)
	*e.t = t
	return err
}

// transactionWire is the envelope of a transaction event; data members
// PortOne's examples omit decode to zero.
type transactionWire struct {
	Type      PortOneEventType `json:"type"`
	Timestamp eventTime        `json:"timestamp"`
	Data      struct {
		PaymentID      string          `json:"paymentId"`
		StoreID        string          `json:"storeId"`
		TransactionID  string          `json:"transactionId"`
		CancellationID string          `json:"cancellationId"`
		TotalAmount    json.RawMessage `json:"totalAmount"`
		BillingKey     string          `json:"billingKey"`
	} `json:"data"`
}

func decodeWire(b []byte) (*transactionWire, time.Time, error) {
	var ts time.Time
	w := &transactionWire{Timestamp: eventTime{&ts}}
	if err := json.Unmarshal(b, w); err != nil {
		return nil, ts, err
	}
	return w, ts, nil
}

func decodeTransaction(b []byte) (PortOneTransaction, *transactionWire, error) {
	w, ts, err := decodeWire(b)
	if err != nil {
		return PortOneTransaction{}, nil, err
	}
	if w.Data.PaymentID == "" {
		return PortOneTransaction{}, nil, errors.New("data.paymentId is missing")
	}
	return PortOneTransaction{Type: w.Type, Timestamp: ts, PaymentID: w.Data.PaymentID,
		StoreID: w.Data.StoreID, TransactionID: w.Data.TransactionID}, w, nil
}

func transactionVariant(b []byte) (PortOneEvent, error) {
	t, _, err := decodeTransaction(b)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

func cancelledVariant(b []byte) (PortOneEvent, error) {
	t, w, err := decodeTransaction(b)
	if err != nil {
		return nil, err
	}
	return &PortOneCancellation{PortOneTransaction: t, CancellationID: w.Data.CancellationID}, nil
}

func confirmVariant(b []byte) (PortOneEvent, error) {
	t, w, err := decodeTransaction(b)
	if err != nil {
		return nil, err
	}
	amount, ok, err := jsonx.Int64(w.Data.TotalAmount)
	switch {
	case err != nil:
		return nil, errors.New("data.totalAmount: " + err.Error())
	case !ok:
		// The amount is what a confirm asks to approve: without it there
		// is nothing to check the order against.
		return nil, errors.New("data.totalAmount is missing")
	}
	return &PortOneConfirm{PortOneTransaction: t, TotalAmount: amount}, nil
}

func billingKeyVariant(b []byte) (PortOneEvent, error) {
	w, ts, err := decodeWire(b)
	if err != nil {
		return nil, err
	}
	if w.Data.BillingKey == "" {
		return nil, errors.New("data.billingKey is missing")
	}
	return &PortOneBillingKey{Type: w.Type, Timestamp: ts, BillingKey: portone.BillingKey(w.Data.BillingKey), StoreID: w.Data.StoreID}, nil
}

// portOneEventUnion decodes an event by "type" in one pass (jsonx.Union).
var portOneEventUnion = jsonx.Union[PortOneEvent]{
	Prefix: "webhook", Name: "PortOne event", Key: "type",
	Variants: map[string]func([]byte) (PortOneEvent, error){
		string(PortOneTransactionReady):                transactionVariant,
		string(PortOneTransactionPaid):                 transactionVariant,
		string(PortOneTransactionVirtualAccountIssued): transactionVariant,
		string(PortOneTransactionFailed):               transactionVariant,
		string(PortOneTransactionPayPending):           transactionVariant,
		string(PortOneTransactionDisputeCreated):       transactionVariant,
		string(PortOneTransactionDisputeResolved):      transactionVariant,
		string(PortOneTransactionPartialCancelled):     cancelledVariant,
		string(PortOneTransactionCancelled):            cancelledVariant,
		string(PortOneTransactionCancelPending):        cancelledVariant,
		string(PortOneTransactionConfirm):              confirmVariant,
		string(PortOneBillingKeyReady):                 billingKeyVariant,
		string(PortOneBillingKeyIssued):                billingKeyVariant,
		string(PortOneBillingKeyFailed):                billingKeyVariant,
		string(PortOneBillingKeyDeleted):               billingKeyVariant,
		string(PortOneBillingKeyUpdated):               billingKeyVariant,
	},
	Unknown: unknownOrLegacy,
}

// unknownOrLegacy is the union's fallback: an object without "type" that
// has "payment_id" is the 2024-01-01 shape; anything else is unknown.
func unknownOrLegacy(data, raw []byte) (PortOneEvent, error) {
	if _, hasType, _ := jsonx.Member(data, "type"); !hasType && jsonx.StringMember(data, "payment_id") != "" {
		return decodeLegacyJSON(data)
	}
	return &PortOneUnknownEvent{Type: jsonx.StringMember(data, "type"), Raw: raw}, nil
}

func decodeLegacyJSON(data []byte) (PortOneEvent, error) {
	var w struct {
		PaymentID   string          `json:"payment_id"`
		TxID        string          `json:"tx_id"`
		Status      string          `json:"status"`
		TotalAmount json.RawMessage `json:"total_amount"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, err
	}
	return legacyEvent(w.PaymentID, w.TxID, w.Status, w.TotalAmount)
}

func legacyEvent(paymentID, txID, status string, totalAmount []byte) (PortOneEvent, error) {
	amount, ok, err := jsonx.Int64(totalAmount)
	switch {
	case err != nil:
		return nil, errors.New("total_amount: " + err.Error())
	case paymentID == "":
		return nil, errors.New("payment_id is missing")
	case status == "" && !ok:
		// Without a status the body is a confirm, and a confirm asks to
		// approve its amount: as the 2024-04-25 decoder refuses a confirm
		// without totalAmount, 0 won must not stand in for a missing one.
		return nil, errors.New("status and total_amount are both missing")
	}
	return &PortOneLegacyEvent{PaymentID: paymentID, TxID: txID, Status: status, TotalAmount: amount}, nil
}

// DecodePortOneEvent decodes a verified PortOne webhook body. contentType
// is the request's Content-Type: application/x-www-form-urlencoded is read
// as the legacy 2024-01-01 form body; anything else (or "") as JSON.
//
// A JSON object with a known "type" decodes to its typed event; one
// without "type" but with "payment_id" to *PortOneLegacyEvent; any other
// object to *PortOneUnknownEvent with its raw JSON (a RawJSON, which
// prints masked). Fields PortOne's own
// examples omit (storeId, timestamp) may be absent; an event without the id
// it is about (data.paymentId, data.billingKey, a confirm's totalAmount) is
// a *DecodeError, as is a legacy body with neither status nor total_amount
// (it would read as a confirm of 0 won) and a body that is not an object.
func DecodePortOneEvent(contentType string, body []byte) (PortOneEvent, error) {
	ev, err := decodePortOne(contentType, body)
	if err != nil {
		return nil, &DecodeError{Sender: "portone", Err: err}
	}
	return ev, nil
}

func decodePortOne(contentType string, body []byte) (PortOneEvent, error) {
	if isForm(contentType) {
		q, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, errors.New("malformed form body")
		}
		var amount []byte
		if a := q.Get("total_amount"); a != "" {
			amount = []byte(a)
		}
		return legacyEvent(q.Get("payment_id"), q.Get("tx_id"), q.Get("status"), amount)
	}
	ev, err := portOneEventUnion.Decode(body)
	if err == nil && ev == nil {
		err = errors.New("empty body")
	}
	return ev, err
}

// formOrJSON decodes body with fromForm when contentType is a URL-encoded
// form, and with fromJSON otherwise: Bootpay's and Commerce's webhooks come as
// either, as the merchant's setting says.
func formOrJSON[E any](contentType string, body []byte, fromForm, fromJSON func([]byte) (E, error)) (E, error) {
	if isForm(contentType) {
		return fromForm(body)
	}
	return fromJSON(body)
}

// isForm reports whether a Content-Type is a URL-encoded form.
func isForm(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// PortOneKey is the process-once key of a PortOne event: the same for every
// redelivery of the event, and for the browser's report of the same fact
// (see PortOnePaidKey), so that a Processor runs your callback once:
//
//   - Transaction.Paid: the payment and the type (a payment is paid
//     once, and PortOnePaidKey, the browser path's key, must equal it);
//   - Transaction.VirtualAccountIssued: the payment, the type and the
//     transaction id, or the payment and the type when the event carries
//     none (a new attempt under the same paymentId issues a new account,
//     and its event must run your callback, not be acknowledged as a
//     redelivery of the first);
//   - cancellations: the payment, the type and the cancellationId (each
//     부분취소 is its own event), or the webhook-id when cancellationId is
//     absent (PortOne's schema requires it, yet a delivery without it must
//     not share one key with every other cancellation of the payment, or
//     a second, different 부분취소 would be acknowledged without running
//     your callback; a redelivery keeps its webhook-id, so it still runs
//     once);
//   - Transaction.Confirm: the payment, the type, the transaction id (or
//     the webhook-id when the event carries none, as for cancellations)
//     and the amount to approve. PortOne approves on a 200, and a
//     delivery whose key was processed is answered 200 without your
//     callback: a confirm asking for another amount, or without the id
//     that would tell it from the confirm before it, must reach your
//     callback, which checks the amount. A redelivery keeps its
//     webhook-id and its amount, so it is still approved once;
//   - other transaction events: the payment, the type and the transaction
//     id (a payment may fail or open its window more than once), and for
//     disputes also the event's timestamp, or the webhook-id when the
//     event carries none (else every dispute of the transaction would
//     share one key, and a second chargeback be acknowledged unrun);
//   - billing-key events: the SHA-256 of the key (never the key itself)
//     and the type, plus for BillingKey.Updated the timestamp, or the
//     webhook-id when the event carries none;
//   - the legacy shape: as the 2024-04-25 type it maps to, its tx_id as
//     the transaction id, with the webhook-id for cancellations (they
//     carry no cancellation id), and a confirm as above;
//   - an unknown event: the webhook-id.
//
// webhookID is the delivery's webhook-id header, which Standard Webhooks
// keeps across redeliveries.
//
// No key names the store (storeId): PortOne's paymentId is unique within
// a store, and whether two stores of one merchant (하위 상점, sub-stores)
// may use one paymentId is UNCONFIRMED. If stores that may reuse a
// paymentId share one Store, the second store's Transaction.Paid is
// acknowledged as a redelivery of the first's without running your
// callback. Either make payment ids unique across every store that shares
// a Store (prefix them with the store), or keep the stores apart: one
// PortOneHandler per store (its own webhook URL and secret, set in each
// store's console) whose Processor has its own Store, or a Store that
// prefixes each key with the store, and the same separation on the
// browser path's PortOnePaidKey.
func PortOneKey(ev PortOneEvent, webhookID string) string {
	byWebhook := "webhook-id:" + webhookID
	switch e := ev.(type) {
	case *PortOneCancellation:
		return portOneKey(e.PaymentID, e.Type, cmp.Or(e.CancellationID, byWebhook))
	case *PortOneConfirm:
		return portOneKey(e.PaymentID, e.Type, confirmQualifier(e.TransactionID, webhookID, e.TotalAmount))
	case *PortOneTransaction:
		switch e.Type {
		case PortOneTransactionPaid:
			return portOneKey(e.PaymentID, e.Type, "")
		case PortOneTransactionDisputeCreated, PortOneTransactionDisputeResolved:
			return portOneKey(e.PaymentID, e.Type, e.TransactionID+"@"+eventMoment(e.Timestamp, webhookID))
		}
		return portOneKey(e.PaymentID, e.Type, e.TransactionID)
	case *PortOneBillingKey:
		if e.Type == PortOneBillingKeyUpdated {
			return billingKeyKey(e.BillingKey) + ":" + string(e.Type) + ":" + eventMoment(e.Timestamp, webhookID)
		}
		return billingKeyKey(e.BillingKey) + ":" + string(e.Type)
	case *PortOneLegacyEvent:
		switch t := e.EventType(); t {
		case PortOneTransactionPaid:
			return portOneKey(e.PaymentID, t, "")
		case PortOneTransactionPartialCancelled, PortOneTransactionCancelled, PortOneTransactionCancelPending:
			return portOneKey(e.PaymentID, t, byWebhook)
		case PortOneTransactionConfirm:
			return portOneKey(e.PaymentID, t, confirmQualifier(e.TxID, webhookID, e.TotalAmount))
		default:
			return portOneKey(e.PaymentID, t, e.TxID)
		}
	}
	return "portone:" + byWebhook
}

// confirmQualifier qualifies a confirm's key by its transaction (the
// webhook-id when it names none) and the amount it asks to approve (see
// PortOneKey). The amount comes last and is an integer, so the key reads
// back unambiguously whatever the transaction id holds.
func confirmQualifier(transactionID, webhookID string, amount int64) string {
	return cmp.Or(transactionID, "webhook-id:"+webhookID) + ":amount:" + strconv.FormatInt(amount, 10)
}

// eventMoment is an event's timestamp in a key, or the delivery's
// webhook-id when the event carries none: a zero time would give every
// such event of one subject one key.
func eventMoment(ts time.Time, webhookID string) string {
	if ts.IsZero() {
		return "webhook-id:" + webhookID
	}
	return ts.UTC().Format(time.RFC3339Nano)
}

// billingKeyKey names a billing key in a process-once key by the SHA-256 of
// the key, never the key itself: process-once keys are stored (MemoryStore,
// your SQL table), logged and carried in PortOneDelivery.Key, and a billing
// key charges the customer. The hash is as unique as the key and the same
// on every redelivery.
func billingKeyKey(k portone.BillingKey) string {
	sum := sha256.Sum256([]byte(k.Reveal()))
	return "portone:billing-key:sha256:" + hex.EncodeToString(sum[:])
}

// PortOnePaidKey is PortOneKey of the Transaction.Paid event of a payment:
// use it on the browser-callback path (/payment/complete), after looking
// the payment up and finding it paid, so that the callback and the webhook
// run your fulfilment once between them.
//
// It names the payment only, not its store: payment ids must be unique
// across the stores (하위 상점 included) that share one Store, or each
// store kept apart with its own Store or key prefix (see PortOneKey).
func PortOnePaidKey(paymentID string) string {
	return portOneKey(paymentID, PortOneTransactionPaid, "")
}

func portOneKey(paymentID string, t PortOneEventType, qualifier string) string {
	k := "portone:payment:" + strconv.Quote(paymentID) + ":" + string(t)
	if qualifier != "" {
		k += ":" + qualifier
	}
	return k
}
