package reconcile

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/transport"
)

// Period is the span a reconciliation covers: From inclusive, Until
// exclusive. Each side decides which of its timestamps falls in it (a
// PortOne payment's creation time, a Commerce order's creation time, the
// merchant's own order time); a record near an edge that one side counts
// in and the other does not is settled by a lookup, never reported as
// missing (see Run).
type Period struct {
	From, Until time.Time
}

// Contains reports whether t lies in [From, Until).
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.From) && t.Before(p.Until)
}

func (p Period) validate() error {
	if p.From.IsZero() || p.Until.IsZero() {
		return &ValidationError{Field: "Period", Reason: "From and Until are required"}
	}
	if !p.From.Before(p.Until) {
		return &ValidationError{Field: "Period", Reason: "From must be before Until"}
	}
	return nil
}

// Status is the common vocabulary both sides' statuses are normalised
// into. Record.SourceStatus keeps each side's own spelling.
type Status string

// The common statuses.
const (
	// StatusPending: no money taken yet (created, awaiting approval or a
	// virtual-account deposit).
	StatusPending Status = "pending"
	// StatusPaid: paid, nothing cancelled.
	StatusPaid Status = "paid"
	// StatusPartiallyCancelled: paid, part of it cancelled (부분취소).
	StatusPartiallyCancelled Status = "partially_cancelled"
	// StatusCancelled: paid and cancelled in full.
	StatusCancelled Status = "cancelled"
	// StatusFailed: the payment failed, or was a test payment (see the
	// package doc); no money taken.
	StatusFailed Status = "failed"
	// StatusUnknown: a status the adapter cannot place (a gateway status
	// added later, a cancel in flight). It always differs from the other
	// side, so a person looks at it.
	StatusUnknown Status = "unknown"
)

// class folds the statuses money-wise: the three paid statuses are one
// class, whose differences the cancelled amount tells.
func (s Status) class() Status {
	switch s {
	case StatusPaid, StatusPartiallyCancelled, StatusCancelled:
		return StatusPaid
	case StatusPending, StatusFailed:
		return s
	}
	return StatusUnknown
}

// tookMoney reports whether a record in this status stands for money that
// moved (or whose fate is unknown), so that its absence on the other side
// matters.
func (s Status) tookMoney() bool { return s.class() == StatusPaid || s.class() == StatusUnknown }

// Record is one payment as one side sees it. Amounts are exact integers in
// the currency's minor unit (KRW: won).
type Record struct {
	// Key is what both sides know the payment by: the PortOne payment id,
	// the Commerce order number, the Bootpay receipt id.
	Key string
	// Ref is an optional second reference for people reading a report
	// (the merchant's order id, the gateway's transaction id).
	Ref string
	// Amount is the total amount of the payment.
	Amount int64
	// Currency is the ISO 4217 code Amount and Cancelled are in ("KRW",
	// "USD"). "" means KRW: Commerce orders carry no currency and take won
	// only, a Bootpay receipt that names none is in won, and a merchant
	// that sells in won alone may leave it empty. The PortOne adapter
	// fills it from Payment.Currency and the Bootpay adapter from the
	// receipt's currency. Run compares the two sides' currencies with ""
	// read as "KRW" (CurrencyDiffers).
	Currency string
	// Cancelled is the total cancelled so far.
	Cancelled int64
	// CancelledUnknown says this side cannot tell the cancelled amount
	// (Commerce's order list does not show a partial cancel); Cancelled is
	// then not compared. A record in a paid status with CancelledUnknown
	// still says something is left uncancelled (Commerce's 결제완료: an
	// order stays paid until nothing remains), and, partially cancelled,
	// that something was cancelled: Run reports CancelledDiffers when the
	// other side's amount cannot be so (the other side cancelled in full,
	// or, against a partial cancel, paid with nothing cancelled). A record
	// cancelled in full (StatusCancelled) with CancelledUnknown says the
	// buyer got everything back: anything less on the other side differs.
	CancelledUnknown bool
	// Status is the side's status in the common vocabulary.
	Status Status
	// SourceStatus is the side's own status ("PARTIAL_CANCELLED", "20",
	// "refunded"), kept for the report.
	SourceStatus string
	// At is the side's timestamp of the payment (creation or payment time).
	At time.Time
}

// Kind is the kind of a discrepancy.
type Kind string

