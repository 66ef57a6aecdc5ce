package bootpay

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Expected is what the merchant's own database says a payment must be.
// Never take these values from the browser.
type Expected struct {
	OrderID string // your order id, as sent to Bootpay as order_id
	Amount  int64  // the order's amount in won, from your database
	// Status is the status the receipt must have. It is always checked;
	// its zero value is StatusReady, so an Expected that forgets to set it
	// fails closed.
	Status Status
}

func (e Expected) validate() error {
	switch {
	case e.OrderID == "":
		return &ValidationError{Gateway: "bootpay", Field: "Expected.OrderID", Reason: "is empty"}
	case e.Amount <= 0:
		return &ValidationError{Gateway: "bootpay", Field: "Expected.Amount", Reason: "must be positive"}
	}
	return nil
}

// Mismatch is one field where a receipt differs from what was expected.
type Mismatch struct {
	Field    string // the receipt's JSON field: "order_id", "price", "status"
	Expected string
	Actual   string
}

// MismatchError reports a receipt that does not match the merchant's order:
// a forged amount, another order's receipt, or a payment in the wrong
// state (위변조 의심). Do not fulfil the order.
type MismatchError struct {
	ReceiptID  string
	Mismatches []Mismatch
	// Cancelled is the receipt after ConfirmVerified cancelled a payment
	// whose confirmed amount did not match (with CancelOnMismatch); nil
	// otherwise.
	Cancelled *Receipt
}

// Error names every mismatch.
func (e *MismatchError) Error() string {
	parts := make([]string, len(e.Mismatches))
	for i, m := range e.Mismatches {
		parts[i] = fmt.Sprintf("%s: expected %s, got %s", m.Field, m.Expected, m.Actual)
	}
	msg := fmt.Sprintf("bootpay: receipt %s does not match the order (위변조 의심): %s", e.ReceiptID, strings.Join(parts, "; "))
	if e.Cancelled != nil {
		msg += "; the payment was cancelled in full"
	}
	return msg
}

// Has reports whether field is among the mismatches.
func (e *MismatchError) Has(field string) bool {
	for _, m := range e.Mismatches {
		if m.Field == field {
			return true
		}
	}
	return false
}

// Check compares the receipt with the merchant's expectation and returns a
// *MismatchError naming every field that differs, or nil. Amounts are
// compared as exact integers.
func (r *Receipt) Check(want Expected) error {
	if err := want.validate(); err != nil {
		return err
	}
	var ms []Mismatch
	if r.OrderID != want.OrderID {
		ms = append(ms, Mismatch{Field: "order_id", Expected: want.OrderID, Actual: r.OrderID})
	}
	if r.Price.Int64() != want.Amount {
		ms = append(ms, Mismatch{Field: "price", Expected: strconv.FormatInt(want.Amount, 10), Actual: strconv.FormatInt(r.Price.Int64(), 10)})
	}
	if r.Status != want.Status {
		ms = append(ms, Mismatch{Field: "status", Expected: want.Status.String(), Actual: r.Status.String()})
	}
	if len(ms) == 0 {
		return nil
	}
	return &MismatchError{ReceiptID: r.ReceiptID, Mismatches: ms}
}

// ConfirmParams is the input of ConfirmVerified.
type ConfirmParams struct {
	ReceiptID string // from the browser's confirm event
	OrderID   string // your order id
	Amount    int64  // the order's amount in won, from your database
	// CancelOnMismatch cancels the payment in full when the confirmed
	// receipt does not match the order (금액 위변조 의심). The amount is
	// checked before confirming too, so this guards against a receipt that
	// changed in between.
	CancelOnMismatch bool
}

// ConfirmResult is the outcome of a ConfirmVerified call that succeeded:
// the payment is confirmed (status 1, 결제완료) for the caller's order id
// and amount.
type ConfirmResult struct {
	// Receipt is the confirmed receipt, status 1 with your order id and
	// amount.
	Receipt *Receipt
	// AlreadyConfirmed reports that the receipt was already confirmed when
	// ConfirmVerified looked it up, so this call sent no confirm: the
	// browser retried, another request or a webhook handler won the race,
	// or an earlier call ended with an unknown outcome that was in fact
	// applied. Treat it like a fresh confirm: mark the order paid (once).
	AlreadyConfirmed bool
}

// PendingConfirmError reports a confirm whose outcome was unknown and
// whose receipt still showed status 2 (승인대기) when looked up afterwards.
// The confirm may still complete at Bootpay: keep the order pending and
// look again with ReconcileConfirm (or wait for the webhook). It matches
// ErrOutcomeUnknown.
type PendingConfirmError struct {
	Receipt *Receipt // the receipt as looked up after the unknown outcome
	Err     error    // the *OutcomeUnknownError of the confirm
}

