package bootpay

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/paykit-kr/paykit/internal/transport"
)

// VerifyParams is what the merchant's own database says a payment must be:
// the input of Verify. Only the receipt id comes from the browser; take
// every other value from your database, never from the request.
type VerifyParams struct {
	// ReceiptID is the receipt you ask about (from the browser's event).
	// ReceiptsService.Verify requires it; Receipt.Verify compares it when
	// set, and a receipt with another receipt_id is a mismatch.
	ReceiptID string
	OrderID   string // your order id, as sent to Bootpay as order_id
	Amount    int64  // the order's amount in won, from your database
	// Status is the status the receipt must have, normally StatusPaid
	// (StatusAwaitingConfirm before a separate confirm). It is required
	// and always checked. Its zero value, StatusReady (결제대기: requested,
	// never approved, no money taken), is refused with a *ValidationError
	// before any request: a VerifyParams that forgets Status would
	// otherwise pass an abandoned, unpaid receipt of the right order and
	// amount. StatusPaid also requires nothing cancelled (cancelled_price
	// 0): Bootpay documents status 20 for every cancel, partial ones too,
	// so a receipt in status 1 with money cancelled is not what it
	// documents (UNCONFIRMED), and it is refused as a "cancelled_price"
	// mismatch rather than passed as paid for an amount it no longer holds.
	Status Status
	// Currency is the currency the receipt must be in; empty means "KRW",
	// so it is always compared: an amount means nothing in another
	// currency, and a VerifyParams that forgets it must not pass 50,000
	// of another currency as 50,000 won. A receipt without a currency is
	// read as KRW, Bootpay's default: its own SDKs type the member as
	// optional, and refusing such a receipt would refuse every payment of
	// a KRW shop if Bootpay leaves it out (UNCONFIRMED). Any currency the
	// receipt does name must match, compared without surrounding spaces
	// and regardless of case ("krw" is KRW): the case Bootpay writes it in
	// is not documented.
	Currency string
	// AllowSandbox accepts a test-mode receipt (sandbox: true). Leave it
	// false in production: a test-mode payment moved no money, so it must
	// never pass a production check, whatever its amount and status. Set
	// it only where you verify payments made with Bootpay's test mode.
	AllowSandbox bool
}

func (p VerifyParams) validate() error {
	switch {
	case p.OrderID == "":
		return &ValidationError{Gateway: "bootpay", Field: "OrderID", Reason: "is empty"}
	case p.Amount <= 0:
		return &ValidationError{Gateway: "bootpay", Field: "Amount", Reason: "must be positive"}
	case p.Status == StatusReady:
		// The zero value: most likely forgotten, and a receipt in status 0
		// moved no money, so there is nothing a payment check could pass.
		return &ValidationError{Gateway: "bootpay", Field: "Status",
			Reason: "set the status you expect, normally StatusPaid (the zero value StatusReady, 결제대기, is never a payment)"}
	}
	return nil
}

// Mismatch is one field where a receipt differs from what was expected.
type Mismatch struct {
	Field    string // the JSON field: "receipt_id", "order_id", "price", "status", "cancelled_price", "currency", "sandbox"; for a certificate "authenticate_id", "authenticated_at", "authenticate_data"
	Expected string
	Actual   string
}

// MismatchError reports a receipt that does not match the merchant's order:
// a forged amount, another order's receipt, a reply about another
// receipt, or a payment in the wrong state (위변조 의심). Do not fulfil the
// order.
type MismatchError struct {
	ReceiptID  string // the receipt you asked about
	Mismatches []Mismatch
	// Receipt is the receipt that did not match, as Bootpay returned it.
	Receipt *Receipt
	// AfterConfirm is set by ConfirmVerified and ReconcileConfirm when the
	// mismatch was found after a confirm was sent (the payment may be
	// confirmed: see Receipt.Status, Cancelled and CancelErr), on the
	// *MismatchError inside a *ChargeMismatchError (BillingService.Charge
	// was answered with a receipt that shows money taken, not as asked),
	// and by ReconcileCharge whenever the order's charged receipt does not
	// match (another amount, money cancelled from a paid one, several
	// charged receipts, a test-mode receipt): money may be taken, see
	// Receipt.Status. When it is false, this call
	// confirmed, charged and cancelled nothing, yet the receipt may hold
	// money taken another way (status 1: see ConfirmVerified).
	AfterConfirm bool
	// Cancelled is the receipt after ConfirmVerified cancelled a payment
	// whose confirmed amount did not match (with CancelOnMismatch); nil
	// otherwise.
	Cancelled *Receipt
	// CancelErr is the error of that cancel when it failed. If it matches
	// ErrOutcomeUnknown the cancel may have been applied: look the receipt
	// up before cancelling again. Otherwise nothing was cancelled and the
	// confirmed payment still needs a refund.
	CancelErr error
}