// The kinds of discrepancies. Each says what the operator should do;
// none is a verdict to act on blindly. A discrepancy is read from two
// records at one moment, and either side may have moved since (a deposit,
// a refund, a webhook processed late): look the payment up again before
// any write, and make every write through the clients, whose refunds and
// charges are never sent twice (settle an ErrOutcomeUnknown by lookup,
// never by a second write).
const (
	// MissingAtMerchant: the gateway took money (paid, partly or fully
	// cancelled, or an unknown status) and the merchant has no record with
	// its key: money taken, nothing shipped. Look the payment up again and
	// check the shop's own records before refunding: the order may sit
	// under another key (a payment id not stored, a retried checkout), be
	// still on its way in (a webhook being processed), or belong to
	// another store or application. Then fulfil the order or refund the
	// payment, once.
	MissingAtMerchant Kind = "missing_at_merchant"
	// MissingAtGateway: the merchant holds a record that took money and the
	// gateway has no payment with its key: goods shipped, no money. Never
	// charge the buyer again on this report alone: first check the key the
	// shop stored, the credentials and the store the run used (PortOne
	// with several stores needs portone.WithStoreID; live or test keys),
	// and whether the money came under another payment. Hold the shipment
	// while it is open.
	MissingAtGateway Kind = "missing_at_gateway"
	// AmountDiffers: the total amounts differ (위변조 의심): the buyer paid
	// the gateway's amount, not the order's. Hold the shipment and check
	// the order; a payment for less than the order is cancelled, never
	// topped up by charging again.
	AmountDiffers Kind = "amount_differs"
	// StatusDiffers: the statuses differ in a way the cancelled amount does
	// not explain (paid on one side, pending or failed on the other, or an
	// unknown status). Look the payment up again: one whose money moved
	// after the read (a deposit, an approval that completed) reads the
	// same on the next run. Paid at the gateway against a pending or
	// failed order: the confirmation or webhook was lost; finish the order
	// through the path that processes it once (webhook.Processor), not by
	// hand. Paid at the merchant against a pending, failed or test payment:
	// goods shipped for no money; stop the shipment. An unknown status (an
	// approval or cancel in flight) needs a person and the gateway's
	// console.
	StatusDiffers Kind = "status_differs"
	// CancelledDiffers: both sides are paid, and their cancellations
	// differ: a refund recorded on one side only. Compared are the amounts
	// and, when both are known, what the statuses say too (cancelled in
	// full, or something cancelled, against nothing cancelled: a refund
	// recorded without its amount). A side that cannot tell its cancelled
	// amount (Record.CancelledUnknown) differs when the other side's
	// amount contradicts what it can tell: a Commerce order still 결제완료
	// against a merchant record cancelled in full. When the gateway
	// cancelled more, the buyer has the money back: record the refund in
	// the shop. When the merchant recorded more, the buyer may not have
	// it: check the payment's cancellations at the gateway before
	// cancelling, and cancel once through the client.
	CancelledDiffers Kind = "cancelled_differs"
	// CurrencyDiffers: the two sides' currencies differ (Record.Currency,
	// "" read as KRW): the same number in another currency, a tampered
	// request (위변조 의심). Hold the shipment and treat it as
	// AmountDiffers: the buyer paid another sum than the order's.
	CurrencyDiffers Kind = "currency_differs"
)

// Discrepancy is one difference between the gateway and the merchant.
// Gateway is nil for MissingAtGateway and Merchant nil for
// MissingAtMerchant; otherwise both carry their side's values.
type Discrepancy struct {
	Kind     Kind
	Key      string
	Gateway  *Record
	Merchant *Record
}

// String describes d in one line, for logs and summaries. It never
// panics: the zero Discrepancy (which Run yields with an error) is "no
// discrepancy", and one without a side its kind needs names each side it
// has and "none" for the other.
func (d Discrepancy) String() string {
	if d.Gateway == nil || d.Merchant == nil {
		return d.oneSided()
	}
	switch d.Kind {
	case AmountDiffers:
		return fmt.Sprintf("%s %s: gateway %d, merchant %d", d.Kind, d.Key, d.Gateway.Amount, d.Merchant.Amount)
	case CancelledDiffers:
		return fmt.Sprintf("%s %s: gateway %s, merchant %s", d.Kind, d.Key, d.Gateway.cancelledText(), d.Merchant.cancelledText())
	case CurrencyDiffers:
		return fmt.Sprintf("%s %s: gateway %s %d, merchant %s %d", d.Kind, d.Key,
			d.Gateway.currency(), d.Gateway.Amount, d.Merchant.currency(), d.Merchant.Amount)
	}
	return fmt.Sprintf("%s %s: gateway %s (%s), merchant %s (%s)", d.Kind, d.Key,
		d.Gateway.Status, d.Gateway.SourceStatus, d.Merchant.Status, d.Merchant.SourceStatus)
}

// oneSided describes a d with at most one side: MissingAtMerchant and
// MissingAtGateway as they read, anything else with its sides'
// statuses and amounts, "none" for a nil one.
func (d Discrepancy) oneSided() string {
	switch {
	case d == Discrepancy{}:
		return "no discrepancy"
	case d.Kind == MissingAtMerchant && d.Gateway != nil:
		return fmt.Sprintf("%s %s: gateway %s %d, no merchant record", d.Kind, d.Key, d.Gateway.SourceStatus, d.Gateway.Amount)
	case d.Kind == MissingAtGateway && d.Merchant != nil:
		return fmt.Sprintf("%s %s: merchant %s %d, no gateway payment", d.Kind, d.Key, d.Merchant.SourceStatus, d.Merchant.Amount)
	}
	return fmt.Sprintf("%s %s: gateway %s, merchant %s", d.Kind, d.Key, d.Gateway.brief(), d.Merchant.brief())
}