// Error says the confirm may still complete.
func (e *PendingConfirmError) Error() string {
	return "bootpay: confirm outcome unknown and receipt " + e.Receipt.ReceiptID + " still awaits confirm: " + e.Err.Error()
}

// Unwrap returns the confirm's error.
func (e *PendingConfirmError) Unwrap() error { return e.Err }

// ConfirmVerified is the server side of a separately confirmed payment
// (분리 승인, extra.separately_confirmed: true). It
//
//  1. looks the receipt up and requires status 2 (승인대기) with your
//     order id and amount, else returns a *MismatchError and confirms
//     nothing;
//  2. confirms it (POST /confirm);
//  3. requires status 1 (결제완료) with the same order id and amount; on a
//     mismatch it returns a *MismatchError, after cancelling in full if
//     CancelOnMismatch is set.
//
// If the confirm's outcome is unknown it reconciles by looking the receipt
// up (ReconcileConfirm): a receipt in status 1 is a success; one still in
// status 2 gives a *PendingConfirmError. Either way no second confirm is
// sent.
//
// Call it inside your database transaction, with the order row locked, and
// commit only when it succeeds (see the package example).
func (s *ReceiptsService) ConfirmVerified(ctx context.Context, p ConfirmParams, opts ...RequestOption) (*ConfirmResult, error) {
	if err := checkID("ReceiptID", p.ReceiptID); err != nil {
		return nil, err
	}
	if err := (Expected{OrderID: p.OrderID, Amount: p.Amount}).validate(); err != nil {
		return nil, err
	}
	before, err := s.Get(ctx, p.ReceiptID, opts...)
	if err != nil {
		return nil, err
	}
	if before.Status == StatusPaid && before.Check(Expected{OrderID: p.OrderID, Amount: p.Amount, Status: StatusPaid}) == nil {
		return &ConfirmResult{Receipt: before, AlreadyConfirmed: true}, nil
	}
	if err := before.Check(Expected{OrderID: p.OrderID, Amount: p.Amount, Status: StatusAwaitingConfirm}); err != nil {
		return nil, err
	}
	confirmed, err := s.Confirm(ctx, p.ReceiptID, opts...)
	if errors.Is(err, ErrOutcomeUnknown) {
		confirmed, err = s.reconcile(ctx, p, err, opts)
	} else if err == nil {
		confirmed, err = s.checkConfirmed(ctx, confirmed, p, opts)
	}
	if err != nil {
		return nil, err
	}
	return &ConfirmResult{Receipt: confirmed}, nil
}

// ReconcileConfirm settles a confirm whose outcome was unknown by looking
// the receipt up: status 1 with the expected order id and amount is a
// success; status 2 gives a *PendingConfirmError (it may still complete);
// anything else a *MismatchError.
func (s *ReceiptsService) ReconcileConfirm(ctx context.Context, p ConfirmParams, opts ...RequestOption) (*Receipt, error) {
	return s.reconcile(ctx, p, nil, opts)
}

func (s *ReceiptsService) reconcile(ctx context.Context, p ConfirmParams, cause error, opts []RequestOption) (*Receipt, error) {
	r, err := s.Get(ctx, p.ReceiptID, opts...)
	if err != nil {
		if cause != nil {
			return nil, fmt.Errorf("%w (lookup to reconcile failed: %w)", cause, err)
		}
		return nil, err
	}
	if r.Status == StatusAwaitingConfirm {
		if cause == nil {
			cause = &OutcomeUnknownError{Gateway: "bootpay", Op: "receipts.confirm", Reference: p.ReceiptID,
				Err: errors.New("the receipt still awaits confirm")}
		}
		return nil, &PendingConfirmError{Receipt: r, Err: cause}
	}
	return s.checkConfirmed(ctx, r, p, opts)
}

func (s *ReceiptsService) checkConfirmed(ctx context.Context, r *Receipt, p ConfirmParams, opts []RequestOption) (*Receipt, error) {
	err := r.Check(Expected{OrderID: p.OrderID, Amount: p.Amount, Status: StatusPaid})
	var mismatch *MismatchError
	if !errors.As(err, &mismatch) {
		return r, err
	}
	if p.CancelOnMismatch && r.Status == StatusPaid {
		cancelled, cerr := s.Cancel(ctx, CancelParams{
			ReceiptID: r.ReceiptID, Full: true, Message: "금액 위변조 의심 (amount does not match the order)",
		}, opts...)
		if cerr != nil {
			return nil, fmt.Errorf("%w; cancelling it failed: %w", mismatch, cerr)
		}
		mismatch.Cancelled = cancelled
	}
	return nil, mismatch
}