// Error names every mismatch, and what became of the payment.
func (e *MismatchError) Error() string {
	msg := fmt.Sprintf("bootpay: receipt %s does not match the order (위변조 의심): %s", e.ReceiptID, transport.JoinMismatches(e.Mismatches, nil))
	switch {
	case e.Cancelled != nil:
		msg += "; the payment was cancelled in full"
	case e.CancelErr != nil:
		msg += "; cancelling the payment failed: " + e.CancelErr.Error()
	}
	return msg
}

// Has reports whether field is among the mismatches.
func (e *MismatchError) Has(field string) bool { return transport.HasMismatch(e.Mismatches, field) }

// Verify looks a receipt up (GET /receipt/{receipt_id}, as Get) and
// compares it with your order (결제 검증): it returns the receipt when its
// receipt id, order id, amount (an exact integer), status (for StatusPaid,
// with nothing cancelled) and currency (KRW when p.Currency is empty) all
// match and it is not a test-mode receipt (see AllowSandbox),
// and otherwise a *MismatchError naming every field that differs (위변조
// 의심: do not fulfil). p.Status is required: left at StatusReady it is a
// *ValidationError and nothing is sent. Lookup errors are returned as they
// are (a missing receipt matches ErrNotFound; a reply about another
// receipt is a *DecodeError, never a *MismatchError: look again). Use
// ConfirmVerified instead for a separately confirmed payment: it verifies
// before and after confirming.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/receipt
func (s *ReceiptsService) Verify(ctx context.Context, p VerifyParams, opts ...RequestOption) (*Receipt, error) {
	if err := checkID("ReceiptID", p.ReceiptID); err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	r, err := s.Get(ctx, p.ReceiptID, opts...)
	if err != nil {
		return nil, err
	}
	if err := r.Verify(p); err != nil {
		return nil, err
	}
	return r, nil
}

// Verify compares a receipt you already have (from Get, say) with your
// order, as ReceiptsService.Verify does after its lookup: it returns a
// *MismatchError naming every field that differs, or nil. It compares the
// receipt id (when p.ReceiptID is set), order id, amount, status (for
// StatusPaid, with cancelled_price 0) and currency (p.Currency, or KRW
// when it is empty; a receipt naming none is KRW), and refuses a test-mode
// receipt (sandbox: true) unless p.AllowSandbox is set. Amounts are
// compared as exact integers. Params it cannot check with (no OrderID, a non-positive Amount, Status
// left at StatusReady) are a *ValidationError.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/receipt
func (r *Receipt) Verify(p VerifyParams) error {
	if err := p.validate(); err != nil {
		return err
	}
	var ms []Mismatch
	if p.ReceiptID != "" && r.ReceiptID != p.ReceiptID {
		ms = append(ms, Mismatch{Field: "receipt_id", Expected: p.ReceiptID, Actual: r.ReceiptID})
	}
	if r.OrderID != p.OrderID {
		ms = append(ms, Mismatch{Field: "order_id", Expected: p.OrderID, Actual: r.OrderID})
	}
	if r.Price.Int64() != p.Amount {
		ms = append(ms, Mismatch{Field: "price", Expected: strconv.FormatInt(p.Amount, 10), Actual: strconv.FormatInt(r.Price.Int64(), 10)})
	}
	if r.Status != p.Status {
		ms = append(ms, Mismatch{Field: "status", Expected: p.Status.String(), Actual: r.Status.String()})
	}
	if p.Status == StatusPaid && r.Status == StatusPaid && r.CancelledPrice.Int64() != 0 {
		// Bootpay documents status 20 for every cancel, partial ones too, so
		// a paid receipt with money cancelled is not what it documents:
		// refused, it can never pass a refunded payment as paid. (Another
		// status is refused as "status" already.)
		ms = append(ms, Mismatch{Field: "cancelled_price", Expected: "0", Actual: strconv.FormatInt(r.CancelledPrice.Int64(), 10)})
	}
	if got, want := currencyOf(r.Currency), currencyOf(p.Currency); !strings.EqualFold(got, want) {
		ms = append(ms, Mismatch{Field: "currency", Expected: want, Actual: got})
	}
	if r.Sandbox && !p.AllowSandbox {
		ms = append(ms, Mismatch{Field: "sandbox", Expected: "false (a production payment)", Actual: "true (a test-mode payment)"})
	}
	if len(ms) == 0 {
		return nil
	}
	id := p.ReceiptID
	if id == "" {
		id = r.ReceiptID
	}
	return &MismatchError{ReceiptID: id, Mismatches: ms, Receipt: r}
}