// brief is r's status and amount for String, "none" for a nil r.
func (r *Record) brief() string {
	if r == nil {
		return "none"
	}
	return fmt.Sprintf("%s (%s) %s %d", r.Status, r.SourceStatus, r.currency(), r.Amount)
}

// cancelledText is r's cancelled amount for a report: "?" when r cannot
// tell it.
func (r *Record) cancelledText() string {
	if r.CancelledUnknown {
		return "?"
	}
	return strconv.FormatInt(r.Cancelled, 10)
}

// defaultCurrency is the currency of a record that names none.
const defaultCurrency = "KRW"

// currency is r's currency in capitals (a merchant may store "krw"), ""
// read as KRW.
func (r *Record) currency() string { return strings.ToUpper(cmp.Or(r.Currency, defaultCurrency)) }

// Gateway is the gateway's side of a reconciliation. The adapters in this
// package (PortOne, Commerce, Bootpay) implement it; so can a fake in a
// test.
type Gateway interface {
	// Payments streams the gateway's payments in the period, lazily, page
	// by page. An error ends the stream. A gateway without a list (Bootpay
	// PG) yields nothing.
	Payments(ctx context.Context, period Period) iter.Seq2[Record, error]
	// Lookup looks one payment up by key, whatever its period; found is
	// false when the gateway itself answers that it has none. An answer
	// that proves nothing (a 404 from a proxy, say) is an error, never
	// "none": found false becomes MissingAtGateway. A found record's Key
	// must be key: a record of another key ends the run with an error. It
	// must never write.
	Lookup(ctx context.Context, key string) (rec Record, found bool, err error)
}

// Merchant is the merchant's side, implemented over its own database. One
// Merchant value serves one run of Run: it remembers which keys Find was
// asked about (in a database, a temporary table) so that Unmatched can
// stream the rest. Neither method needs to hold more than one batch in
// memory.
type Merchant interface {
	// Find returns the merchant's records among keys, whatever their
	// period, in any order; keys it does not know are left out. It
	// remembers every key it was asked about as matched for this run. A
	// key may come again in a later batch, and remembering it twice must
	// be harmless: the Commerce adapter merges the copies a shifted list
	// page repeats within the page it holds back, but not those of a list
	// that shifted by more than a page between two reads, and a Gateway
	// of the caller's own may repeat keys.
	Find(ctx context.Context, keys []string) ([]Record, error)
	// Unmatched streams the merchant's records in the period whose keys
	// Find was never asked about in this run, lazily (a batch at a time).
	// It is called once, after the last Find.
	Unmatched(ctx context.Context, period Period) iter.Seq2[Record, error]
}

// Options tune a run. The zero value is ready to use.
type Options struct {
	// BatchSize is how many gateway payments are matched per call of
	// Merchant.Find, and how many unmatched merchant records are looked up
	// per round. It bounds the run's memory. Default 500.
	BatchSize int
	// Concurrency is how many Gateway.Lookup calls run at once. Default 4.
	// The clients' retries already wait out 429 answers; keep it modest to
	// stay inside a gateway's rate limit.
	Concurrency int
	// Progress, when set, is called after each batch and once at the end
	// with the running counts. It runs on the iterating goroutine.
	Progress func(Progress)
}

// Progress is the running count of a run.
type Progress struct {
	GatewayPayments int // payments read from the gateway's stream
	MerchantOnly    int // unmatched merchant records looked up
	Discrepancies   int // discrepancies yielded so far
	Done            bool
}

// ErrInvalidRequest matches a *ValidationError. It is the same value as
// bootpay.ErrInvalidRequest, commerce.ErrInvalidRequest and
// portone.ErrInvalidRequest, so one errors.Is check covers a bad parameter
// refused by any paykit package.
var ErrInvalidRequest = transport.ErrInvalidRequest

// ValidationError is a parameter refused before any I/O: fix the call;
// sending it again as it is fails the same way.
type ValidationError struct {
	Field, Reason string
}

// Error names the parameter and why it was refused.
func (e *ValidationError) Error() string {
	return "reconcile: invalid " + e.Field + ": " + e.Reason
}

// Is matches ErrInvalidRequest.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidRequest }

// ErrDuplicateKey is wrapped by the error yielded when the merchant's side
// (Merchant.Find) returns two records for one key: the comparison would be
// ambiguous. The gateway's side may repeat a key (a list page re-read
// after it shifted); Run then compares one copy (see Run) and yields no
// error.
var ErrDuplicateKey = errors.New("reconcile: duplicate key")
