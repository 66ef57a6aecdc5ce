package bootpay

import "unicode/utf8"

// confirmRequest is the body of POST /confirm.
type confirmRequest struct {
	ReceiptID string `json:"receipt_id"`
}

// CancelParams describes a cancel (결제 취소). Set exactly one of Amount
// (a partial cancel, 부분취소) or Full (cancel everything that remains):
// a zero amount never means "everything" by accident.
type CancelParams struct {
	ReceiptID string
	// Full cancels the whole remaining amount.
	Full bool
	// Amount is the amount to cancel, in won, for a partial cancel.
	Amount int64
	// TaxFree is the tax-free part of the cancelled amount (면세 금액).
	TaxFree int64
	// CancelID identifies this cancel. Bootpay refuses a cancel_id it has
	// applied before, which makes retries safe. It is the merchant's
	// unique cancel id (가맹점 취소 고유 ID): unique across all your
	// receipts, not per receipt, so derive it from the refund and the
	// receipt, never reuse one for another receipt. Leave it empty and one
	// is generated and reused on every attempt; set it (from your refund
	// record, say) to make the cancel idempotent across your own retries.
	//
	// For a 부분취소 under your own CancelID, Cancel looks the receipt up
	// once before its first attempt (unless CancelledBefore is set), so
	// that a first attempt applied with its reply lost, and the call's own
	// retry refused as a repeated cancel_id, settles within the call (see
	// ReceiptsService.Cancel).
	//
	// Repeating a cancel under its CancelID after an unknown outcome
	// settles a 부분취소 only with CancelledBefore: without it the repeat's
	// lookup already includes the lost attempt, and a repeat refused as a
	// repeated cancel_id (CodeCancelIDDuplicated) ends unknown again
	// (*OutcomeUnknownError). A full cancel is settled: a receipt with
	// nothing left is a success. Without CancelledBefore, settle a partial
	// one yourself: compare the receipt's cumulative CancelledPrice (and
	// CancelledTaxFree) with the sum of the refunds you have recorded as
	// applied; what is left over is what the unknown cancels took. Never
	// cancel again under a new cancel_id before that comparison says this
	// refund is missing.
	CancelID string
	// CancelledBefore is the receipt's cancelled total (CancelledPrice)
	// you read before the first attempt under this CancelID, persisted
	// with it (in your refund record), for a 부분취소 under your own
	// CancelID. Pass the same value on every call under that CancelID.
	// When Bootpay refuses the cancel_id as already applied
	// (CodeCancelIDDuplicated), the cancel is proven, and the receipt
	// returned, if the receipt's cancelled total has risen by at least
	// Amount since: the refusal says the id was used, the rise that the
	// money moved on this receipt. Set, it replaces the lookup Cancel
	// otherwise makes before its first attempt. Nil leaves that lookup to
	// decide within the call only.
	//
	// The totals alone never decide: a lookup cannot tell two unknown
	// refunds of the same amount of one receipt apart, since either could
	// account for the rise. The signal that this id was used is the
	// duplicate refusal (errors.As reaches the *APIError with Code
	// CodeCancelIDDuplicated inside the *OutcomeUnknownError); a repeat
	// whose id was never applied is simply applied, once, since Bootpay
	// applies a cancel_id at most once. So keep each CancelID to one
	// receipt and one refund, and read the total before the first
	// attempt, never after an unknown outcome. It must not be negative,
	// and needs your own CancelID; a full cancel ignores it.
	CancelledBefore *int64
	// Username is who asked for the cancel (취소 요청자).
	Username string
	// Message is the reason (취소 사유).
	Message string
	// Refund is the account a virtual-account payment is refunded to
	// (requires a CMS contract with the PG).
	Refund *RefundAccount
}

// RefundAccount is where a virtual-account payment is refunded.
type RefundAccount struct {
	BankCode     string        `json:"bank_code"` // e.g. "004" KB국민, "088" 신한
	BankAccount  AccountNumber `json:"bank_account"`
	BankUsername string        `json:"bank_username"` // account holder
}

// String masks the account number.
func (r RefundAccount) String() string {
	return "RefundAccount{" + r.BankCode + " " + r.BankAccount.String() + " " + r.BankUsername + "}"
}

// GoString masks the account number.
func (r RefundAccount) GoString() string { return r.String() }

// cancelRequest is the body of POST /cancel.
type cancelRequest struct {
	ReceiptID     string         `json:"receipt_id"`
	CancelPrice   int64          `json:"cancel_price,omitempty"`
	CancelTaxFree int64          `json:"cancel_tax_free,omitempty"`
	CancelID      string         `json:"cancel_id"`
	Username      string         `json:"cancel_username,omitempty"`
	Message       string         `json:"cancel_message,omitempty"`
	Refund        *RefundAccount `json:"refund,omitempty"`
}

// maxCancelIDLength bounds caller cancel ids; Bootpay's limit is
// UNCONFIRMED, and 64 leaves room for a UUID with a prefix.
const maxCancelIDLength = 64

func (p *CancelParams) validate() error {
	field := func(name, reason string) error {
		return &ValidationError{Gateway: "bootpay", Field: name, Reason: reason}
	}
	if err := checkID("ReceiptID", p.ReceiptID); err != nil {
		return err
	}
	if p.CancelID != "" {
		if err := checkID("CancelID", p.CancelID); err != nil {
			return err
		}
	}
	switch {
	case p.CancelledBefore != nil && p.CancelID == "":
		return field("CancelledBefore", "needs your own CancelID, persisted with it (a generated cancel_id is new on every call)")
	case p.CancelledBefore != nil && *p.CancelledBefore < 0:
		return field("CancelledBefore", "may not be negative")
	case p.Full && p.Amount != 0:
		return field("Amount", "set either Full or Amount, not both")
	case !p.Full && p.Amount <= 0:
		return field("Amount", "must be positive for a partial cancel (or set Full)")
	case p.TaxFree < 0:
		return field("TaxFree", "may not be negative")
	case !p.Full && p.TaxFree > p.Amount:
		return field("TaxFree", "exceeds the cancelled amount")
	case len(p.CancelID) > maxCancelIDLength || !utf8.ValidString(p.CancelID):
		return field("CancelID", "must be valid text of at most 64 bytes")
	case p.Refund != nil && (p.Refund.BankCode == "" || p.Refund.BankAccount == "" || p.Refund.BankUsername == ""):
		return field("Refund", "needs the bank code, account number and account holder")
	}
	return nil
}