// defaultCurrency is the currency of a receipt that names none, and the
// one a VerifyParams that names none expects.
const defaultCurrency = "KRW"

// currencyOf is a currency as compared: without surrounding spaces, and
// KRW when none is named. Callers compare it regardless of case, since
// the case Bootpay writes currencies in is not documented, so "krw" is
// KRW.
func currencyOf(c string) string { return cmp.Or(strings.TrimSpace(c), defaultCurrency) }

// ConfirmParams is the input of ConfirmVerified.
type ConfirmParams struct {
	ReceiptID string // from the browser's confirm event
	OrderID   string // your order id
	Amount    int64  // the order's amount in won, from your database
	// Currency is the currency the receipt must be in, compared before and
	// after the confirm as VerifyParams.Currency: empty means "KRW".
	Currency string
	// CancelOnMismatch cancels the payment in full when the confirmed
	// receipt does not match the order (금액 위변조 의심). The amount is
	// checked before confirming too, so this guards against a receipt that
	// changed in between. Only a receipt of this order is ever cancelled:
	// ReceiptID, whatever receipt a reply names, and only while it carries
	// OrderID. A paid receipt of another order is reported (an "order_id"
	// mismatch) and never cancelled: the receipt id comes from the browser,
	// and that money may be another customer's. ConfirmVerified proves the
	// receipt this order's before it confirms, so there a confirm answer or
	// later lookup naming another order is a bad reply, not another
	// order's receipt: an *OutcomeUnknownError, cancelling nothing (settle
	// it with ReconcileConfirm).
	CancelOnMismatch bool
	// AllowSandbox accepts a test-mode receipt (sandbox: true), as
	// VerifyParams.AllowSandbox. Leave it false in production: a test-mode
	// receipt is then refused before any confirm is sent.
	AllowSandbox bool
}

func (p ConfirmParams) validate() error {
	if err := checkID("ReceiptID", p.ReceiptID); err != nil {
		return err
	}
	return p.expect(StatusPaid).validate()
}

// expect is what the receipt must be, in the given status.
func (p ConfirmParams) expect(status Status) VerifyParams {
	return VerifyParams{ReceiptID: p.ReceiptID, OrderID: p.OrderID, Amount: p.Amount, Currency: p.Currency, Status: status, AllowSandbox: p.AllowSandbox}
}

// ConfirmResult is the outcome of a ConfirmVerified call that succeeded:
// the payment is confirmed (status 1, 결제완료) for the caller's order id
// and amount.
type ConfirmResult struct {
	// Receipt is the confirmed receipt, status 1 with your order id and
	// amount.
	Receipt *Receipt
	// AlreadyConfirmed reports that the receipt was confirmed, but not by
	// this call's confirm: it was already confirmed when ConfirmVerified
	// looked it up (so no confirm was sent), or Bootpay refused this
	// call's confirm as not ready (CodeNotConfirmReady) because another
	// request had confirmed it meanwhile. The browser retried, another
	// request or a webhook handler won the race, or an earlier call ended
	// with an unknown outcome that was in fact applied. Treat it like a
	// fresh confirm: mark the order paid (once).
	AlreadyConfirmed bool
}

// PendingConfirmError reports a confirm whose outcome is unknown, with
// the receipt that shows it not confirmed yet: from ConfirmVerified and
// ReconcileConfirm, a receipt that still showed status 2 (승인대기) or 3
// (결제승인중) after the confirm; from Confirm, the receipt a 2xx answer to
// the confirm carried in any status but 1 (see Confirm). The confirm may
// still complete at Bootpay: keep the order pending and look again with
// ReconcileConfirm (or wait for the webhook). It matches
// ErrOutcomeUnknown.
//
// A receipt that stays in status 2 (승인대기) keeps saying "unknown": a
// lookup cannot tell a confirm still under way from one that will never
// land. Keep looking it up later with ReconcileConfirm, which never
// confirms, and never confirm it again blindly (Bootpay does not
// deduplicate confirms). If you abandon the order, take the cancel path
// rather than simply releasing it: cancel the receipt in full
// (ReceiptsService.Cancel, Full, a CancelID derived from the order and
// the receipt id, so a retry cancels once), keep calling ReconcileConfirm
// and refund in full under that CancelID the moment it shows status 1 for
// your order, and release the order only once a lookup shows the receipt
// cancelled or failed. Whether Bootpay cancels a receipt still in status
// 2, and how a receipt left awaiting confirm ends, is UNCONFIRMED: a
// refused cancel leaves the receipt as it was, so the lookups decide.
type PendingConfirmError struct {
	Receipt *Receipt // the receipt as looked up after the unknown outcome, or as the confirm's answer carried it
	Err     error    // the *OutcomeUnknownError of the confirm
}

// Error says the confirm may still complete.
func (e *PendingConfirmError) Error() string {
	state := " still awaits confirm: "
	if s := e.Receipt.Status; s != StatusAwaitingConfirm && s != StatusConfirming {
		state = " is in status " + s.String() + ": "
	}
	return "bootpay: confirm outcome unknown and receipt " + e.Receipt.ReceiptID + state + e.Err.Error()
}

// Unwrap returns the confirm's error.
func (e *PendingConfirmError) Unwrap() error { return e.Err }

// ConfirmVerified is the server side of a separately confirmed payment
// (분리 승인, extra.separately_confirmed: true). It
//
//  1. looks the receipt up. One already confirmed (status 1) with your
//     order id and amount is a success with AlreadyConfirmed set, and no
//     confirm is sent. One in status 3 (결제승인중) with your order id and
//     amount is being confirmed by another request: a *PendingConfirmError,
//     and no confirm is sent. Otherwise it requires status 2 (승인대기) with
//     your order id and amount, else it returns a *MismatchError and
//     confirms nothing;
//  2. confirms it (POST /confirm), once: a confirm is never sent twice;
//  3. requires status 1 (결제완료) with the same receipt id, order id and
//     amount; on a mismatch it returns a *MismatchError, after cancelling
//     in full if CancelOnMismatch is set. Only a receipt of this order is
//     ever cancelled: the receipt you named, whatever receipt a reply
//     describes, and only while it carries your order id. Step 1 proved
//     the receipt yours, and a receipt does not change order, so an
//     answer or lookup after the confirm naming another order id is a bad
//     reply (a misrouting proxy, a wrongly keyed cache): an
//     *OutcomeUnknownError, never "another order's receipt", since this
//     call's confirm may have captured your buyer's money.
//
// If the confirm's outcome is unknown (the connection broke after it was
// sent, a 5xx, a timeout, a 2xx whose body is empty, {}, null or describes
// another receipt), it looks the receipt up instead of confirming again,
// as ReconcileConfirm does.
//
// The outcomes are a closed list. Test them in this order: the unknown
// outcomes come first because errors.As reaches the failures inside them.
//
//   - nil error: the payment is confirmed (status 1) for your order id and
//     amount. Mark the order paid, once. AlreadyConfirmed reports that it
//     was confirmed before, or by another request, not by this call.
//   - errors.Is(err, ErrOutcomeUnknown): a confirm (this call's, or
//     another request's the receipt shows in progress) may have been
//     applied. Keep the order pending with its stock held, never confirm
//     again, and call ReconcileConfirm later (or wait for the webhook). It
//     is a *PendingConfirmError when the receipt was looked up and still
//     awaits confirm (status 2 or 3), and an *OutcomeUnknownError when that
//     lookup failed too, or when the confirm's answer or that lookup named
//     another order id for your receipt (a bad reply, see step 3): the
//     money may be captured for your order, so ReconcileConfirm settles
//     it, never "another order's receipt".
//   - *ValidationError: the parameters were refused; nothing was sent.
//   - *MismatchError with AfterConfirm false: before confirming, the
//     receipt did not match your order id or amount or was not in status
//     2. Nothing was confirmed or cancelled by this call, even with
//     CancelOnMismatch (it cancels only what this call confirmed). Do not
//     fulfil, and look at Receipt before releasing the order: status 1
//     with your order id means the buyer's money is already captured at
//     another price (someone confirmed it, e.g. the browser's
//     Bootpay.confirm() after a forged amount). Refund it in full with
//     Cancel (Full, and a CancelID derived from your order and the receipt
//     id, so that a retry refunds once and a second receipt of the order
//     captured the same way is refunded too: Bootpay keeps cancel_id
//     unique per merchant, not per receipt) and release the order only
//     once refunded. examples/checkout derives it so. Status 3
//     (결제승인중) with your order id: a confirm at another price is under
//     way; keep the order held and look again. Any other status, or
//     another order's receipt (not yours to refund): release the order.
//   - *MismatchError with AfterConfirm true: the receipt did not match
//     after the confirm. Do not fulfil. Cancelled is set when
//     CancelOnMismatch cancelled the payment in full. CancelErr is set when
//     that cancel failed: if it matches ErrOutcomeUnknown the cancel may
//     have been applied (look the receipt up); otherwise the payment is
//     not cancelled and must be refunded. With neither, CancelOnMismatch
//     was off, or the receipt was not paid (see Receipt.Status). (It never
//     names another order id here: that is an unknown outcome, above.
//     ReconcileConfirm, which has no such proof, reports it as an
//     "order_id" mismatch.)
//   - any other error: nothing was confirmed by this call, and calling
//     again is safe. Either the first lookup failed (*APIError such as
//     ErrNotFound or ErrUnauthorized, *NetworkError, *RateLimitError,
//     *DecodeError), or the confirm was refused before it could have been
//     applied (*APIError such as CodeNotConfirmReady, *RateLimitError, a
//     *NetworkError for a request that never left the client).
//
// Record the order as confirming (stock held) in a committed transaction
// before calling it, and call it on a context detached from the buyer's
// request, so that an unknown outcome or a failed final update leaves an
// order a reconciler can settle (see the package documentation).
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/confirm
func (s *ReceiptsService) ConfirmVerified(ctx context.Context, p ConfirmParams, opts ...RequestOption) (*ConfirmResult, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	before, err := s.Get(ctx, p.ReceiptID, opts...)
	if err != nil {
		return nil, err
	}
	if before.Verify(p.expect(StatusPaid)) == nil {
		return &ConfirmResult{Receipt: before, AlreadyConfirmed: true}, nil
	}
	if before.Verify(p.expect(StatusConfirming)) == nil {
		return nil, confirmInProgress(p, before)
	}
	if err := before.Verify(p.expect(StatusAwaitingConfirm)); err != nil {
		return nil, err
	}
	confirmed, _, err := s.confirm(ctx, p.ReceiptID, opts)
	switch {
	case errors.Is(err, ErrOutcomeUnknown):
		confirmed, err = s.reconcile(ctx, p, err, true, opts)
	case err != nil:
		return s.confirmRefused(ctx, p, err, opts)
	default:
		confirmed, err = s.settle(ctx, p, confirmed, nil, true, opts)
	}
	if err != nil {
		return nil, err
	}
	return &ConfirmResult{Receipt: confirmed}, nil
}

// confirmRefused handles a confirm that was refused before it could have
// been applied. A refusal as not ready (CodeNotConfirmReady) after the
// receipt was seen in status 2 means another request changed it meanwhile:
// if a lookup shows it confirmed for this order and amount, that is a
// success.
func (s *ReceiptsService) confirmRefused(ctx context.Context, p ConfirmParams, refusal error, opts []RequestOption) (*ConfirmResult, error) {
	var apiErr *APIError
	if !errors.As(refusal, &apiErr) || apiErr.Code != CodeNotConfirmReady {
		return nil, refusal
	}
	r, err := s.Get(ctx, p.ReceiptID, opts...)
	switch {
	case err != nil:
		return nil, refusal // this confirm applied nothing; the lookup says no more
	case r.Verify(p.expect(StatusPaid)) == nil:
		return &ConfirmResult{Receipt: r, AlreadyConfirmed: true}, nil
	case r.Verify(p.expect(StatusConfirming)) == nil:
		return nil, confirmInProgress(p, r)
	}
	return nil, refusal
}

// confirmInProgress is the *PendingConfirmError for a receipt in status 3
// (결제승인중) for the caller's order and amount: another request's confirm
// is being approved by the PG, so the money may be captured although this
// call sent no confirm (or had its confirm refused). Releasing the order
// now could leave a captured payment without one.
func confirmInProgress(p ConfirmParams, r *Receipt) *PendingConfirmError {
	return &PendingConfirmError{Receipt: r, Err: &OutcomeUnknownError{
		Gateway: "bootpay", Op: receiptEndpoints.confirm.Op, Reference: p.ReceiptID,
		Err: errors.New("a confirm of this receipt is in progress (status 3, 결제승인중)"),
	}}
}

// ReconcileConfirm settles a confirm whose outcome was unknown by looking
// the receipt up: status 1 with the expected order id and amount is a
// success; status 2 or 3 gives a *PendingConfirmError (it may still
// complete); anything else a *MismatchError with AfterConfirm set (and the
// payment cancelled in full if CancelOnMismatch is set and it was paid).
// Only a receipt of this order is ever cancelled: a paid receipt naming
// another order id (the receipt id came from the browser, and may be
// another customer's payment) is an "order_id" mismatch and is left as it
// is, CancelOnMismatch or not. (ReconcileConfirm has no lookup before a
// confirm to prove the receipt this order's, as ConfirmVerified has, so
// it keeps this rule even after a ConfirmVerified whose answer named
// another order: look again later if that answer was a bad reply.)
// If the lookup itself fails, its error is returned (an answer about
// another receipt is Get's *DecodeError, never a *MismatchError): the
// outcome is still unknown, so call it again later. It never sends a
// confirm.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/receipt
func (s *ReceiptsService) ReconcileConfirm(ctx context.Context, p ConfirmParams, opts ...RequestOption) (*Receipt, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return s.reconcile(ctx, p, nil, false, opts)
}

// reconcile looks the receipt up after a confirm and settles it. owned
// reports that this call's lookup before the confirm showed the receipt
// to be p.OrderID's (ConfirmVerified), see settle.
func (s *ReceiptsService) reconcile(ctx context.Context, p ConfirmParams, cause error, owned bool, opts []RequestOption) (*Receipt, error) {
	r, err := s.Get(ctx, p.ReceiptID, opts...)
	if err != nil {
		if cause != nil {
			return nil, reconcileFailed(p, cause, err)
		}
		return nil, err
	}
	return s.settle(ctx, p, r, cause, owned, opts)
}

// settle reads the receipt after a confirm: still awaiting it (status 2,
// or 3 while the PG approves) is pending, since the confirm may still
// complete; anything else must be status 1 for the order. When owned (the
// lookup before this call's confirm showed the receipt to be p.OrderID's),
// a receipt naming another order is a bad reply (anotherOrderAfterConfirm),
// never another order's receipt.
func (s *ReceiptsService) settle(ctx context.Context, p ConfirmParams, r *Receipt, cause error, owned bool, opts []RequestOption) (*Receipt, error) {
	if owned && r.OrderID != p.OrderID {
		return nil, anotherOrderAfterConfirm(p, r, cause)
	}
	if r.Status == StatusAwaitingConfirm || r.Status == StatusConfirming {
		if cause == nil {
			cause = &OutcomeUnknownError{Gateway: "bootpay", Op: receiptEndpoints.confirm.Op, Reference: p.ReceiptID,
				Err: fmt.Errorf("the receipt is still in status %v", r.Status)}
		}
		return nil, &PendingConfirmError{Receipt: r, Err: cause}
	}
	return s.checkConfirmed(ctx, r, p, opts)
}

// anotherOrderAfterConfirm is the *OutcomeUnknownError of a
// ConfirmVerified whose lookup before the confirm showed the receipt to be
// p.OrderID's, and whose confirm answer, or lookup after an unknown
// confirm, names another order for the same receipt id. A receipt does
// not change order, so that answer is a bad one (a misrouting proxy, a
// wrongly keyed cache), not a verdict: this call's confirm may have
// captured this order's money, which must never read as "another order's
// receipt, not yours to refund". The cause, when the confirm's outcome was
// already unknown, is kept.
func anotherOrderAfterConfirm(p ConfirmParams, r *Receipt, cause error) *OutcomeUnknownError {
	return confirmUnknown(p, cause, fmt.Errorf("after the confirm, receipt %s names order %q, but before it the receipt was order %q's, "+
		"and a receipt does not change order: a bad reply; settle it with ReconcileConfirm", p.ReceiptID, r.OrderID, p.OrderID))
}

// reconcileFailed is the *OutcomeUnknownError of a confirm whose outcome
// was unknown and whose reconciling lookup failed too: the confirm's own
// error, with the lookup's failure added.
func reconcileFailed(p ConfirmParams, cause, lookupErr error) *OutcomeUnknownError {
	return confirmUnknown(p, cause, fmt.Errorf("looking the receipt up to reconcile failed: %w", lookupErr))
}

// confirmUnknown is the *OutcomeUnknownError of p's confirm that stays
// unknown for why: a copy of the confirm's own unknown outcome (cause,
// when it is one, keeping its attempts) with why added, else a new one
// around cause and why.
func confirmUnknown(p ConfirmParams, cause, why error) *OutcomeUnknownError {
	u := &OutcomeUnknownError{Gateway: "bootpay", Op: receiptEndpoints.confirm.Op, Reference: p.ReceiptID, Err: cause}
	var prev *OutcomeUnknownError
	if errors.As(cause, &prev) {
		c := *prev
		u = &c
	}
	if u.Err == nil {
		u.Err = why
	} else {
		u.Err = fmt.Errorf("%w; %w", u.Err, why)
	}
	return u
}

// checkConfirmed requires the receipt after a confirm to be status 1 for
// the order. On a mismatch it cancels the caller's own receipt, never the
// one a reply named, and only while the receipt names this order: a
// receipt id reaches ReconcileConfirm from the browser, so a paid receipt
// of another order may be another customer's payment, not this order's
// to refund. It records how the cancel went on the *MismatchError.
func (s *ReceiptsService) checkConfirmed(ctx context.Context, r *Receipt, p ConfirmParams, opts []RequestOption) (*Receipt, error) {
	err := r.Verify(p.expect(StatusPaid))
	if err == nil {
		return r, nil
	}
	var mismatch *MismatchError
	if !errors.As(err, &mismatch) {
		return nil, err
	}
	mismatch.AfterConfirm = true
	if p.CancelOnMismatch && r.Status == StatusPaid && r.ReceiptID == p.ReceiptID && r.OrderID == p.OrderID {
		cancelled, cerr := s.Cancel(ctx, CancelParams{
			ReceiptID: p.ReceiptID, Full: true, Message: "금액 위변조 의심 (amount does not match the order)",
		}, opts...)
		if cerr != nil {
			mismatch.CancelErr = cerr
		} else {
			mismatch.Cancelled = cancelled
		}
	}
	return nil, mismatch
}
